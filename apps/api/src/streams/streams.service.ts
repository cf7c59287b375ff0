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
  streamTransitionProblem,
  type createStreamSchema,
  type SessionStatus,
  type StreamDto,
  type StreamListDto,
  type streamStatusSchema,
  type updateStreamSchema,
} from '@cop/contracts';
import type { Audience } from '../auth/access';
import { SessionsService } from '../calendar/sessions.service';
import type { ChangeBody } from '../changes/changes.service';
import { FeedHeads } from '../changes/feed-heads.service';
import { FeedWriter, type LockedMeeting } from '../changes/feed-writer.service';
import type { Db } from '../database/db';
import { agendaItemProblems } from '../meetings/agenda-items.queries';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { roomExists } from '../meetings/room.queries';
import { offAirSessionStatus, onAirSessionStatus } from './rules';
import {
  channelOrder,
  findStream,
  insertStream,
  listStreams,
  loadStream,
  lockStream,
  setOnAir,
  toStreamDto,
  updateStream,
  type StoredChannel,
  type StreamRow,
} from './stream.queries';

type CreateStream = z.output<typeof createStreamSchema>;
type UpdateStream = z.output<typeof updateStreamSchema>;
type SetStatus = z.output<typeof streamStatusSchema>;
type Problem = { field: string; message: string };

const storedChannels = (channels: CreateStream['channels']): StoredChannel[] =>
  [...channels]
    .map((c) => ({
      code: c.code,
      lang: c.lang === undefined ? (c.code === 'floor' ? null : c.code) : c.lang,
      audioOnlyUrl: c.audioOnlyUrl,
    }))
    .sort((a, b) => channelOrder(a) - channelOrder(b));

const unprocessable = (details: Problem[]) =>
  new UnprocessableEntityException({ message: details.map((d) => `${d.field}: ${d.message}`).join('; '), details });

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '23505';

/**
 * Plenary streams: where the HLS media is, its status, the session on air and "now in plenary".
 * Every write goes through the FeedWriter, so it reaches every portal through the change feed
 * (same seq as the calendar) and is replayed to clients that were away.
 */
@Injectable()
export class StreamsService {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: FeedWriter,
    private readonly heads: FeedHeads,
    private readonly sessions: SessionsService,
    private readonly meetings: MeetingLookup,
  ) {}

  async list(code: string, audience: Audience): Promise<StreamListDto> {
    const meeting = await this.meetings.get(code);
    // The head first: a change committed meanwhile is then replayed to a client that subscribes with it.
    const lastSeq = await this.heads.get(meeting.id);
    const rows = await listStreams(this.ds, meeting.id);
    return { meeting: meeting.code, lastSeq, streams: rows.map((r) => toStreamDto(r, meeting, audience)) };
  }

  async one(code: string, id: string, audience: Audience): Promise<StreamDto> {
    const meeting = await this.meetings.get(code);
    const row = await findStream(this.ds, meeting.id, id);
    if (!row) throw new NotFoundException(`No stream ${id} in ${code}.`);
    return toStreamDto(row, meeting, audience);
  }

  create(code: string, input: CreateStream): Promise<StreamDto> {
    return this.writer.write(code, async (em, meeting) => {
      if (input.roomId) await this.checkRoom(em, meeting, input.roomId);
      const id = await this.uniquely(input.name, code, () =>
        insertStream(em, meeting.id, {
          name: input.name,
          roomId: input.roomId ?? null,
          masterUrl: input.masterUrl,
          channels: storedChannels(input.channels),
        }),
      );
      const dto = await this.load(em, meeting, id);
      return { result: dto, changes: [{ visibility: 'public', body: { kind: 'stream.created', stream: dto } }] };
    });
  }

  update(code: string, id: string, ifMatch: number | null, input: UpdateStream): Promise<StreamDto> {
    return this.writer.write(code, async (em, meeting) => {
      const current = await this.lock(em, meeting, id, ifMatch);
      if (input.roomId) await this.checkRoom(em, meeting, input.roomId);
      await this.uniquely(input.name ?? '', code, () =>
        updateStream(em, id, {
          name: input.name ?? current.name,
          roomId: input.roomId === undefined ? current.room_id : input.roomId,
          masterUrl: input.masterUrl ?? current.master_url,
          channels: input.channels ? storedChannels(input.channels) : current.channels,
        }),
      );
      const dto = await this.load(em, meeting, id);
      return { result: dto, changes: [{ visibility: 'public', body: { kind: 'stream.updated', stream: dto } }] };
    });
  }

  /**
   * The secretariat's live controls: status, session on air, agenda item under consideration.
   * The session on air follows the stream in the calendar (see rules.ts), in the same transaction.
   */
  setStatus(code: string, id: string, ifMatch: number | null, input: SetStatus): Promise<StreamDto> {
    return this.writer.write(code, async (em, meeting) => {
      const current = await this.lock(em, meeting, id, ifMatch);
      const status = input.status ?? current.status;
      const sessionId = input.sessionId === undefined ? current.session_id : input.sessionId;
      const agendaItemId = input.agendaItemId === undefined ? current.agenda_item_id : input.agendaItemId;

      const problems: Problem[] = [];
      const transition = input.status ? streamTransitionProblem(current.status, status) : null;
      if (transition) problems.push({ field: 'status', message: transition });
      let onAir: { status: SessionStatus } | null = null;
      if (sessionId && sessionId !== current.session_id) {
        const found = await this.sessions.findInWrite(em, meeting, sessionId);
        if (!found) problems.push({ field: 'sessionId', message: `no session ${sessionId} in ${meeting.code}` });
        else if (found.visibility !== 'public')
          problems.push({ field: 'sessionId', message: 'a participants-only session cannot go on a public stream' });
        else if (found.status === 'cancelled') problems.push({ field: 'sessionId', message: 'the session is cancelled' });
        else onAir = found;
      } else if (sessionId) {
        onAir = { status: current.session_status ?? 'scheduled' };
      }
      if (agendaItemId && agendaItemId !== current.agenda_item_id) {
        const { unknown } = await agendaItemProblems(em, meeting.id, [agendaItemId]);
        if (unknown.length) problems.push({ field: 'agendaItemId', message: `no agenda item ${agendaItemId} in ${meeting.code}` });
      }
      if (problems.length) throw unprocessable(problems);

      // The calendar follows: the session leaving the air concludes, the one on air goes live.
      const changes: { visibility: 'public' | 'participants'; body: ChangeBody }[] = [];
      const setSession = async (sid: string, next: SessionStatus | null) => {
        if (!next) return;
        const session = await this.sessions.setStatusInWrite(em, meeting, sid, next);
        changes.push({ visibility: session.visibility, body: { kind: 'session.updated', session } });
      };
      if (current.session_id && current.session_id !== sessionId && current.session_status)
        await setSession(current.session_id, offAirSessionStatus(current.session_status));
      if (sessionId && onAir) await setSession(sessionId, onAirSessionStatus(status, onAir.status));

      await setOnAir(em, id, { status, sessionId, agendaItemId });
      const dto = await this.load(em, meeting, id);
      changes.push({ visibility: 'public', body: { kind: 'stream.status', stream: dto } });
      return { result: dto, changes };
    });
  }

  private async load(db: Db, meeting: LockedMeeting, id: string): Promise<StreamDto> {
    // The change feed carries what the public may see; participants-only sessions never go on air.
    return toStreamDto(await loadStream(db, id), meeting, 'public');
  }

  private async lock(db: Db, meeting: LockedMeeting, id: string, ifMatch: number | null): Promise<StreamRow> {
    const current = await lockStream(db, meeting.id, id);
    if (!current) throw new NotFoundException(`No stream ${id} in ${meeting.code}.`);
    // If-Match is optional here: the live controls are last-writer-wins, but a client that sends
    // the revision it saw is told when someone else acted first.
    if (ifMatch !== null && ifMatch !== current.revision) {
      throw new PreconditionFailedException({
        message: `Someone else changed this stream first (revision ${current.revision}, you had ${Number.isNaN(ifMatch) ? 'none' : ifMatch}).`,
        currentRevision: current.revision,
      });
    }
    return current;
  }

  private async checkRoom(db: Db, meeting: LockedMeeting, roomId: string): Promise<void> {
    if (!(await roomExists(db, meeting.id, roomId)))
      throw unprocessable([{ field: 'roomId', message: `no room ${roomId} in ${meeting.code}` }]);
  }

  private async uniquely<T>(name: string, code: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictException(`A stream named "${name}" already exists in ${code}.`);
      throw e;
    }
  }
}
