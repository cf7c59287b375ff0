import { LRUCache } from 'lru-cache';
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
import { listSessionChanges } from '../changes/change.queries';
import { FeedWriter, type FeedWork, type LockedMeeting } from '../changes/feed-writer.service';
import { checkRevision } from '../common/if-match';
import type { Representation } from '../common/representation';
import type { Db } from '../database/db';
import { agendaItemProblems, linkAgendaItems, unlinkAgendaItems } from '../meetings/agenda-items.queries';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import type { Meeting } from '../meetings/meeting.queries';
import { roomExists } from '../meetings/room.queries';
import { FREES_ROOM, parseInstant, timingProblems, venueTime } from './rules';
import {
  findClash,
  findSession,
  findSessionRecord,
  insertSession,
  listSessions,
  loadSession,
  setSessionStatus,
  toSessionDto,
  updateSession,
  type SessionRecord,
} from './session.queries';

type SessionQuery = z.output<typeof sessionQuerySchema>;
type CreateSession = z.output<typeof createSessionSchema>;
type UpdateSession = z.output<typeof updateSessionSchema>;

const MAX_CACHED_VIEWS = 2000;

@Injectable()
export class SessionsService {
  /** Serialized schedule views keyed by meeting, audience and filters; valid while the seq matches. */
  private readonly views = new LRUCache<string, Representation & { seq: number }>({ max: MAX_CACHED_VIEWS });
  private readonly fullLists = new Map<string, { seq: number; list: Promise<SessionDto[]> }>();

  constructor(
    private readonly ds: DataSource,
    private readonly writer: FeedWriter,
    private readonly heads: FeedHeads,
    private readonly meetingLookup: MeetingLookup,
  ) {}

  /** The meeting by code (cached briefly), or 404. */
  private meeting(code: string): Promise<Meeting> {
    return this.meetingLookup.get(code);
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
    // A filter that matches nothing (a made-up ?room= or ?day=) is answered but not kept: such requests
    // must not push the real views out of the cache.
    if (sessions.length || (!query.day && !query.room && !query.type)) this.views.set(key, view);
    return view;
  }

  /** One session; participants-only sessions do not exist for the public (404). */
  async one(code: string, id: string, audience: Audience): Promise<Representation & { dto: SessionDto }> {
    const meeting = await this.meeting(code);
    const seq = await this.heads.get(meeting.id);
    const row = await findSession(this.ds, meeting.id, id);
    if (!row || (row.visibility === 'participants' && audience === 'public')) throw new NotFoundException(`No session ${id} in ${code}.`);
    const dto = toSessionDto(row, meeting);
    return { dto, etag: `W/"${dto.revision}.${seq}"`, body: JSON.stringify(dto) };
  }

  /** Every session `audience` may see, for the ICS feed and the schedule cache. */
  async list(code: string, audience: Audience): Promise<{ meeting: Meeting; seq: number; sessions: SessionDto[] }> {
    const meeting = await this.meeting(code);
    const seq = await this.heads.get(meeting.id);
    return { meeting, seq, sessions: await this.fullList(meeting, audience, seq) };
  }

  create(code: string, input: CreateSession, actorId: string | null = null): Promise<SessionDto> {
    return this.writer.write(
      code,
      async (em, meeting) => {
        const times = this.times(meeting, input.startsAt, input.endsAt);
        await this.checkRoomAndItems(em, meeting, input.roomId, input.agendaItemIds);
        if (!input.allowOverlap && !FREES_ROOM.includes(input.status as never))
          await this.checkClash(em, meeting, input.roomId, times, null);
        const id = await insertSession(em, meeting.id, {
          type: input.type,
          title: input.title,
          roomId: input.roomId,
          ...times,
          status: input.status,
          statusReason: null,
          visibility: input.visibility,
        });
        await linkAgendaItems(em, 'session', id, input.agendaItemIds);
        const dto = await this.load(em, meeting, id);
        return { result: dto, changes: [{ visibility: dto.visibility, body: { kind: 'session.created', session: dto } }] };
      },
      actorId,
    );
  }

  update(code: string, id: string, ifMatch: number | null, input: UpdateSession, actorId: string | null = null): Promise<SessionDto> {
    return this.writer.write(code, (em, meeting) => this.applyUpdate(em, meeting, id, ifMatch, input), actorId);
  }

  /**
   * Undoes the session's last change: a new edit, checked like any other (If-Match, clashes),
   * restoring the values the session had before it. 409 when there is nothing before it (just created).
   */
  undo(code: string, id: string, ifMatch: number | null, actorId: string | null = null): Promise<SessionDto> {
    return this.writer.write(
      code,
      async (em, meeting) => {
        await this.lockForWrite(em, meeting, id, ifMatch);
        const [, before] = await listSessionChanges(em, meeting.id, id, 2);
        const prev = before?.payload.session;
        if (!prev || !('title' in prev))
          throw new ConflictException({ message: 'Nothing to undo: the session has not been changed since it was created.' });
        return this.applyUpdate(em, meeting, id, ifMatch, {
          type: prev.type,
          title: prev.title,
          roomId: prev.room.id,
          startsAt: prev.startsAt,
          endsAt: prev.endsAt,
          agendaItemIds: prev.agendaItems.map((a) => a.id),
          status: prev.status,
          visibility: prev.visibility,
          // Entries written before reasons were recorded have none.
          reason: prev.status === 'cancelled' || prev.status === 'postponed' ? (prev.statusReason ?? null) : undefined,
          allowOverlap: false,
        });
      },
      actorId,
    );
  }

  private async applyUpdate(
    em: EntityManager,
    meeting: LockedMeeting,
    id: string,
    ifMatch: number | null,
    input: UpdateSession,
  ): Promise<FeedWork<SessionDto>> {
    const current = await this.lockForWrite(em, meeting, id, ifMatch);
    const next = {
      roomId: input.roomId ?? current.room_id,
      startsAt: input.startsAt ?? venueTime(current.starts_at, meeting.timeZone),
      endsAt: input.endsAt ?? venueTime(current.ends_at, meeting.timeZone),
      status: input.status ?? current.status,
    };
    const statusReason = this.reasonFor(next.status, current, input);
    const times = this.times(meeting, next.startsAt, next.endsAt);
    await this.checkRoomAndItems(em, meeting, next.roomId, input.agendaItemIds ?? []);
    const occupiesRoom = !FREES_ROOM.includes(next.status as never);
    const wasFreeOrMoved =
      FREES_ROOM.includes(current.status as never) ||
      next.roomId !== current.room_id ||
      times.startsAt.getTime() !== current.starts_at.getTime() ||
      times.endsAt.getTime() !== current.ends_at.getTime();
    // Only a change that takes room time can create a clash.
    if (!input.allowOverlap && occupiesRoom && wasFreeOrMoved) await this.checkClash(em, meeting, next.roomId, times, id);
    await updateSession(em, id, {
      type: input.type ?? current.type,
      title: input.title ?? current.title,
      roomId: next.roomId,
      startsAt: times.startsAt,
      endsAt: times.endsAt,
      status: next.status,
      statusReason,
      visibility: input.visibility ?? current.visibility,
    });
    if (input.agendaItemIds) {
      await unlinkAgendaItems(em, 'session', id);
      await linkAgendaItems(em, 'session', id, input.agendaItemIds);
    }
    const dto = await this.load(em, meeting, id);
    const kind: CalendarChangeKind = dto.status === 'cancelled' && current.status !== 'cancelled' ? 'session.cancelled' : 'session.updated';
    // A session the public could see and now cannot is removed from public schedules;
    // changes to one it never saw reach it as a bare `redacted` entry.
    const publicBody =
      current.visibility === 'public' && dto.visibility !== 'public' ? { kind: 'session.removed' as const, session: { id } } : undefined;
    return { result: dto, changes: [{ visibility: dto.visibility, body: { kind, session: dto }, publicBody }] };
  }

  /** Cancelling keeps the session on the calendar, marked cancelled (and STATUS:CANCELLED in ICS). */
  cancel(code: string, id: string, ifMatch: number | null, reason?: string, actorId: string | null = null): Promise<SessionDto> {
    return this.update(code, id, ifMatch, { status: 'cancelled', reason, allowOverlap: false }, actorId);
  }

  /**
   * Sets a session's status inside another module's feed write (the meeting is already locked),
   * bumping its revision like any edit. The caller appends the `session.updated` change.
   */
  async setStatusInWrite(em: EntityManager, meeting: LockedMeeting, id: string, status: SessionDto['status']): Promise<SessionDto> {
    await setSessionStatus(em, id, status);
    return this.load(em, meeting, id);
  }

  /** The stored session, read inside another module's feed write (the meeting is already locked); null if there is none. */
  findInWrite(db: Db, meeting: LockedMeeting, id: string): Promise<SessionRecord | null> {
    return findSessionRecord(db, meeting.id, id);
  }

  private async fullList(meeting: Meeting, audience: Audience, seq: number): Promise<SessionDto[]> {
    const key = `${meeting.id}|${audience}`;
    const hit = this.fullLists.get(key);
    if (hit && hit.seq === seq) return hit.list;
    const list = listSessions(this.ds, meeting.id, audience === 'participants').then((rows) => rows.map((r) => toSessionDto(r, meeting)));
    this.fullLists.set(key, { seq, list });
    list.catch(() => this.fullLists.delete(key));
    return list;
  }

  private async load(db: Db, meeting: LockedMeeting, id: string): Promise<SessionDto> {
    return toSessionDto(await loadSession(db, id), meeting);
  }

  private async lockForWrite(db: Db, meeting: LockedMeeting, id: string, ifMatch: number | null): Promise<SessionRecord> {
    const current = await findSessionRecord(db, meeting.id, id);
    if (!current) throw new NotFoundException(`No session ${id} in ${meeting.code}.`);
    checkRevision(ifMatch, current.revision, 'session');
    return current;
  }

  /**
   * The reason to store: a new one only for a cancelled or postponed session (422 otherwise); the
   * old one while the session stays in the status it was given for; none once it leaves it.
   */
  private reasonFor(status: SessionDto['status'], current: SessionRecord, input: UpdateSession): string | null {
    const explains = status === 'cancelled' || status === 'postponed';
    if (input.reason != null && !explains) {
      throw new UnprocessableEntityException({
        message: 'reason: only a cancelled or postponed session has one',
        details: [{ field: 'reason', message: 'only a cancelled or postponed session has one' }],
      });
    }
    if (!explains) return null;
    if (input.reason !== undefined) return input.reason;
    return status === current.status ? current.status_reason : null;
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

  private async checkRoomAndItems(db: Db, meeting: LockedMeeting, roomId: string, agendaItemIds: string[]): Promise<void> {
    const details: { field: string; message: string }[] = [];
    if (!(await roomExists(db, meeting.id, roomId))) details.push({ field: 'roomId', message: `no room ${roomId} in ${meeting.code}` });
    const items = await agendaItemProblems(db, meeting.id, agendaItemIds);
    for (const id of items.unknown) details.push({ field: 'agendaItemIds', message: `no agenda item ${id} in ${meeting.code}` });
    if (items.duplicated) details.push({ field: 'agendaItemIds', message: 'lists an agenda item twice' });
    if (details.length)
      throw new UnprocessableEntityException({ message: details.map((d) => `${d.field}: ${d.message}`).join('; '), details });
  }

  /** 409 naming the session already holding the room at that time. */
  private async checkClash(db: Db, meeting: LockedMeeting, roomId: string, t: { startsAt: Date; endsAt: Date }, selfId: string | null) {
    const found = await findClash(db, roomId, t, selfId);
    if (!found) return;
    const clash = toSessionDto(found, meeting);
    const hhmm = (iso: string) => iso.slice(11, 16);
    throw new ConflictException({
      message: `${clash.room.name} is already booked by "${clash.title.en}" from ${hhmm(clash.startsAt)} to ${hhmm(clash.endsAt)} on ${clash.day}. Send "allowOverlap": true to schedule it anyway.`,
      clashingSession: { id: clash.id, title: clash.title, startsAt: clash.startsAt, endsAt: clash.endsAt, room: clash.room },
    });
  }
}
