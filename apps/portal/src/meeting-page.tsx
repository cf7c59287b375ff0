/**
 * The shape the meeting's pages share: the meeting store acquired and awaited behind a loading
 * state, a load failure shown with its retry, then the page's view mounted until the visitor
 * leaves, and rendered again when the interface language changes.
 */
import { render, type ComponentChild } from 'preact';
import { acquireMeeting, type MeetingStore } from './meeting-store';
import { emptyRoot } from './page-root';
import type { Page, PageContext } from './router';
import { renderLoading, renderMeetingLoadFailure } from './ui';

export interface PageView {
  /** The page's tree; `language` counts interface language changes, so the page renders (or mounts) again in the new one. */
  render(language: number): ComponentChild;
  /** Runs once, right after the first render. */
  shown?(): void;
  /** Releases what the view holds (effects, subscriptions) when the visitor leaves. */
  dispose?(): void;
  /** Runs before a new language is rendered, e.g. to load the page's own strings in it. */
  beforeRefresh?(): Promise<unknown>;
}

/** Renders `view` into `root` and returns the router's page that disposes it and renders it again in a new language. */
export function mountView(root: HTMLElement, view: PageView): Page {
  let language = 0;
  const show = () => render(view.render(language), root);
  emptyRoot(root);
  show();
  view.shown?.();
  const again = () => {
    language++;
    show();
  };
  return {
    dispose: () => {
      render(null, root);
      view.dispose?.();
    },
    refresh: () => {
      if (view.beforeRefresh) void view.beforeRefresh().then(again);
      else again();
    },
  };
}

/**
 * A page of the meeting `ctx.params.code`: `open` builds its view once the meeting store is ready
 * (and may fetch what else the page needs first); the store is released when the visitor leaves.
 */
export async function mountMeetingPage(
  ctx: PageContext,
  retry: () => void,
  open: (store: MeetingStore) => PageView | Promise<PageView>,
): Promise<Page> {
  const lease = acquireMeeting(ctx.params.code);
  renderLoading(ctx.root);
  let view: PageView;
  try {
    await lease.store.ready;
    view = await open(lease.store);
  } catch (e) {
    lease.release();
    renderMeetingLoadFailure(ctx.root, ctx.params.code, e, retry);
    return {};
  }
  if (ctx.signal.aborted) {
    view.dispose?.();
    lease.release();
    return {};
  }
  return mountView(ctx.root, {
    ...view,
    dispose: () => {
      view.dispose?.();
      lease.release();
    },
  });
}
