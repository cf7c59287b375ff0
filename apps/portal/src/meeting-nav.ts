import { h } from './dom';
import { t, type MessageKey } from './i18n';

const PAGES: [MessageKey, string][] = [
  ['home.nav', ''],
  ['nav.schedule', '/schedule'],
  ['nav.live', '/live'],
  ['nav.documents', '/documents'],
];

/** Overview · Schedule · Live · Documents for the meeting in view (/meetings/:code[/…] or /console/:code/…); nothing elsewhere. */
export function meetingNav(pathname = window.location.pathname): HTMLElement | null {
  const m = /^\/(?:meetings\/([^/]+)(?:\/|$)|console\/([^/]+)\/[^/]+)/.exec(pathname);
  if (!m) return null;
  const code = m[1] ?? m[2];
  return h(
    'nav',
    { class: 'meeting-nav', 'aria-label': t('nav.meeting') },
    h(
      'ul',
      { class: 'wrap' },
      PAGES.map(([key, page]) => {
        const href = `/meetings/${code}${page}`;
        return h('li', null, h('a', { href, 'aria-current': pathname.replace(/\/$/, '') === href ? 'page' : null }, t(key)));
      }),
    ),
  );
}
