import { LANGUAGE_INFO, UN_LANGUAGES, type UnLanguage } from '@cop/contracts/languages';
import * as auth from './auth';
import { h, replaceChildren } from './dom';
import { lang, setLanguage, t } from './i18n';
import { meetingNav } from './meeting-nav';
import { isOffline, onNetworkChange } from './offline';
import { roleNav } from './role-nav';

export interface Shell {
  main: HTMLElement;
  /** Re-renders the header and footer (language or sign-in changed). */
  update(): void;
  /** A one-line notice above the page, e.g. "You have signed out." */
  notice(text: string): void;
}

/** The frame around every page: skip link, header with language and sign-in, footer. */
export function mountShell(app: HTMLElement, onSignOut: () => void): Shell {
  const header = h('header', { class: 'site-header' });
  const noticeEl = h('div', { class: 'site-notice', role: 'status', 'aria-live': 'polite' });
  // Said once when the network goes, and again when it is back (the region stays, its text changes).
  const offlineEl = h('div', { class: 'offline-banner', role: 'status', 'aria-live': 'polite' });
  const main = h('main', { id: 'main', class: 'site-main', tabindex: '-1' });
  const footer = h('footer', { class: 'site-footer' });
  const skip = h('a', { class: 'skip-link', href: '#main' });
  skip.addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
  });
  replaceChildren(app, skip, header, offlineEl, noticeEl, main, footer);
  let noticeTimer = 0;

  const renderOffline = () => {
    offlineEl.dataset.offline = String(isOffline());
    replaceChildren(
      offlineEl,
      isOffline() ? h('p', { class: 'wrap' }, h('strong', null, t('offline.title')), ' ', t('offline.text')) : null,
    );
  };
  onNetworkChange(renderOffline);

  const update = () => {
    skip.textContent = t('app.skip');
    renderOffline();
    const select = h(
      'select',
      {
        id: 'language-select',
        class: 'language-select',
        onchange: (e: Event) => void setLanguage((e.target as HTMLSelectElement).value as UnLanguage),
      },
      UN_LANGUAGES.map((code) => h('option', { value: code, lang: code, selected: code === lang() }, LANGUAGE_INFO[code].name)),
    );
    const who = auth.user();
    const signedIn = !!auth.token();
    const here = window.location.pathname + window.location.search;
    replaceChildren(
      header,
      h(
        'div',
        { class: 'wrap site-header-inner' },
        h(
          'a',
          { class: 'brand', href: '/' },
          h('img', { class: 'brand-mark', src: '/favicon.svg', alt: '', width: 28, height: 28 }),
          h('span', null, t('app.name')),
        ),
        h(
          'div',
          { class: 'site-tools' },
          h(
            'label',
            { class: 'language-picker', for: 'language-select' },
            h('span', { class: 'visually-hidden' }, t('app.language')),
            globe(),
          ),
          select,
          signedIn ? menuButton() : null,
          signedIn
            ? // On a phone, the role's tools and the account fold behind "Menu": the page's first
              // screen is for the schedule, not for six links (wider screens show them all).
              h(
                'div',
                { class: 'site-menu', id: 'site-menu' },
                roleNav(),
                h(
                  'span',
                  { class: 'account' },
                  h(
                    'span',
                    { class: 'account-name' },
                    who ? t('app.signedInAs', { who: who.displayName || who.email }) : t('app.signedIn'),
                  ),
                  h('button', { type: 'button', class: 'link-button', onclick: () => onSignOut() }, t('app.signOut')),
                ),
              )
            : window.location.pathname === '/login'
              ? null
              : h('a', { class: 'header-link', href: `/login?next=${encodeURIComponent(here)}` }, t('app.signIn')),
        ),
      ),
      meetingNav(),
    );
    replaceChildren(footer, h('div', { class: 'wrap' }, h('p', null, t('app.footer'))));
  };

  const notice = (text: string) => {
    window.clearTimeout(noticeTimer);
    replaceChildren(noticeEl, h('p', { class: 'wrap' }, text));
    noticeTimer = window.setTimeout(() => replaceChildren(noticeEl), 8000);
  };

  update();
  return { main, update, notice };
}

/** Opens and closes the folded menu on a phone (hidden on wider screens, where nothing is folded). */
function menuButton(): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'menu-button', 'aria-expanded': 'false', 'aria-controls': 'site-menu' },
    t('app.menu'),
  );
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    document.getElementById('site-menu')?.toggleAttribute('data-open', open);
  });
  return button;
}

function globe(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.8');
  path.setAttribute(
    'd',
    'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm-9 9h18M12 3c-2.5 2.6-3.6 5.6-3.6 9s1.1 6.4 3.6 9m0-18c2.5 2.6 3.6 5.6 3.6 9s-1.1 6.4-3.6 9',
  );
  svg.appendChild(path);
  return svg;
}
