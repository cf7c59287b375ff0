/**
 * Pieces the meeting's pages share: the meeting banner, the feed's connection indicator, a
 * session's status mark, icons, and the screen-reader announcer with its live region.
 */
import type { MeetingDto, SessionDto } from '@cop/contracts/calendar';
import { signal } from '@preact/signals';
import { Fragment, type ComponentChildren } from 'preact';
import { ContentText } from './content-text';
import type { FeedStatus } from './feed';
import { locale, t } from './i18n';
import { STATUS_LABELS } from './meeting-calendar';
import { dateRange } from './time';

/** Announcements arriving within this window are read out together. */
const ANNOUNCE_BATCH_MS = 400;

/**
 * "Live" / "Postponed" / "Cancelled" chip (nothing for a scheduled session), in words, not colour
 * alone; with the secretariat's reason, as written, after a cancellation or postponement.
 */
export function StatusMark({ session: s }: { session: SessionDto }) {
  if (s.status === 'scheduled') return null;
  const reason = s.status === 'cancelled' || s.status === 'postponed' ? s.statusReason : null;
  return (
    <>
      <span class={`status status-${s.status}`}>
        {s.status === 'live' ? <span class="live-dot" aria-hidden="true" /> : null}
        {t(STATUS_LABELS[s.status])}
      </span>
      {reason ? <span class="status-reason">: {reason}</span> : null}
      <span class="visually-hidden">: </span>
    </>
  );
}

/** The "Live" / "Reconnecting…" indicator of the change feed. */
export function Connection({ status }: { status: FeedStatus }) {
  const key = status === 'live' ? 'conn.live' : status === 'reconnecting' ? 'conn.reconnecting' : 'conn.connecting';
  const hint = status === 'live' ? t('conn.liveHint') : status === 'reconnecting' ? t('conn.reconnectingHint') : '';
  return (
    <p class="conn" role="status" aria-live="polite" data-state={status} title={hint}>
      <span class="conn-dot" aria-hidden="true" />
      <span class="conn-text">{t(key)}</span>
    </p>
  );
}

/**
 * A polite live region's text. A burst of messages (e.g. a replay after reconnecting) is
 * summarised; important ones (a stream going live) are always read in full.
 */
export class Announcer {
  readonly said = signal('');
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
      this.said.value = '';
      this.inner = window.setTimeout(() => (this.said.value = said), 50);
    }, ANNOUNCE_BATCH_MS);
  }

  dispose(): void {
    window.clearTimeout(this.timer);
    window.clearTimeout(this.inner);
  }
}

export function LiveRegion({ announcer }: { announcer: Announcer }) {
  return (
    <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-announcer="">
      {announcer.said.value}
    </div>
  );
}

/** A line icon, hidden from screen readers. */
export function Icon({ d, class: cls }: { d: string; class: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" class={`icon ${cls}`}>
      <path d={d} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

const PIN = 'M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21Zm0-9a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Z';

/**
 * The dark banner at the top of a meeting's pages: breadcrumb (Meetings / COP-6 / …), kicker
 * with dates, the h1 and the venue. `crumbs` after the meeting are [text, href?] pairs; the
 * last is the current page. `heading` replaces the meeting title as the h1 (the session page).
 */
export function MeetingBanner(props: {
  meeting: MeetingDto;
  crumbs?: [string, string?][];
  heading?: ComponentChildren;
  headingId?: string;
  status?: string;
}) {
  const m = props.meeting;
  const crumbs = props.crumbs ?? [];
  const id = props.headingId ?? 'meeting-title';
  const sep = <span aria-hidden="true"> / </span>;
  return (
    <section class="meeting-banner" aria-labelledby={id} data-status={props.status}>
      <div class="wrap">
        <nav class="breadcrumb" aria-label={t('app.breadcrumb')}>
          <a href="/">{t('meetings.title')}</a>
          {sep}
          {crumbs.length ? <a href={`/meetings/${encodeURIComponent(m.code)}`}>{m.shortTitle}</a> : m.shortTitle}
          {crumbs.map(([label, href], i) => (
            <Fragment key={i}>
              {sep}
              {href && i < crumbs.length - 1 ? <a href={href}>{label}</a> : <span aria-current="page">{label}</span>}
            </Fragment>
          ))}
        </nav>
        <p class="meeting-kicker">
          <span class="code-chip code-chip-inverse">{m.shortTitle}</span>
          <span>{dateRange(m.startDate, m.endDate, locale())}</span>
        </p>
        <h1 class="meeting-title" id={id}>
          {props.heading ?? <ContentText text={m.title} />}
        </h1>
        <p class="meeting-venue">
          <Icon d={PIN} class="icon-pin" />
          <span>{m.venue}</span>
        </p>
      </div>
    </section>
  );
}
