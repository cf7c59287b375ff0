import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  createSessionSchema,
  sessionQuerySchema,
  updateSessionSchema,
  type CalendarChangeKind,
  type SessionDto,
  type SessionListDto,
} from '@cop/contracts';
import type { Audience } from '../auth/access';
import { FeedHeads } from '../changes/feed-heads.service';
import { FeedWriter, type LockedMeeting } from '../changes/feed-writer.service';
import { MeetingDirectory } from '../meetings/meeting-directory.service';
import type { Meeting } from '../meetings/meeting.entity';
import { FREES_ROOM, parseInstant, timingProblems, venueDay, venueTime } from './rules';
import { Session } from './session.entity';
import { checkRevision } from '../common/if-match';

type SessionQuery = z.output<typeof sessionQuerySchema>;
type CreateSession = z.output<typeof createSessionSchema>;
type UpdateSession = z.output<typeof updateSessionSchema>;

/** A ready-to-send representation: the body is serialized once and reused until the feed moves. */
export interface Representation {
  etag: string;
  /** Encoded once: re-encoding non-Latin titles on every read is a measurable cost. */
  body: string | Buffer;
}

const MAX_CACHED_VIEWS = 2000;

const SESSION_SELECT = `
  SELECT s.id, s.type, s.title, s.starts_at, s.ends_at, s.status, s.visibility, s.revision, s.updated_at,
         r.id AS room_id, r.name AS room_name, r.capacity AS room_capacity,
         COALESCE((SELECT json_agg(json_build_object('id', a.id, 'number', a.number, 'title', a.title) ORDER BY sai.position)
                     FROM session_agenda_item sai JOIN agenda_item a ON a.id = sai.agenda_item_id
                    WHERE sai.session_id = s.id), '[]'::json) AS agenda_items
    FROM calendar_session s JOIN room r ON r.id = s.room_id`;

interface SessionRow {
  id: string;
  type: SessionDto['type'];
  title: SessionDto['title'];
  starts_at: Date;
  ends_at: Date;
  status: SessionDto['status'];
  visibility: SessionDto['visibility'];
  revision: number;
  updated_at: Date;
  room_id: string;
  room_name: string;
  room_capacity: number | null;
  agenda_items: SessionDto['agendaItems'];
}

function toDto(r: SessionRow, meeting: { code: string; timeZone: string }): SessionDto {
  return {
    id: r.id,
    meeting: meeting.code,
    type: r.type,
    title: r.title,
    room: { id: r.room_id, name: r.room_name, capacity: r.room_capacity },
    startsAt: venueTime(r.starts_at, meeting.timeZone),
    endsAt: venueTime(r.ends_at, meeting.timeZone),
    day: venueDay(r.starts_at, meeting.timeZone),
    agendaItems: r.agenda_items,
    status: r.status,
    visibility: r.visibility,
    revision: r.revision,
    updatedAt: r.updated_at.toISOString(),
  };
}

@Injectable()
export class SessionsService {
  /** Serialized schedule views keyed by meeting, audience and filters; valid while the seq matches. */
  private readonly views = new Map<string, Representation & { seq: number }>();
  private readonly fullLists = new Map<string, { seq: number; list: Promise<SessionDto[]> }>();

  constructor(
    private readonly ds: DataSource,
    private readonly writer: FeedWriter,
    private readonly heads: FeedHeads,
    private readonly directory: MeetingDirectory,
  ) {}

  /** The meeting by code (cached briefly), or 404. */
  meeting(code: string): Promise<Meeting> {
    return this.directory.get(code);
  }

  /** The schedule as `audience` may see it, filtered, ready to send. */
  async schedule(code: string, audience: Audience, query: SessionQuery): Promise<Representation> {
    const meeting = await this.meeting(code);
    const seq = await this.heads.get(meeting.id);
    const key = `${meeting.id}|${audience}|${query.day ?? ''}|${query.room ?? ''}|${query.type ?? ''}`;
    const cached = this.views.get(key);
    if (cached && cached.seq === seq) return cached;

    const all = await this.fullList(meeting, audience, seq);
    const sessions = all.filter(
      (s) => (!query.day || s.day === query.day) && (!query.room || s.room.id === query.room) && (!query.type || s.type === query.type),
    );
    const dto: SessionListDto = { meeting: meeting.code, timeZone: meeting.timeZone, lastSeq: seq, sessions };
    const view = {
      seq,
      etag: `W/"${seq}-${audience[0]}-${createHash('sha1').update(key).digest('base64url').slice(0, 10)}"`,
      body: Buffer.from(JSON.stringify(dto)),
    };
    if (this.views.size >= MAX_CACHED_VIEWS) this.views.clear();
    this.views.set(key, view);
    return view;
  }

  /** One session; participants-only sessions do not exist for the public (404). */
  async one(code: string, id: string, audience: Audience): Promise<Representation & { dto: SessionDto }> {
    const meeting = await this.meeting(code);
    const seq = await this.heads.get(meeting.id);
    const rows: SessionRow[] = await this.ds.query(`${SESSION_SELECT} WHERE s.meeting_id = $1 AND s.id = $2`, [meeting.id, id]);
    const row = rows[0];
    if (!row || (row.visibility === 'participants' && audience === 'public')) throw new NotFoundException(`No session ${id} in ${code}.`);
    const dto = toDto(row, meeting);
    return { dto, etag: `W/"${dto.revision}.${seq}"`, body: JSON.stringify(dto) };
  }

  /** Every session `audience` may see, for the ICS feed and the schedule cache. */
  async list(code: string, audience: Audience): Promise<{ meeting: Meeting; seq: number; sessions: SessionDto[] }> {
    const meeting = await this.meeting(code);
    const seq = await this.heads.get(meeting.id);
    return { meeting, seq, sessions: await this.fullList(meeting, audience, seq) };
  }

  create(code: string, input: CreateSession): Promise<SessionDto> {
    return this.writer.write(code, async (em, meeting) => {
      const times = this.times(meeting, input.startsAt, input.endsAt);
      await this.checkRoomAndItems(em, meeting, input.roomId, input.agendaItemIds);
      if (!input.allowOverlap && !FREES_ROOM.includes(input.status as never)) await this.checkClash(em, meeting, input.roomId, times, null);
      const [{ id }] = (await em.query(
        `INSERT INTO calendar_session (meeting_id, type, title, room_id, starts_at, ends_at, status, visibility)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [meeting.id, input.type, input.title, input.roomId, times.startsAt, times.endsAt, input.status, input.visibility],
      )) as { id: string }[];
      await this.linkAgendaItems(em, id, input.agendaItemIds);
      const dto = await this.load(em, meeting, id);
      return { result: dto, changes: [{ visibility: dto.visibility, body: { kind: 'session.created', session: dto } }] };
    });
  }

  update(code: string, id: string, ifMatch: number | null, input: UpdateSession): Promise<SessionDto> {
    return this.writer.write(code, async (em, meeting) => {
      const current = await this.lockForWrite(em, meeting, id, ifMatch);
      const next = {
        roomId: input.roomId ?? current.roomId,
        startsAt: input.startsAt ?? venueTime(current.startsAt, meeting.timeZone),
        endsAt: input.endsAt ?? venueTime(current.endsAt, meeting.timeZone),
        status: input.status ?? current.status,
      };
      const times = this.times(meeting, next.startsAt, next.endsAt);
      await this.checkRoomAndItems(em, meeting, next.roomId, input.agendaItemIds ?? []);
      const occupiesRoom = !FREES_ROOM.includes(next.status as never);
      const wasFreeOrMoved =
        FREES_ROOM.includes(current.status as never) ||
        next.roomId !== current.roomId ||
        times.startsAt.getTime() !== current.startsAt.getTime() ||
        times.endsAt.getTime() !== current.endsAt.getTime();
      // Only a change that takes room time can create a clash.
      if (!input.allowOverlap && occupiesRoom && wasFreeOrMoved) await this.checkClash(em, meeting, next.roomId, times, id);
      await em.query(
        `UPDATE calendar_session
            SET type = $2, title = $3, room_id = $4, starts_at = $5, ends_at = $6, status = $7, visibility = $8,
                revision = revision + 1, updated_at = now()
          WHERE id = $1`,
        [
          id,
          input.type ?? current.type,
          input.title ?? current.title,
          next.roomId,
          times.startsAt,
          times.endsAt,
          next.status,
          input.visibility ?? current.visibility,
        ],
      );
      if (input.agendaItemIds) {
        await em.query('DELETE FROM session_agenda_item WHERE session_id = $1', [id]);
        await this.linkAgendaItems(em, id, input.agendaItemIds);
      }
      const dto = await this.load(em, meeting, id);
      const kind: CalendarChangeKind =
        dto.status === 'cancelled' && current.status !== 'cancelled' ? 'session.cancelled' : 'session.updated';
      // A session the public could see and now cannot is removed from public schedules;
      // changes to one it never saw reach it as a bare `redacted` entry.
      const publicBody =
        current.visibility === 'public' && dto.visibility !== 'public' ? { kind: 'session.removed' as const, session: { id } } : undefined;
      return { result: dto, changes: [{ visibility: dto.visibility, body: { kind, session: dto }, publicBody }] };
    });
  }

  /** Cancelling keeps the session on the calendar, marked cancelled (and STATUS:CANCELLED in ICS). */
  cancel(code: string, id: string, ifMatch: number | null): Promise<SessionDto> {
    return this.update(code, id, ifMatch, { status: 'cancelled', allowOverlap: false });
  }

  /**
   * Sets a session's status inside another module's feed write (the meeting is already locked),
   * bumping its revision like any edit. The caller appends the `session.updated` change.
   */
  async setStatusInWrite(em: EntityManager, meeting: LockedMeeting, id: string, status: SessionDto['status']): Promise<SessionDto> {
    await em.query('UPDATE calendar_session SET status = $2, revision = revision + 1, updated_at = now() WHERE id = $1', [id, status]);
    return this.load(em, meeting, id);
  }

  private async fullList(meeting: Meeting, audience: Audience, seq: number): Promise<SessionDto[]> {
    const key = `${meeting.id}|${audience}`;
    const hit = this.fullLists.get(key);
    if (hit && hit.seq === seq) return hit.list;
    const list = this.ds
      .query(`${SESSION_SELECT} WHERE s.meeting_id = $1 AND ($2 OR s.visibility = 'public') ORDER BY s.starts_at, r.name, s.id`, [
        meeting.id,
        audience === 'participants',
      ])
      .then((rows: SessionRow[]) => rows.map((r) => toDto(r, meeting)));
    this.fullLists.set(key, { seq, list });
    list.catch(() => this.fullLists.delete(key));
    return list;
  }

  private async load(em: EntityManager, meeting: LockedMeeting, id: string): Promise<SessionDto> {
    const [row] = (await em.query(`${SESSION_SELECT} WHERE s.id = $1`, [id])) as SessionRow[];
    return toDto(row, meeting);
  }

  private async lockForWrite(em: EntityManager, meeting: LockedMeeting, id: string, ifMatch: number | null): Promise<Session> {
    const current = await em.getRepository(Session).findOne({ where: { id, meetingId: meeting.id } });
    if (!current) throw new NotFoundException(`No session ${id} in ${meeting.code}.`);
    checkRevision(ifMatch, current.revision, 'session');
    return current;
  }

  private times(meeting: LockedMeeting, startsAtIso: string, endsAtIso: string): { startsAt: Date; endsAt: Date } {
    const startsAt = parseInstant(startsAtIso, meeting.timeZone);
    const endsAt = parseInstant(endsAtIso, meeting.timeZone);
    const invalid = [
      ...(startsAt ? [] : [{ field: 'startsAt', message: 'is not a real date and time' }]),
      ...(endsAt ? [] : [{ field: 'endsAt', message: 'is not a real date and time' }]),
    ];
    const problems = invalid.length ? invalid : timingProblems(startsAt!, endsAt!, meeting);
    if (problems.length) {
      throw new UnprocessableEntityException({ message: problems.map((p) => `${p.field} ${p.message}`).join('; '), details: problems });
    }
    return { startsAt: startsAt!, endsAt: endsAt! };
  }

  private async checkRoomAndItems(em: EntityManager, meeting: LockedMeeting, roomId: string, agendaItemIds: string[]): Promise<void> {
    const details: { field: string; message: string }[] = [];
    const rooms: unknown[] = await em.query('SELECT 1 FROM room WHERE id = $1 AND meeting_id = $2', [roomId, meeting.id]);
    if (!rooms.length) details.push({ field: 'roomId', message: `no room ${roomId} in ${meeting.code}` });
    if (agendaItemIds.length) {
      const found: { id: string }[] = await em.query('SELECT id FROM agenda_item WHERE id = ANY($1::uuid[]) AND meeting_id = $2', [
        agendaItemIds,
        meeting.id,
      ]);
      const known = new Set(found.map((f) => f.id));
      for (const id of agendaItemIds)
        if (!known.has(id)) details.push({ field: 'agendaItemIds', message: `no agenda item ${id} in ${meeting.code}` });
      if (new Set(agendaItemIds).size !== agendaItemIds.length)
        details.push({ field: 'agendaItemIds', message: 'lists an agenda item twice' });
    }
    if (details.length)
      throw new UnprocessableEntityException({ message: details.map((d) => `${d.field}: ${d.message}`).join('; '), details });
  }

  /** 409 naming the session already holding the room at that time. */
  private async checkClash(
    em: EntityManager,
    meeting: LockedMeeting,
    roomId: string,
    t: { startsAt: Date; endsAt: Date },
    selfId: string | null,
  ) {
    const clashes: SessionRow[] = await em.query(
      `${SESSION_SELECT}
        WHERE s.room_id = $1 AND s.status <> ALL($2::text[]) AND s.starts_at < $4 AND $3 < s.ends_at AND ($5::uuid IS NULL OR s.id <> $5)
        ORDER BY s.starts_at LIMIT 1`,
      [roomId, FREES_ROOM, t.startsAt, t.endsAt, selfId],
    );
    if (!clashes.length) return;
    const clash = toDto(clashes[0], meeting);
    const hhmm = (iso: string) => iso.slice(11, 16);
    throw new ConflictException({
      message: `${clash.room.name} is already booked by "${clash.title.en}" from ${hhmm(clash.startsAt)} to ${hhmm(clash.endsAt)} on ${clash.day}. Send "allowOverlap": true to schedule it anyway.`,
      clashingSession: { id: clash.id, title: clash.title, startsAt: clash.startsAt, endsAt: clash.endsAt, room: clash.room },
    });
  }

  private async linkAgendaItems(em: EntityManager, sessionId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await em.query(
      `INSERT INTO session_agenda_item (session_id, agenda_item_id, position)
       SELECT $1, id, ord FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [sessionId, ids],
    );
  }
}
