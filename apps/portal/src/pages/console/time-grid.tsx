/**
 * The open day as a room × time grid: a column per room, a row per quarter hour on the venue's
 * clock. An empty slot is a button (click or Enter) that opens a new session there; the slots
 * form one tab stop, moved through with the arrow keys. A session is a button that opens it in
 * the panel, can be dragged to a slot, and can be moved by keyboard: M or Space picks it up,
 * arrows move it by 15 minutes or to the next room, Enter drops it, Escape puts it back.
 */
import type { RoomDto, SessionDto } from '@cop/contracts/calendar';
import { signal } from '@preact/signals';
import { t } from '../../i18n';
import { STATUS_LABELS } from '../../meeting-calendar';
import { text } from '../../session-text';
import { ct } from './console-i18n';
import type { ConsoleState } from './console-state';
import { hhmm, STEP_MIN, venueTime } from './venue-time';

const DAY_START = 8 * 60;
const DAY_END = 20 * 60;

/** The slot holding the grid's one tab stop (room index, minutes). */
const activeSlot = signal<[number, number]>([0, 9 * 60]);

const slotId = (room: number, minutes: number) => `cs-slot-${room}-${minutes}`;

/** The placed extent of a session in minutes of its day, clipped to the day. */
function extent(s: SessionDto, zone: string): [number, number] {
  const start = venueTime(s.startsAt, zone);
  const end = venueTime(s.endsAt, zone);
  return [start.minutes, end.day === start.day ? end.minutes : 24 * 60];
}

export function TimeGrid({ state }: { state: ConsoleState }) {
  const rooms = state.store.rooms.value;
  const zone = state.zone.value;
  const sessions = state.daySessions.value;
  const moving = state.moving.value;
  let from = DAY_START;
  let to = DAY_END;
  for (const s of sessions) {
    const [a, b] = extent(s, zone);
    from = Math.min(from, Math.floor(a / 60) * 60);
    to = Math.max(to, Math.ceil(b / 60) * 60);
  }
  const times: number[] = [];
  for (let m = from; m < to; m += STEP_MIN) times.push(m);
  const row = (minutes: number) => Math.round((minutes - from) / STEP_MIN) + 2;
  let [activeRoom, activeMin] = activeSlot.value;
  if (activeRoom >= rooms.length || activeMin < from || activeMin >= to) [activeRoom, activeMin] = [0, Math.max(from, 9 * 60)];

  const focusSlot = (room: number, minutes: number) => {
    activeSlot.value = [room, minutes];
    document.getElementById(slotId(room, minutes))?.focus();
  };
  const onSlotKey = (e: KeyboardEvent, room: number, minutes: number) => {
    const rtl = document.documentElement.dir === 'rtl';
    const next: Record<string, [number, number]> = {
      ArrowUp: [room, minutes - STEP_MIN],
      ArrowDown: [room, minutes + STEP_MIN],
      [rtl ? 'ArrowLeft' : 'ArrowRight']: [room + 1, minutes],
      [rtl ? 'ArrowRight' : 'ArrowLeft']: [room - 1, minutes],
      Home: [room, from],
      End: [room, to - STEP_MIN],
    };
    const target = next[e.key];
    if (!target) return;
    e.preventDefault();
    const [r, m] = target;
    if (r >= 0 && r < rooms.length && m >= from && m < to) focusSlot(r, m);
  };
  const onDrop = (e: DragEvent, room: RoomDto, minutes: number) => {
    e.preventDefault();
    const s = state.store.sessions.value.get(e.dataTransfer?.getData('text/plain') ?? '');
    if (s) void state.moveTo(s, room.id, minutes);
  };

  return (
    <div class="cs-grid-scroll">
      <div
        class="cs-grid"
        role="group"
        aria-label={ct('cs.grid')}
        style={{
          gridTemplateColumns: `4.5rem repeat(${rooms.length}, minmax(9rem, 1fr))`,
          gridTemplateRows: `auto repeat(${times.length}, 1.25rem)`,
        }}
      >
        <div class="cs-corner">{ct('cs.time')}</div>
        {rooms.map((r, i) => (
          <div key={r.id} class="cs-room-head" style={{ gridColumn: i + 2, gridRow: 1 }}>
            {r.name}
          </div>
        ))}
        {times
          .filter((m) => m % 60 === 0)
          .map((m) => (
            <div key={`h${m}`} class="cs-hour" dir="ltr" style={{ gridColumn: 1, gridRow: `${row(m)} / span 4` }}>
              {hhmm(m)}
            </div>
          ))}
        {rooms.map((r, i) =>
          times.map((m) => (
            <button
              key={`${r.id}-${m}`}
              type="button"
              id={slotId(i, m)}
              class={`cs-slot${m % 60 === 0 ? ' cs-slot-hour' : ''}`}
              style={{ gridColumn: i + 2, gridRow: row(m) }}
              data-room={r.name}
              data-time={hhmm(m)}
              aria-label={ct('cs.slot', { room: r.name, time: hhmm(m) })}
              tabIndex={i === activeRoom && m === activeMin ? 0 : -1}
              onFocus={() => (activeSlot.value = [i, m])}
              onClick={() => state.openNew(r.id, m, slotId(i, m))}
              onKeyDown={(e) => onSlotKey(e, i, m)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => onDrop(e, r, m)}
            />
          )),
        )}
        {sessions.map((s, i) => {
          const held = moving?.id === s.id ? moving : null;
          const [a, b] = extent(s, zone);
          // Sessions saved over each other stay readable: each one overlapping an earlier one steps aside.
          const lane = held ? 0 : sessions.slice(0, i).filter((o) => o.room.id === s.room.id && extent(o, zone)[1] > a).length;
          const start = held ? held.minutes : a;
          const col = rooms.findIndex((r) => r.id === (held ? held.roomId : s.room.id));
          if (col < 0) return null;
          return (
            <SessionBlock
              key={s.id}
              state={state}
              session={s}
              moving={!!held}
              style={{
                gridColumn: col + 2,
                gridRow: `${row(Math.max(from, start))} / ${row(Math.min(to, start + (b - a)))}`,
                marginInlineStart: `calc(3px + ${lane * 1.5}rem)`,
              }}
            />
          );
        })}
      </div>
      <p id="cs-move-help" class="visually-hidden">
        {ct('cs.moveHelp')}
      </p>
    </div>
  );
}

function SessionBlock(props: { state: ConsoleState; session: SessionDto; moving: boolean; style: Record<string, string | number> }) {
  const { state, session: s } = props;
  const zone = state.zone.value;
  const time = `${hhmm(venueTime(s.startsAt, zone).minutes)}–${hhmm(venueTime(s.endsAt, zone).minutes)}`;
  const id = `cs-session-${s.id}`;
  const onKey = (e: KeyboardEvent) => {
    const rtl = document.documentElement.dir === 'rtl';
    if (!props.moving) {
      if (e.key === 'm' || e.key === 'M' || e.key === ' ') {
        e.preventDefault();
        state.pickUp(s);
      }
      return;
    }
    const steps: Record<string, [number, number]> = {
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
      [rtl ? 'ArrowLeft' : 'ArrowRight']: [1, 0],
      [rtl ? 'ArrowRight' : 'ArrowLeft']: [-1, 0],
    };
    if (steps[e.key]) state.step(...steps[e.key]);
    else if (e.key === 'Enter') void state.drop();
    else if (e.key === 'Escape') state.cancelMove();
    else return;
    e.preventDefault();
  };
  return (
    <button
      type="button"
      id={id}
      class={`cs-session type-${s.type}${props.moving ? ' cs-moving' : ''}`}
      style={props.style}
      data-session-id={s.id}
      data-status={s.status}
      draggable
      aria-describedby="cs-move-help"
      onClick={() => (props.moving ? undefined : state.openEdit(s, id))}
      onKeyDown={onKey}
      // Space activates a button on key up: it picked the session up instead.
      onKeyUp={(e) => e.key === ' ' && e.preventDefault()}
      onBlur={() => props.moving && state.cancelMove()}
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', s.id);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      }}
    >
      <span class="cs-session-time" dir="ltr">
        {time}
      </span>{' '}
      <span class="cs-session-title" lang={text(s.title).lang}>
        {text(s.title).text}
      </span>{' '}
      <span class="cs-session-status">{t(STATUS_LABELS[s.status])}</span>
    </button>
  );
}
