import { LANGUAGE_INFO, pickText, type LocalizedText, type UnLanguage } from '@cop/contracts/languages';
import { ApiError, NetworkError } from './api';
import { h, replaceChildren, type Attrs, type Child } from './dom';
import { lang, t, uiLang } from './i18n';

/** The document title: "Schedule · COP-6 · COP Meeting Services". */
export function setTitle(...parts: string[]): void {
  document.title = [...parts, t('app.name')].filter(Boolean).join(' · ');
}

export function renderLoading(root: HTMLElement): void {
  replaceChildren(
    root,
    h(
      'div',
      { class: 'wrap page-state' },
      h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('app.loading')),
    ),
  );
}

/** A full-page message with a heading, text and actions (not found, errors). */
export function renderMessage(
  root: HTMLElement,
  opts: { title: string; text: string; help?: string; actions?: Node[]; tone?: 'error' | 'info' },
): void {
  setTitle(opts.title);
  replaceChildren(
    root,
    h(
      'div',
      { class: `wrap page-state page-state-${opts.tone ?? 'info'}` },
      h('h1', null, opts.title),
      h('p', { class: 'page-state-text' }, opts.text),
      opts.help ? h('p', { class: 'page-state-help' }, opts.help) : null,
      opts.actions?.length ? h('p', { class: 'page-state-actions' }, ...opts.actions) : null,
    ),
  );
}

export function renderError(root: HTMLElement, error: unknown, retry: () => void): void {
  const text =
    error instanceof NetworkError
      ? t('error.network')
      : error instanceof ApiError
        ? t('error.server', { status: error.status })
        : t('error.network');
  renderMessage(root, {
    title: t('error.title'),
    text,
    tone: 'error',
    actions: [h('button', { type: 'button', class: 'button', onclick: () => retry() }, t('error.retry'))],
  });
}

export function renderPageNotFound(root: HTMLElement, path: string): void {
  renderMessage(root, {
    title: t('notFound.pageTitle'),
    text: t('notFound.page', { path }),
    actions: [h('a', { class: 'button', href: '/' }, t('notFound.allMeetings'))],
  });
}

export const isAbort = (e: unknown): boolean => (e as Error)?.name === 'AbortError';

/** A meeting page could not load: "no such meeting" for a 404, else the error with a retry. Aborts go on. */
export function renderMeetingLoadFailure(root: HTMLElement, code: string, error: unknown, retry: () => void): void {
  if (isAbort(error)) throw error;
  if (error instanceof ApiError && error.status === 404) {
    renderMessage(root, {
      title: t('notFound.meetingTitle'),
      text: t('notFound.meeting', { code }),
      help: t('notFound.meetingHelp'),
      actions: [h('a', { class: 'button', href: '/' }, t('notFound.allMeetings'))],
    });
    return;
  }
  renderError(root, error, retry);
}

/**
 * Content text (a meeting, session, agenda item or document title) in the chosen language, or in
 * English marked "in English" when there is none: an inline element in the text's own lang and
 * dir, so the block around it keeps the page's direction.
 */
export function contentText(text: LocalizedText, attrs: Attrs = {}): Child[] {
  const picked = pickText(text, lang());
  return [h('span', { ...attrs, lang: picked.lang, dir: LANGUAGE_INFO[picked.lang].direction }, picked.text), fallbackMark(picked)];
}

/** The " in English" tag after a title shown in English for want of a translation (null otherwise). */
export function fallbackMark(picked: { lang: UnLanguage; fallback: boolean }): Child {
  if (!picked.fallback) return null;
  const ui = uiLang();
  return [
    ' ',
    h(
      'span',
      { class: 'tag fallback-mark', lang: ui, dir: LANGUAGE_INFO[ui].direction, title: t('schedule.fallbackTitle') },
      t('app.inEnglish'),
    ),
  ];
}
