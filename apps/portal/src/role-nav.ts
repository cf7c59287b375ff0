import * as auth from './auth';
import { h } from './dom';
import { t, type MessageKey } from './i18n';

/** The meeting code of the page being shown (/meetings/:code/… or /console/:code/…), if any. */
export function meetingCodeInPath(pathname = window.location.pathname): string | null {
  const m = /^\/(?:meetings|console)\/([^/]+)/.exec(pathname);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

const LINKS: Record<string, [MessageKey, (code: string) => string][]> = {
  'focal-point': [
    ['nav.nominate', (c) => `/meetings/${c}/nominate`],
    // An observer organization's contact confirms self-registrations (a Party's sees none).
    ['nav.confirmations', (c) => `/console/${c}/confirmations`],
  ],
  delegate: [['nav.myRegistration', (c) => `/meetings/${c}/me`]],
  observer: [['nav.myRegistration', (c) => `/meetings/${c}/me`]],
  secretariat: [
    ['nav.scheduleConsole', (c) => `/console/${c}/schedule`],
    ['nav.streamConsole', (c) => `/console/${c}/streams`],
    ['nav.documentsConsole', (c) => `/console/${c}/documents`],
    ['nav.review', (c) => `/console/${c}/registrations`],
    ['nav.checkIn', (c) => `/console/${c}/check-in`],
  ],
  security: [['nav.checkIn', (c) => `/console/${c}/check-in`]],
};

/** Registration links for the signed-in role, for the meeting in view (none elsewhere or signed out). */
export function roleNav(): HTMLElement | null {
  const code = meetingCodeInPath();
  const role = auth.user()?.role;
  const links = code && auth.token() && role ? LINKS[role] : undefined;
  if (!code || !links?.length) return null;
  const enc = encodeURIComponent(code);
  return h(
    'nav',
    { class: 'role-nav', 'aria-label': t('nav.label') },
    h(
      'ul',
      null,
      links.map(([key, href]) => {
        const path = href(enc);
        return h('li', null, h('a', { href: path, 'aria-current': window.location.pathname === path ? 'page' : null }, t(key)));
      }),
    ),
  );
}
