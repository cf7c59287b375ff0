import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { z } from 'zod';
import {
  createAgendaItemSchema,
  createMeetingSchema,
  createRoomSchema,
  updateAgendaItemSchema,
  updateRoomSchema,
  type AgendaItemDto,
  type MeetingDto,
  type RoomDto,
} from '@cop/contracts';
import { FeedHeads } from '../changes/feed-heads.service';
import { FeedWriter } from '../changes/feed-writer.service';
import { AgendaItem } from './agenda-item.entity';
import { Meeting } from './meeting.entity';
import { Room } from './room.entity';

export const toRoomDto = (r: Pick<Room, 'id' | 'name' | 'capacity'>): RoomDto => ({ id: r.id, name: r.name, capacity: r.capacity ?? null });
export const toAgendaItemDto = (a: Pick<AgendaItem, 'id' | 'number' | 'title'>): AgendaItemDto => ({
  id: a.id,
  number: a.number,
  title: a.title,
});

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
  ) {}

  async list(): Promise<Omit<MeetingDto, 'rooms' | 'agendaItems'>[]> {
    const meetings = await this.ds.getRepository(Meeting).find({ order: { startDate: 'DESC' } });
    return meetings.map((m) => this.toSummary(m));
  }

  /** The meeting row, or 404. */
  async byCode(code: string): Promise<Meeting> {
    const m = await this.ds.getRepository(Meeting).findOne({ where: { code } });
    if (!m) throw new NotFoundException(`No meeting with code ${code}.`);
    return m;
  }

  async detail(code: string): Promise<MeetingDto> {
    const m = await this.byCode(code);
    const [rooms, items] = await Promise.all([
      this.ds.getRepository(Room).find({ where: { meetingId: m.id }, order: { name: 'ASC' } }),
      this.ds.getRepository(AgendaItem).find({ where: { meetingId: m.id }, order: { sortKey: 'ASC' } }),
    ]);
    this.heads.bump(m.id, m.lastSeq);
    return { ...this.toSummary(m), rooms: rooms.map(toRoomDto), agendaItems: items.map(toAgendaItemDto) };
  }

  async create(input: z.output<typeof createMeetingSchema>): Promise<MeetingDto> {
    try {
      await this.ds.getRepository(Meeting).insert({ ...input, lastSeq: 0 });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictException(`A meeting with code ${input.code} already exists.`);
      throw e;
    }
    return this.detail(input.code);
  }

  createRoom(code: string, input: z.output<typeof createRoomSchema>): Promise<RoomDto> {
    return this.writer.write(code, async (em, meeting) => {
      const room = await this.uniquely(`A room named "${input.name}" already exists in ${code}.`, () =>
        em.save(em.create(Room, { meetingId: meeting.id, name: input.name, capacity: input.capacity ?? null })),
      );
      const dto = toRoomDto(room);
      return { result: dto, changes: [{ visibility: 'public', body: { kind: 'room.created', room: dto } }] };
    });
  }

  updateRoom(code: string, id: string, input: z.output<typeof updateRoomSchema>): Promise<RoomDto> {
    return this.writer.write(code, async (em, meeting) => {
      const room = await this.findIn(em, Room, meeting.id, id, 'room');
      Object.assign(room, input);
      await this.uniquely(`A room named "${input.name}" already exists in ${code}.`, () => em.save(room));
      const dto = toRoomDto(room);
      return { result: dto, changes: [{ visibility: 'public', body: { kind: 'room.updated', room: dto } }] };
    });
  }

  deleteRoom(code: string, id: string): Promise<void> {
    return this.writer.write(code, async (em, meeting) => {
      const room = await this.findIn(em, Room, meeting.id, id, 'room');
      const [{ n }] = await em.query('SELECT count(*)::int AS n FROM calendar_session WHERE room_id = $1', [id]);
      if (n > 0) throw new ConflictException(`Room "${room.name}" still has ${n} session(s); move or cancel them first.`);
      await em.delete(Room, { id });
      return { result: undefined, changes: [{ visibility: 'public', body: { kind: 'room.deleted', room: { id } } }] };
    });
  }

  createAgendaItem(code: string, input: z.output<typeof createAgendaItemSchema>): Promise<AgendaItemDto> {
    return this.writer.write(code, async (em, meeting) => {
      const item = await this.uniquely(`Agenda item ${input.number} already exists in ${code}.`, () =>
        em.save(
          em.create(AgendaItem, { meetingId: meeting.id, number: input.number, title: input.title, sortKey: agendaSortKey(input.number) }),
        ),
      );
      const dto = toAgendaItemDto(item);
      return { result: dto, changes: [{ visibility: 'public', body: { kind: 'agenda-item.created', agendaItem: dto } }] };
    });
  }

  updateAgendaItem(code: string, id: string, input: z.output<typeof updateAgendaItemSchema>): Promise<AgendaItemDto> {
    return this.writer.write(code, async (em, meeting) => {
      const item = await this.findIn(em, AgendaItem, meeting.id, id, 'agenda item');
      Object.assign(item, input);
      if (input.number) item.sortKey = agendaSortKey(input.number);
      await this.uniquely(`Agenda item ${input.number} already exists in ${code}.`, () => em.save(item));
      const dto = toAgendaItemDto(item);
      return { result: dto, changes: [{ visibility: 'public', body: { kind: 'agenda-item.updated', agendaItem: dto } }] };
    });
  }

  deleteAgendaItem(code: string, id: string): Promise<void> {
    return this.writer.write(code, async (em, meeting) => {
      await this.findIn(em, AgendaItem, meeting.id, id, 'agenda item');
      const [{ n }] = await em.query('SELECT count(*)::int AS n FROM session_agenda_item WHERE agenda_item_id = $1', [id]);
      if (n > 0) throw new ConflictException(`The agenda item is still linked to ${n} session(s).`);
      await em.delete(AgendaItem, { id });
      return { result: undefined, changes: [{ visibility: 'public', body: { kind: 'agenda-item.deleted', agendaItem: { id } } }] };
    });
  }

  private toSummary(m: Meeting): Omit<MeetingDto, 'rooms' | 'agendaItems'> {
    return {
      code: m.code,
      title: m.title,
      shortTitle: m.shortTitle,
      venue: m.venue,
      timeZone: m.timeZone,
      startDate: m.startDate,
      endDate: m.endDate,
      lastSeq: m.lastSeq,
    };
  }

  private async findIn<E extends Room | AgendaItem>(
    em: EntityManager,
    entity: new () => E,
    meetingId: string,
    id: string,
    what: string,
  ): Promise<E> {
    const found = await em.getRepository(entity).findOne({ where: { id, meetingId } as never });
    if (!found) throw new NotFoundException(`No ${what} with id ${id} in this meeting.`);
    return found;
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
