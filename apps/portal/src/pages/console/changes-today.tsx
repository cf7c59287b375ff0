/**
 * What changed in the meeting's calendar today (the venue's day), newest first, and who made each
 * change: the secretariat's log (GET /changes/today), read on opening and again shortly after each
 * change the feed brings (the feed itself never names who made a change), which shows at once.
 */
import { CALENDAR_CHANGE_KINDS, type ChangeEvent, type ChangeLogDto, type ChangeLogEntryDto } from '@cop/contracts/feed';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import { useMeetingChanges } from '../../meeting-store';
import { text } from '../../session-text';
import { dayIn } from '../../time';
import { ct, type ConsoleKey } from './console-i18n';
import type { ConsoleState } from './console-state';
import { hhmm, venueTime } from './venue-time';

/** Changes come in bursts (a drag, a reapplied edit): read the log once they settle. */
const REREAD_AFTER_MS = 400;

const CALENDAR = new Set<string>(CALENDAR_CHANGE_KINDS);

function verb(kind: string): ConsoleKey {
  if (kind.endsWith('.created')) return 'cs.change.created';
  if (kind.endsWith('.cancelled')) return 'cs.change.cancelled';
  if (kind.endsWith('.removed') || kind.endsWith('.deleted')) return 'cs.change.removed';
  return 'cs.change.updated';
}

/** A feed event as a log entry, until the log is read again with its actor. */
function entryOf(e: ChangeEvent): ChangeLogEntryDto {
  const subject: ChangeLogEntryDto['subject'] = e.session
    ? { type: 'session', id: e.session.id, title: 'title' in e.session ? e.session.title : null }
    : e.room
      ? { type: 'room', id: e.room.id, title: 'name' in e.room ? { en: e.room.name } : null }
      : e.agendaItem
        ? { type: 'agenda-item', id: e.agendaItem.id, title: 'title' in e.agendaItem ? e.agendaItem.title : null }
        : { type: 'meeting', id: null, title: null };
  return { seq: e.seq, at: e.at, kind: e.kind as ChangeLogEntryDto['kind'], subject, actor: null };
}

export function ChangesToday({ state }: { state: ConsoleState }) {
  const store = state.store;
  const zone = state.zone.value;
  const [changes, setChanges] = useState<ChangeLogEntryDto[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const today = dayIn(new Date(), zone);
  const merge = (fresh: ChangeLogEntryDto[]) =>
    setChanges((held) => {
      const bySeq = new Map(held.map((c) => [c.seq, c]));
      // The log's copy (with the actor) wins over the feed's.
      for (const c of fresh) if (!bySeq.get(c.seq)?.actor || c.actor) bySeq.set(c.seq, c);
      return [...bySeq.values()].sort((a, b) => b.seq - a.seq);
    });
  const read = () =>
    api<ChangeLogDto>(`/api/meetings/${encodeURIComponent(store.code)}/changes/today?day=${today}`).then(
      (log) => merge(log.changes),
      () => undefined, // the live entries still show; who made them shows on the next read
    );
  useMeetingChanges(
    store,
    ({ event }) => {
      if (!CALENDAR.has(event.kind) || dayIn(new Date(event.at), zone) !== today) return;
      merge([entryOf(event)]);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void read(), REREAD_AFTER_MS);
    },
    store.lastSeq,
  );
  useEffect(() => {
    void read();
    return () => window.clearTimeout(timer.current);
  }, [store]);

  // Names as they are now where the entry names only an id (a deleted room, a removed session).
  const what = (c: ChangeLogEntryDto): string => {
    if (c.subject.title) return text(c.subject.title).text;
    const s = c.subject.type === 'session' && c.subject.id ? store.sessions.value.get(c.subject.id) : undefined;
    if (s) return text(s.title).text;
    if (c.subject.type === 'room' && c.subject.id) return state.roomName(c.subject.id);
    return c.subject.type === 'meeting' ? store.meeting.value.shortTitle : '';
  };
  return (
    <section class="cs-editor cs-today" aria-labelledby="cs-today-title">
      <h2 id="cs-today-title">{ct('cs.today')}</h2>
      {changes.length ? (
        <ol class="cs-edit-list">
          {changes.map((c) => (
            <li key={c.seq} data-kind={c.kind}>
              <time dateTime={c.at} dir="ltr">
                {hhmm(venueTime(c.at, zone).minutes)}
              </time>{' '}
              {ct(verb(c.kind), { what: what(c) })}
              {c.actor ? <span class="cs-actor"> {ct('cs.changeBy', { who: c.actor.displayName })}</span> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p class="cs-note">{ct('cs.todayNone')}</p>
      )}
    </section>
  );
}
