import { h } from './dom';
import { t, type MessageKey } from './i18n';

const PAGES: [MessageKey, string][] = [
  ['nav.schedule', 'schedule'],
  ['nav.live', 'live'],
  ['nav.documents', 'documents'],
];

/** Schedule · Live · Documents for the meeting in view (/meetings/:code/… or /console/:code/…); nothing elsewhere. */
export function meetingNav(pathname = window.location.pathname): HTMLElement | null {
  const m = /^\/(?:meetings|console)\/([^/]+)\/[^/]+/.exec(pathname);
  if (!m) return null;
  return h(
    'nav',
    { class: 'meeting-nav', 'aria-label': t('nav.meeting') },
    h(
      'ul',
      { class: 'wrap' },
      PAGES.map(([key, page]) => {
        const href = `/meetings/${m[1]}/${page}`;
        return h('li', null, h('a', { href, 'aria-current': pathname === href ? 'page' : null }, t(key)));
      }),
    ),
  );
}
