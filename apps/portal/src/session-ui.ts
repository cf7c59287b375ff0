/**
 * Pieces the schedule, the meeting home and the session page share: the meeting banner, the
 * connection indicator, session status marks, the screen-reader announcer and the sentences
 * describing a session change.
 */
import type { MeetingDto, SessionDto } from '@cop/contracts/calendar';
import { pickText, type LocalizedText } from '@cop/contracts/languages';
import { h, replaceChildren, type Child } from './dom';
import { lang, locale, t } from './i18n';
import type { FeedStatus } from './feed';
import { STATUS_LABELS, type Applied } from './meeting-calendar';
import { clock, dateRange, dayIn, shortDay } from './time';
import { contentText } from './ui';

/** Announcements arriving within this window are read out together. */
const ANNOUNCE_BATCH_MS = 400;

export const text = (value: LocalizedText) => pickText(value, lang());

/** "10:00–13:00" in `zone`. */
export function timeRange(s: { startsAt: string; endsAt: string }, zone: string): string {
  return `${clock(new Date(s.startsAt), zone, locale())}–${clock(new Date(s.endsAt), zone, locale())}`;
}

/** "Live" / "Postponed" / "Cancelled" chip (nothing for a scheduled session), in words, not colour alone. */
export function statusMark(s: SessionDto): Child[] {
  if (s.status === 'scheduled') return [];
  return [
    h(
      'span',
      { class: `status status-${s.status}` },
      s.status === 'live' ? h('span', { class: 'live-dot', 'aria-hidden': 'true' }) : null,
      t(STATUS_LABELS[s.status]),
    ),
    h('span', { class: 'visually-hidden' }, ': '),
  ];
}

/** The "Live" / "Reconnecting…" indicator of the change feed. */
export function renderConnection(el: HTMLElement, status: FeedStatus): void {
  const key = status === 'live' ? 'conn.live' : status === 'reconnecting' ? 'conn.reconnecting' : 'conn.connecting';
  el.dataset.state = status;
  el.title = status === 'live' ? t('conn.liveHint') : status === 'reconnecting' ? t('conn.reconnectingHint') : '';
  replaceChildren(el, h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), h('span', { class: 'conn-text' }, t(key)));
}

export const connectionElement = (): HTMLParagraphElement => h('p', { class: 'conn', role: 'status', 'aria-live': 'polite' });

/**
 * A polite live region. A burst of messages (e.g. a replay after reconnecting) is summarised;
 * important ones (a stream going live) are always read in full.
 */
export class Announcer {
  readonly el = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-announcer': '' });
  private pending: { message: string; important: boolean }[] = [];
  private timer = 0;
  private inner = 0;

  announce(message: string, important = false): void {
    if (!message) return;
    this.pending.push({ message, important });
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      const first = this.pending.filter((p) => p.important).map((p) => p.message);
      const rest = this.pending.filter((p) => !p.important).map((p) => p.message);
      this.pending = [];
      const said = [...first, rest.length > 3 ? t('announce.many', { n: rest.length }) : rest.join(' ')].filter(Boolean).join(' ');
      // Clear first so the same sentence twice is still read twice.
      this.el.textContent = '';
      this.inner = window.setTimeout(() => (this.el.textContent = said), 50);
    }, ANNOUNCE_BATCH_MS);
  }

  dispose(): void {
    window.clearTimeout(this.timer);
    window.clearTimeout(this.inner);
  }
}

/**
 * Runs a re-render of `within` without dropping keyboard focus: a link or control focused there
 * before gets the focus back if it is still there (same id, else same href).
 */
export function keepingFocus(within: HTMLElement[], render: () => void): void {
  const active = document.activeElement as HTMLElement | null;
  const inside = !!active && within.some((el) => el.contains(active));
  const id = inside ? active!.id : '';
  const href = inside && active instanceof HTMLAnchorElement ? active.getAttribute('href') : null;
  render();
  if (!inside || (document.activeElement && document.activeElement !== document.body)) return;
  for (const el of within) {
    const again = id
      ? el.querySelector<HTMLElement>(`#${CSS.escape(id)}`)
      : [...el.querySelectorAll<HTMLAnchorElement>('a')].find((a) => a.getAttribute('href') === href);
    if (again) return again.focus();
  }
}

/** "Plenary moved to 15:00." — in `zone`. */
export function describeSessionChange(applied: Extract<Applied, { kind: 'session' }>, zone: string): string {
  const { before, after, event } = applied;
  const title = (s: SessionDto) => text(s.title).text;
  const when = (s: SessionDto, withDay: boolean) => {
    const start = new Date(s.startsAt);
    const time = clock(start, zone, locale());
    return withDay ? `${shortDay(dayIn(start, zone), locale())}, ${time}` : time;
  };
  if (!after) return before ? t('announce.removed', { title: title(before) }) : '';
  if (!before || event.kind === 'session.created')
    return t('announce.created', { title: title(after), when: `${when(after, true)}, ${after.room.name}` });
  if (event.kind === 'session.cancelled') return t('announce.cancelled', { title: title(after) });
  const parts: string[] = [];
  if (title(before) !== title(after)) parts.push(t('announce.renamed', { old: title(before), title: title(after) }));
  if (before.status !== after.status) {
    if (after.status === 'postponed') parts.push(t('announce.postponed', { title: title(after) }));
    else if (after.status === 'live') parts.push(t('announce.live', { title: title(after) }));
    else if (after.status === 'concluded') parts.push(t('announce.concluded', { title: title(after) }));
    else if (after.status === 'cancelled') parts.push(t('announce.cancelled', { title: title(after) }));
    else parts.push(t('announce.rescheduled', { title: title(after), when: when(after, true) }));
  }
  if (before.startsAt !== after.startsAt && after.status !== 'cancelled') {
    const dayChanged = dayIn(new Date(before.startsAt), zone) !== dayIn(new Date(after.startsAt), zone);
    parts.push(t('announce.moved', { title: title(after), when: when(after, dayChanged) }));
  }
  if (before.room.id !== after.room.id) parts.push(t('announce.room', { title: title(after), room: after.room.name }));
  return parts.length ? parts.join(' ') : t('announce.updated', { title: title(after) });
}

/**
 * The dark banner at the top of a meeting's pages: breadcrumb (Meetings / COP-6 / …), kicker
 * with dates, the h1 and the venue. `crumbs` after the meeting are [text, href?] pairs; the
 * last is the current page. `heading` replaces the meeting title as the h1 (the session page).
 */
export function renderMeetingBanner(
  el: HTMLElement,
  m: MeetingDto,
  opts: { crumbs?: [string, string?][]; heading?: Child[]; headingId?: string } = {},
): void {
  const crumbs = opts.crumbs ?? [];
  const id = opts.headingId ?? 'meeting-title';
  el.setAttribute('aria-labelledby', id);
  const sep = () => h('span', { 'aria-hidden': 'true' }, ' / ');
  replaceChildren(
    el,
    h(
      'div',
      { class: 'wrap' },
      h(
        'nav',
        { class: 'breadcrumb', 'aria-label': t('app.breadcrumb') },
        h('a', { href: '/' }, t('meetings.title')),
        sep(),
        crumbs.length ? h('a', { href: `/meetings/${encodeURIComponent(m.code)}` }, m.shortTitle) : m.shortTitle,
        crumbs.map(([label, href], i) => [
          sep(),
          href && i < crumbs.length - 1 ? h('a', { href }, label) : h('span', { 'aria-current': 'page' }, label),
        ]),
      ),
      h(
        'p',
        { class: 'meeting-kicker' },
        h('span', { class: 'code-chip code-chip-inverse' }, m.shortTitle),
        h('span', null, dateRange(m.startDate, m.endDate, locale())),
      ),
      opts.heading ? h('h1', { class: 'meeting-title', id }, opts.heading) : h('h1', { class: 'meeting-title', id }, contentText(m.title)),
      h('p', { class: 'meeting-venue' }, pin(), h('span', null, m.venue)),
    ),
  );
}

export function svgIcon(d: string, cls: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon ${cls}`);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.8');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.appendChild(path);
  return svg;
}

const pin = () => svgIcon('M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21Zm0-9a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Z', 'icon-pin');
