import axe from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';

/** The WCAG 2.1 A and AA rules: what the portal promises. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FAILING = new Set(['serious', 'critical']);

export interface AxeOptions {
  /** Names the page in the failure message, e.g. "schedule (ar)". */
  name?: string;
  /** Limits the scan to part of the page (CSS selectors). */
  include?: string[];
}

/**
 * Runs axe-core on the page as it is now and throws, listing each serious or critical violation
 * with the selectors of the elements it found and axe's help text. Minor and moderate findings are
 * returned (not thrown) for the caller to look at.
 */
export async function expectAccessible(page: Page, options: AxeOptions = {}): Promise<{ minor: string[] }> {
  // Injected through the DevTools protocol (page.evaluate), which the portal's CSP does not block.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    ([tags, include]) => {
      const w = window as unknown as { axe: typeof axe };
      return w.axe.run(include.length ? { include: include.map((s) => [s]) } : document, { runOnly: { type: 'tag', values: tags } });
    },
    [AXE_TAGS, options.include ?? []] as const,
  );
  const failing = results.violations.filter((v) => FAILING.has(v.impact ?? ''));
  if (failing.length) {
    const lines = failing.map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    - ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    });
    throw new Error(`${failing.length} serious/critical accessibility violation(s) on ${options.name ?? page.url()}:\n${lines.join('\n')}`);
  }
  return { minor: results.violations.map((v) => `[${v.impact}] ${v.id}: ${v.nodes.length} node(s)`) };
}

/**
 * Opens `url` in a new page of `context`, waits until `ready` (a selector) is visible and the
 * router has finished (main without aria-busy), then runs expectAccessible. Returns the page, for
 * more checks in another state; the caller closes it.
 */
export async function auditPage(context: BrowserContext, url: string, ready: string, name: string): Promise<Page> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.locator(ready).first().waitFor({ timeout: 15_000 });
    await page.locator('main:not([aria-busy])').waitFor();
    await expectAccessible(page, { name });
    return page;
  } catch (e) {
    await page.close();
    throw e;
  }
}
