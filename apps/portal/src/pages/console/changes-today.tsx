/**
 * What changed in the meeting's calendar today (the venue's day), newest first: the feed's
 * entries since this morning, read once from GET /changes, then followed live through the store.
 */
import { CALENDAR_CHANGE_KINDS, type ChangeEvent, type ChangeListDto } from '@cop/contracts/feed';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { useMeetingChanges } from '../../meeting-store';
import { text } from '../../session-text';
import { dayIn } from '../../time';
import { ct, type ConsoleKey } from './console-i18n';
import type { ConsoleState } from './console-state';
import { hhmm, venueTime } from './venue-time';

/** The feed entries read on opening: enough for a day of a busy meeting. */
const READ_BACK = 1000;

const CALENDAR = new Set<string>(CALENDAR_CHANGE_KINDS);

function verb(kind: string): ConsoleKey {
  if (kind.endsWith('.created')) return 'cs.change.created';
  if (kind.endsWith('.cancelled')) return 'cs.change.cancelled';
  if (kind.endsWith('.removed') || kind.endsWith('.deleted')) return 'cs.change.removed';
  return 'cs.change.updated';
}

export function ChangesToday({ state }: { state: ConsoleState }) {
  const store = state.store;
  const zone = state.zone.value;
  const [changes, setChanges] = useState<ChangeEvent[]>([]);
  const today = dayIn(new Date(), zone);
  const keep = (events: ChangeEvent[]) =>
    setChanges((held) => {
      const seen = new Set(held.map((c) => c.seq));
      const fresh = events.filter((e) => CALENDAR.has(e.kind) && !seen.has(e.seq) && dayIn(new Date(e.at), zone) === today);
      return fresh.length ? [...held, ...fresh].sort((a, b) => b.seq - a.seq) : held;
    });
  useMeetingChanges(store, ({ event }) => keep([event]), store.lastSeq);
  useEffect(() => {
    const since = Math.max(0, store.lastSeq - READ_BACK);
    api<ChangeListDto>(`/api/meetings/${encodeURIComponent(store.code)}/changes?since=${since}`).then(
      (list) => keep(list.changes),
      () => undefined, // the live entries still arrive; the earlier ones show on the next visit
    );
  }, [store]);

  // Names as they are now where the entry names only an id (a deleted room, a removed session).
  const what = (e: ChangeEvent): string => {
    const s = e.session && 'title' in e.session ? e.session : e.session && store.sessions.value.get(e.session.id);
    if (s) return text(s.title).text;
    if (e.room) return 'name' in e.room ? e.room.name : state.roomName(e.room.id);
    if (e.agendaItem) return 'number' in e.agendaItem ? e.agendaItem.number : '';
    return store.meeting.value.shortTitle;
  };
  return (
    <section class="cs-editor cs-today" aria-labelledby="cs-today-title">
      <h2 id="cs-today-title">{ct('cs.today')}</h2>
      {changes.length ? (
        <ol class="cs-edit-list">
          {changes.map((e) => (
            <li key={e.seq} data-kind={e.kind}>
              <time dateTime={e.at} dir="ltr">
                {hhmm(venueTime(e.at, zone).minutes)}
              </time>{' '}
              {ct(verb(e.kind), { what: what(e) })}
            </li>
          ))}
        </ol>
      ) : (
        <p class="cs-note">{ct('cs.todayNone')}</p>
      )}
    </section>
  );
}
