/** A small history-API router: path patterns → page functions, with clean-up between pages. */

import { emptyRoot } from './page-root';

export interface PageContext {
  /** The element the page renders into (the <main> landmark). */
  root: HTMLElement;
  params: Record<string, string>;
  url: URL;
  /** Aborted when the visitor leaves the page: stop fetching, stop rendering. */
  signal: AbortSignal;
}

export interface Page {
  /** Called when the visitor leaves: close sockets, clear timers. */
  dispose?(): void;
  /** Called when the interface language changes; without it the page is mounted again. */
  refresh?(): void;
}

export type PageFn = (ctx: PageContext) => Page | void | Promise<Page | void>;

interface Route {
  pattern: RegExp;
  names: string[];
  page: PageFn;
}

export class Router {
  private readonly routes: Route[] = [];
  private current: { page: Page | void; controller: AbortController } | null = null;
  private generation = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly fallback: PageFn,
    private readonly afterRender: (initial: boolean) => void = () => undefined,
  ) {}

  /** `/meetings/:code/schedule` style patterns. */
  add(path: string, page: PageFn): this {
    const names: string[] = [];
    const source = path.replace(/\/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return '/([^/]+)';
    });
    this.routes.push({ pattern: new RegExp(`^${source}/?$`), names, page });
    return this;
  }

  start(): void {
    window.addEventListener('popstate', () => void this.render(false));
    document.addEventListener('click', (e) => this.interceptLink(e));
    void this.render(true);
  }

  navigate(to: string, options: { replace?: boolean } = {}): void {
    const url = new URL(to, window.location.href);
    if (options.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    void this.render(false);
  }

  /** Mounts the page for the current URL again (e.g. after signing in or out). */
  reload(): void {
    void this.render(false, false);
  }

  /** Lets the current page refresh itself in place, or mounts it again. */
  refresh(): void {
    const page = this.current?.page;
    if (page && page.refresh) page.refresh();
    else this.reload();
  }

  private async render(initial: boolean, moveFocus = !initial): Promise<void> {
    const generation = ++this.generation;
    if (this.current) {
      this.current.controller.abort();
      this.current.page?.dispose?.();
      this.current = null;
    }
    const url = new URL(window.location.href);
    let page: PageFn = this.fallback;
    let params: Record<string, string> = {};
    for (const route of this.routes) {
      const m = route.pattern.exec(url.pathname);
      if (!m) continue;
      page = route.page;
      try {
        params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
      } catch {
        page = this.fallback; // malformed %-escape
      }
      break;
    }
    const controller = new AbortController();
    emptyRoot(this.root);
    this.root.setAttribute('aria-busy', 'true');
    try {
      const result = await page({ root: this.root, params, url, signal: controller.signal });
      if (generation !== this.generation) {
        result?.dispose?.();
        return;
      }
      this.current = { page: result, controller };
    } catch (e) {
      if ((e as Error).name !== 'AbortError') throw e;
      return;
    } finally {
      if (generation === this.generation) this.root.removeAttribute('aria-busy');
    }
    this.afterRender(initial);
    if (moveFocus) {
      // Tell screen readers a new page is here, as a full page load would.
      const heading = this.root.querySelector<HTMLElement>('h1');
      if (heading) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      }
      window.scrollTo(0, 0);
    }
  }

  private interceptLink(e: MouseEvent): void {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || !a.href || a.target || a.hasAttribute('download') || a.dataset.external !== undefined) return;
    const url = new URL(a.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    if (!this.routes.some((r) => r.pattern.test(url.pathname))) return;
    e.preventDefault();
    if (url.href !== window.location.href) this.navigate(url.href);
  }
}
