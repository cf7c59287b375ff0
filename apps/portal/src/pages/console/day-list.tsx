import { t } from '../../i18n';
import { STATUS_LABELS } from '../../meeting-calendar';
import { text } from '../../session-text';
import { ct } from './console-i18n';
import type { ConsoleState } from './console-state';
import { hhmm, venueTime } from './venue-time';

/**
 * The open day as a list, for narrow screens (the grid needs a column per room): each session
 * opens in the panel; "Add a session" opens a new one in the first room after the day's last.
 */
export function DayList({ state }: { state: ConsoleState }) {
  const zone = state.zone.value;
  const sessions = state.daySessions.value;
  const rooms = state.store.rooms.value;
  const last = sessions.reduce((m, s) => Math.max(m, venueTime(s.endsAt, zone).minutes), 9 * 60);
  const next = Math.min(Math.ceil(last / 15) * 15, 23 * 60);
  return (
    <div class="cs-day-list">
      <h3 class="visually-hidden">{ct('cs.list')}</h3>
      {sessions.length ? (
        <ol class="cs-list" role="list">
          {sessions.map((s) => {
            const id = `cs-list-${s.id}`;
            return (
              <li key={s.id} data-session-id={s.id} data-status={s.status}>
                <button type="button" id={id} class="cs-list-item" onClick={() => state.openEdit(s, id)}>
                  <span dir="ltr">
                    {hhmm(venueTime(s.startsAt, zone).minutes)}–{hhmm(venueTime(s.endsAt, zone).minutes)}
                  </span>{' '}
                  <strong lang={text(s.title).lang}>{text(s.title).text}</strong> <span>{s.room.name}</span>{' '}
                  <span class="cs-session-status">{t(STATUS_LABELS[s.status])}</span>
                </button>
              </li>
            );
          })}
        </ol>
      ) : (
        <p class="empty">{ct('cs.none')}</p>
      )}
      {rooms.length ? (
        <button type="button" id="cs-list-add" class="button" onClick={() => state.openNew(rooms[0].id, next, 'cs-list-add')}>
          {ct('cs.addSession')}
        </button>
      ) : null}
    </div>
  );
}
