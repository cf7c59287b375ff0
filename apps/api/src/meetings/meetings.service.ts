import {
  ConflictException,
  Injectable,
  NotFoundException,
  PreconditionFailedException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { z } from 'zod';
import {
  createAgendaItemSchema,
  createMeetingSchema,
  createRoomSchema,
  updateAgendaItemSchema,
  updateMeetingSchema,
  updateRoomSchema,
  type AgendaItemDto,
  type MeetingDto,
  type RoomDto,
} from '@cop/contracts';
import { FeedHeads } from '../changes/feed-heads.service';
import { FeedWriter } from '../changes/feed-writer.service';
import { checkRevision } from '../common/if-match';
import type { Db } from '../database/db';
import {
  countAgendaItemSessions,
  deleteAgendaItem,
  findAgendaItem,
  insertAgendaItem,
  listAgendaItems,
  toAgendaItemDto,
  updateAgendaItem,
  type AgendaItemRow,
} from './agenda-items.queries';
import { MeetingLookup } from './meeting-lookup.service';
import {
  findMeetingByCode,
  findSessionsOutside,
  insertMeeting,
  listMeetings,
  toMeetingSummaryDto,
  type Meeting,
  type MeetingSummaryDto,
  updateMeetingFields,
} from './meeting.queries';
import { countRoomSessions, deleteRoom, findRoom, insertRoom, listRooms, toRoomDto, updateRoom, type RoomRow } from './room.queries';

const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'];
/** "5 (b) (ii)" → "005.02.02" so agenda items sort as printed. */
export function agendaSortKey(number: string): string {
  const [, main, letter, roman] = /^(\d+)(?: \(([a-z])\))?(?: \(([ivx]+)\))?$/.exec(number) ?? [];
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return [pad(Number(main ?? 0), 3), pad(letter ? letter.charCodeAt(0) - 96 : 0, 2), pad(roman ? ROMAN.indexOf(roman) + 1 : 0, 2)].join(
    '.',
  );
}

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '23505';

@Injectable()
export class MeetingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: FeedWriter,
    private readonly heads: FeedHeads,
    private readonly lookup: MeetingLookup,
  ) {}

  async list(): Promise<MeetingSummaryDto[]> {
    return (await listMeetings(this.ds)).map(toMeetingSummaryDto);
  }

  /** The meeting, read now (not cached), or 404. */
  private async byCode(code: string): Promise<Meeting> {
    const m = await findMeetingByCode(this.ds, code);
    if (!m) throw new NotFoundException(`No meeting with code ${code}.`);
    return m;
  }

  async detail(code: string): Promise<MeetingDto> {
    const m = await this.byCode(code);
    const [rooms, items] = await Promise.all([listRooms(this.ds, m.id), listAgendaItems(this.ds, m.id)]);
    this.heads.bump(m.id, m.lastSeq);
    return { ...toMeetingSummaryDto(m), rooms: rooms.map(toRoomDto), agendaItems: items.map(toAgendaItemDto) };
  }

  async create(input: z.output<typeof createMeetingSchema>): Promise<MeetingDto> {
    await this.uniquely(`A meeting with code ${input.code} already exists.`, () => insertMeeting(this.ds, input));
    return this.detail(input.code);
  }

  /**
   * Titles, venue, dates, zone. Needs If-Match: <revision> (412 with the current meeting when it
   * moved on). Refuses (409) dates or a zone that would leave sessions outside the meeting's days.
   */
  async update(
    code: string,
    ifMatch: number | null,
    input: z.output<typeof updateMeetingSchema>,
    actorId: string | null = null,
  ): Promise<MeetingDto> {
    await this.writer.write(
      code,
      async (em, locked) => {
        const current = await findMeetingByCode(em, code);
        if (!current) throw new NotFoundException(`No meeting with code ${code}.`);
        // A stale edit gets the meeting as it now is, to show what changed and reapply on top.
        if (ifMatch !== null && !Number.isNaN(ifMatch) && ifMatch !== current.revision)
          throw new PreconditionFailedException({
            message: `Someone else changed this meeting first (revision ${current.revision}, you had ${ifMatch}). Review their change and try again.`,
            currentRevision: current.revision,
            current: toMeetingSummaryDto(current),
          });
        checkRevision(ifMatch, current.revision, 'meeting');
        const next = {
          title: input.title ?? current.title,
          shortTitle: input.shortTitle ?? current.shortTitle,
          venue: input.venue ?? current.venue,
          timeZone: input.timeZone ?? current.timeZone,
          startDate: input.startDate ?? current.startDate,
          endDate: input.endDate ?? current.endDate,
        };
        if (next.endDate < next.startDate)
          throw new UnprocessableEntityException({
            message: `The meeting would end (${next.endDate}) before it starts (${next.startDate}).`,
            errors: [{ path: 'endDate', message: 'must not be before startDate' }],
          });
        const outside = await findSessionsOutside(em, locked.id, next.timeZone, next.startDate, next.endDate);
        if (outside.length > 0) {
          const days = [...new Set(outside.map((o) => o.day))].join(', ');
          throw new ConflictException({
            message: `${outside.length} session(s) would fall outside ${next.startDate} – ${next.endDate} (on ${days}); move or delete them first.`,
            sessions: outside.map((o) => ({ id: o.id, title: o.title, day: o.day })),
          });
        }
        await updateMeetingFields(em, locked.id, next);
        return { result: undefined, changes: [{ visibility: 'public', body: { kind: 'meeting.updated' } }] };
      },
      actorId,
    );
    this.lookup.forget(code);
    return this.detail(code);
  }

  createRoom(code: string, input: z.output<typeof createRoomSchema>, actorId: string | null = null): Promise<RoomDto> {
    return this.writer.write(
      code,
      async (em, meeting) => {
        const room = await this.uniquely(`A room named "${input.name}" already exists in ${code}.`, () =>
          insertRoom(em, meeting.id, { name: input.name, capacity: input.capacity ?? null }),
        );
        const dto = toRoomDto(room);
        return { result: dto, changes: [{ visibility: 'public', body: { kind: 'room.created', room: dto } }] };
      },
      actorId,
    );
  }

  updateRoom(code: string, id: string, input: z.output<typeof updateRoomSchema>, actorId: string | null = null): Promise<RoomDto> {
    return this.writer.write(
      code,
      async (em, meeting) => {
        const current = await this.room(em, meeting.id, id);
        const room: RoomRow = { id, name: input.name ?? current.name, capacity: input.capacity ?? current.capacity };
        await this.uniquely(`A room named "${input.name}" already exists in ${code}.`, () => updateRoom(em, room));
        const dto = toRoomDto(room);
        return { result: dto, changes: [{ visibility: 'public', body: { kind: 'room.updated', room: dto } }] };
      },
      actorId,
    );
  }

  deleteRoom(code: string, id: string, actorId: string | null = null): Promise<void> {
    return this.writer.write(
      code,
      async (em, meeting) => {
        const room = await this.room(em, meeting.id, id);
        const n = await countRoomSessions(em, id);
        if (n > 0) throw new ConflictException(`Room "${room.name}" still has ${n} session(s); move or cancel them first.`);
        await deleteRoom(em, id);
        return { result: undefined, changes: [{ visibility: 'public', body: { kind: 'room.deleted', room: { id } } }] };
      },
      actorId,
    );
  }

  createAgendaItem(code: string, input: z.output<typeof createAgendaItemSchema>, actorId: string | null = null): Promise<AgendaItemDto> {
    return this.writer.write(
      code,
      async (em, meeting) => {
        const item = await this.uniquely(`Agenda item ${input.number} already exists in ${code}.`, () =>
          insertAgendaItem(em, meeting.id, { number: input.number, title: input.title, sort_key: agendaSortKey(input.number) }),
        );
        const dto = toAgendaItemDto(item);
        return { result: dto, changes: [{ visibility: 'public', body: { kind: 'agenda-item.created', agendaItem: dto } }] };
      },
      actorId,
    );
  }

  updateAgendaItem(
    code: string,
    id: string,
    input: z.output<typeof updateAgendaItemSchema>,
    actorId: string | null = null,
  ): Promise<AgendaItemDto> {
    return this.writer.write(
      code,
      async (em, meeting) => {
        const current = await this.agendaItem(em, meeting.id, id);
        const item: AgendaItemRow = {
          id,
          number: input.number ?? current.number,
          title: input.title ?? current.title,
          sort_key: input.number ? agendaSortKey(input.number) : current.sort_key,
        };
        await this.uniquely(`Agenda item ${input.number} already exists in ${code}.`, () => updateAgendaItem(em, item));
        const dto = toAgendaItemDto(item);
        return { result: dto, changes: [{ visibility: 'public', body: { kind: 'agenda-item.updated', agendaItem: dto } }] };
      },
      actorId,
    );
  }

  deleteAgendaItem(code: string, id: string, actorId: string | null = null): Promise<void> {
    return this.writer.write(
      code,
      async (em, meeting) => {
        await this.agendaItem(em, meeting.id, id);
        const n = await countAgendaItemSessions(em, id);
        if (n > 0) throw new ConflictException(`The agenda item is still linked to ${n} session(s).`);
        await deleteAgendaItem(em, id);
        return { result: undefined, changes: [{ visibility: 'public', body: { kind: 'agenda-item.deleted', agendaItem: { id } } }] };
      },
      actorId,
    );
  }

  private async room(db: Db, meetingId: string, id: string): Promise<RoomRow> {
    const room = await findRoom(db, meetingId, id);
    if (!room) throw new NotFoundException(`No room with id ${id} in this meeting.`);
    return room;
  }

  private async agendaItem(db: Db, meetingId: string, id: string): Promise<AgendaItemRow> {
    const item = await findAgendaItem(db, meetingId, id);
    if (!item) throw new NotFoundException(`No agenda item with id ${id} in this meeting.`);
    return item;
  }

  private async uniquely<T>(message: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictException(message);
      throw e;
    }
  }
}
