import type { AgendaItemDto, MeetingDto, RoomDto, SessionDto, SessionListDto, SessionStatus, SessionType } from '@cop/contracts/calendar';
import type { ChangeEvent } from '@cop/contracts/feed';
import type { MessageKey } from './i18n';

/** Every session type, in the order the type filter lists them (the labels' keys). */
export const TYPE_LABELS: Record<SessionType, MessageKey> = {
  plenary: 'type.plenary',
  committee: 'type.committee',
  'contact-group': 'type.contact-group',
  'regional-group': 'type.regional-group',
  bureau: 'type.bureau',
  'side-event': 'type.side-event',
  'press-briefing': 'type.press-briefing',
  other: 'type.other',
};
export const SESSION_TYPE_ORDER = Object.keys(TYPE_LABELS) as SessionType[];

export const STATUS_LABELS: Record<SessionStatus, MessageKey> = {
  scheduled: 'status.scheduled',
  live: 'status.live',
  postponed: 'status.postponed',
  cancelled: 'status.cancelled',
  concluded: 'status.concluded',
};

/** What applying one change did, so the view can re-render just that. */
export type Applied =
  | { kind: 'session'; id: string; before?: SessionDto; after?: SessionDto; event: ChangeEvent }
  | { kind: 'rooms' }
  | { kind: 'agenda' }
  | { kind: 'meeting' }
  | { kind: 'none' };

const isFull = <T extends object>(x: T | { id: string } | undefined, field: keyof T): x is T => !!x && field in x;

// One collator for every comparison: localeCompare with options builds a new one per call.
const numeric = new Intl.Collator(undefined, { numeric: true });
const plain = new Intl.Collator();
const byName = (a: RoomDto, b: RoomDto) => numeric.compare(a.name, b.name);

/** Sessions by start, then end, then room, then title: the order of the printed programme. */
export function compareSessions(a: SessionDto, b: SessionDto): number {
  return (
    Date.parse(a.startsAt) - Date.parse(b.startsAt) ||
    Date.parse(a.endsAt) - Date.parse(b.endsAt) ||
    numeric.compare(a.room.name, b.room.name) ||
    plain.compare(a.title.en, b.title.en) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * The client's copy of one meeting's calendar: the snapshot from GET /sessions, kept current by
 * the change feed (applied in seq order by the ChangeCursor in FeedConnection). The meeting
 * store holds one per meeting and publishes it as signals.
 */
export class MeetingCalendar {
  readonly sessions = new Map<string, SessionDto>();
  rooms: RoomDto[];

  constructor(
    public meeting: MeetingDto,
    list: SessionListDto,
  ) {
    for (const s of list.sessions) this.sessions.set(s.id, s);
    // Rooms named by sessions count too, in case the two requests saw different moments.
    const rooms = new Map(meeting.rooms.map((r) => [r.id, r]));
    for (const s of list.sessions) if (!rooms.has(s.room.id)) rooms.set(s.room.id, s.room);
    this.rooms = [...rooms.values()].sort(byName);
  }

  apply(event: ChangeEvent): Applied {
    switch (event.kind) {
      case 'session.created':
      case 'session.updated':
      case 'session.cancelled': {
        const s = event.session;
        if (!isFull<SessionDto>(s, 'startsAt')) return { kind: 'none' };
        const before = this.sessions.get(s.id);
        // A replay older than what is held (a page whose snapshots were taken at different seqs).
        if (before && before.revision > s.revision) return { kind: 'none' };
        this.sessions.set(s.id, s);
        if (!this.rooms.some((r) => r.id === s.room.id)) this.rooms = [...this.rooms, s.room].sort(byName);
        return { kind: 'session', id: s.id, before, after: s, event };
      }
      case 'session.removed': {
        const id = event.session?.id;
        if (!id) return { kind: 'none' };
        const before = this.sessions.get(id);
        this.sessions.delete(id);
        return before ? { kind: 'session', id, before, event } : { kind: 'none' };
      }
      case 'room.created':
      case 'room.updated': {
        const room = event.room;
        if (!isFull<RoomDto>(room, 'name')) return { kind: 'none' };
        this.rooms = [...this.rooms.filter((r) => r.id !== room.id), room].sort(byName);
        for (const [id, s] of this.sessions) if (s.room.id === room.id) this.sessions.set(id, { ...s, room });
        return { kind: 'rooms' };
      }
      case 'room.deleted': {
        const id = event.room?.id;
        this.rooms = this.rooms.filter((r) => r.id !== id);
        return { kind: 'rooms' };
      }
      case 'agenda-item.created':
      case 'agenda-item.updated': {
        const item = event.agendaItem;
        if (!isFull<AgendaItemDto>(item, 'number')) return { kind: 'none' };
        this.meeting = { ...this.meeting, agendaItems: [...this.meeting.agendaItems.filter((a) => a.id !== item.id), item] };
        for (const [id, s] of this.sessions) {
          if (s.agendaItems.some((a) => a.id === item.id))
            this.sessions.set(id, { ...s, agendaItems: s.agendaItems.map((a) => (a.id === item.id ? item : a)) });
        }
        return { kind: 'agenda' };
      }
      case 'agenda-item.deleted': {
        const id = event.agendaItem?.id;
        this.meeting = { ...this.meeting, agendaItems: this.meeting.agendaItems.filter((a) => a.id !== id) };
        for (const [sid, s] of this.sessions) {
          if (s.agendaItems.some((a) => a.id === id))
            this.sessions.set(sid, { ...s, agendaItems: s.agendaItems.filter((a) => a.id !== id) });
        }
        return { kind: 'agenda' };
      }
      case 'meeting.updated':
        return { kind: 'meeting' };
      default:
        return { kind: 'none' };
    }
  }
}
