import type { SessionDto } from '@cop/contracts/calendar';
import type { ComponentChildren } from 'preact';
import { ContentText } from '../../content-text';
import { locale, t, tn } from '../../i18n';
import { TYPE_LABELS } from '../../meeting-calendar';
import { StatusMark } from '../../meeting-ui';
import { text, timeRange } from '../../session-text';
import { clock, dayIn, longDay, shortDay } from '../../time';
import type { ScheduleView } from './schedule-view';

/** The open day: its heading and count, the sessions that pass the filters, or why there are none. */
export function DayPanel({ view }: { view: ScheduleView }) {
  const day = view.day.value;
  const sessions = view.visible.value;
  const total = view.countByDay.value.get(day) ?? 0;
  const shown = sessions.length;
  const filtered = view.filtered.value;
  const summary = [tn('schedule.count', total), filtered && shown !== total ? t('schedule.shown', { shown, total }) : '']
    .filter(Boolean)
    .join(' · ');
  const changedUntil = view.changedUntil.value;
  const now = Date.now();
  return (
    <section class="day-panel" id="schedule-panel" role="tabpanel" tabIndex={0} aria-labelledby={`tab-${day}`}>
      <div class="day-panel-head">
        <h2 class="day-heading" id="day-heading">
          {longDay(day, locale())}
        </h2>
        <p class="day-summary">{summary}</p>
      </div>
      <ol class="session-list" role="list" hidden={shown === 0}>
        {sessions.map((s) => (
          <SessionRow key={s.id} view={view} session={s} changed={(changedUntil.get(s.id) ?? 0) > now} />
        ))}
      </ol>
      <p class="empty" hidden={shown > 0}>
        {filtered && total > 0 ? t('schedule.emptyFiltered') : t('schedule.empty')}
      </p>
    </section>
  );
}

const Sep = () => (
  <span class="sep" aria-hidden="true">
    {' · '}
  </span>
);

/** One session of the programme: its times (the other zone's as a tooltip), title link, type, room, agenda items and tags. */
function SessionRow({ view, session: s, changed }: { view: ScheduleView; session: SessionDto; changed: boolean }) {
  const zone = view.zone.value;
  const showLocal = view.showLocal.value;
  const start = new Date(s.startsAt);
  const otherLocal = !showLocal;
  const otherZone = otherLocal ? view.viewerZone : view.meeting.value.timeZone;
  const otherDay = dayIn(start, otherZone);
  const tooltip = view.sameZone.value
    ? undefined
    : `${view.zoneLabel(otherLocal, start)}: ${otherDay !== s.day ? `${shortDay(otherDay, locale())} ` : ''}${timeRange(s, otherZone)}`;
  const shownDay = dayIn(start, zone);
  const href = `/meetings/${encodeURIComponent(view.meeting.value.code)}/sessions/${encodeURIComponent(s.id)}`;
  const restricted = s.visibility === 'participants';
  return (
    <li class={`session type-${s.type}${changed ? ' changed' : ''}`} data-session-id={s.id} data-status={s.status} data-type={s.type}>
      <div class="session-when">
        {/* Times read left to right in every script ("10:00–13:00", never "13:00–10:00"). */}
        <span class="session-time" title={tooltip} dir="ltr">
          <time dateTime={s.startsAt}>{clock(start, zone, locale())}</time>–
          <time dateTime={s.endsAt}>{clock(new Date(s.endsAt), zone, locale())}</time>
        </span>
        {shownDay !== s.day ? <span class="session-day-shift">{shortDay(shownDay, locale())}</span> : null}
      </div>
      <div class="session-main">
        <h3 class="session-title">
          <StatusMark session={s} />
          {/* The title is the way to the session's own page (agenda items, documents, stream). */}
          <a class="session-link" href={href}>
            <ContentText text={s.title} class="session-title-text" />
          </a>
        </h3>
        <p class="session-meta">
          <span class="session-type">{t(TYPE_LABELS[s.type])}</span>
          <Sep />
          <span class="session-room">{s.room.name}</span>
          {s.agendaItems.length ? (
            <>
              <Sep />
              <span class="session-agenda">
                <AgendaLabel items={s.agendaItems.map((a) => ({ id: a.id, number: a.number, title: text(a.title).text }))} />
              </span>
            </>
          ) : null}
        </p>
        {restricted || changed ? (
          <p class="session-tags">
            {restricted ? <span class="tag tag-restricted">{t('schedule.participantsOnly')}</span> : null}
            {changed ? <span class="tag tag-updated">{t('schedule.updated')}</span> : null}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** "Agenda items 4 (a), 4 (b)" with each number an element (its title as a tooltip), in the language's word order. */
function AgendaLabel({ items }: { items: { id: string; number: string; title: string }[] }) {
  const MARK = '\u0000';
  const [before, after = ''] = tn('schedule.agenda', items.length, { items: MARK }).split(MARK);
  const numbers: ComponentChildren[] = [];
  items.forEach((a, i) => {
    if (i) numbers.push(', ');
    numbers.push(
      <span key={a.id} class="agenda-number" title={a.title}>
        {a.number}
      </span>,
    );
  });
  return (
    <>
      {before}
      {numbers}
      {after}
    </>
  );
}
