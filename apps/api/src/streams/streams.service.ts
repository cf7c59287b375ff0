import {
  ConflictException,
  Injectable,
  NotFoundException,
  PreconditionFailedException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { z } from 'zod';
import {
  CHANNEL_NAMES,
  STREAM_CHANNELS,
  streamTransitionProblem,
  type createStreamSchema,
  type SessionDto,
  type SessionStatus,
  type StreamDto,
  type StreamListDto,
  type streamStatusSchema,
  type StreamStatus,
  type updateStreamSchema,
} from '@cop/contracts';
import type { Audience } from '../auth/access';
import { venueTime } from '../calendar/rules';
import { SessionsService } from '../calendar/sessions.service';
import type { ChangeBody } from '../changes/changes.service';
import { FeedHeads } from '../changes/feed-heads.service';
import { FeedWriter, type LockedMeeting } from '../changes/feed-writer.service';
import { offAirSessionStatus, onAirSessionStatus } from './rules';
import type { StoredChannel } from './stream.entity';

type CreateStream = z.output<typeof createStreamSchema>;
type UpdateStream = z.output<typeof updateStreamSchema>;
type SetStatus = z.output<typeof streamStatusSchema>;
type Problem = { field: string; message: string };

const STREAM_SELECT = `
  SELECT st.id, st.name, st.master_url, st.channels, st.status, st.status_changed_at, st.revision, st.updated_at,
         st.session_id, st.agenda_item_id,
         r.id AS room_id, r.name AS room_name,
         s.title AS session_title, s.starts_at AS session_starts_at, s.ends_at AS session_ends_at,
         s.status AS session_status, s.visibility AS session_visibility,
         a.number AS item_number, a.title AS item_title
    FROM stream st
    LEFT JOIN room r ON r.id = st.room_id
    LEFT JOIN calendar_session s ON s.id = st.session_id
    LEFT JOIN agenda_item a ON a.id = st.agenda_item_id`;

interface StreamRow {
  id: string;
  name: string;
  master_url: string;
  channels: StoredChannel[];
  status: StreamStatus;
  status_changed_at: Date | null;
  revision: number;
  updated_at: Date;
  session_id: string | null;
  agenda_item_id: string | null;
  room_id: string | null;
  room_name: string | null;
  session_title: SessionDto['title'] | null;
  session_starts_at: Date | null;
  session_ends_at: Date | null;
  session_status: SessionStatus | null;
  session_visibility: SessionDto['visibility'] | null;
  item_number: string | null;
  item_title: SessionDto['title'] | null;
}

const channelOrder = (c: StoredChannel) => STREAM_CHANNELS.indexOf(c.code);

/** The stream as `audience` may see it: a participants-only session on air is not named to the public. */
function toDto(r: StreamRow, meeting: { code: string; timeZone: string }, audience: Audience): StreamDto {
  const showSession = r.session_id && (audience === 'participants' || r.session_visibility === 'public');
  return {
    id: r.id,
    meeting: meeting.code,
    name: r.name,
    room: r.room_id ? { id: r.room_id, name: r.room_name! } : null,
    masterUrl: r.master_url,
    channels: [...r.channels]
      .sort((a, b) => channelOrder(a) - channelOrder(b))
      .map((c) => ({ code: c.code, name: CHANNEL_NAMES[c.code], lang: c.lang ?? null, audioOnlyUrl: c.audioOnlyUrl })),
    status: r.status,
    session: showSession
      ? {
          id: r.session_id!,
          title: r.session_title!,
          startsAt: venueTime(r.session_starts_at!, meeting.timeZone),
          endsAt: venueTime(r.session_ends_at!, meeting.timeZone),
          status: r.session_status!,
        }
      : null,
    agendaItem: r.agenda_item_id ? { id: r.agenda_item_id, number: r.item_number!, title: r.item_title! } : null,
    statusChangedAt: r.status_changed_at ? r.status_changed_at.toISOString() : null,
    revision: r.revision,
    updatedAt: r.updated_at.toISOString(),
  };
}

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
  ) {}

  async list(code: string, audience: Audience): Promise<StreamListDto> {
    const meeting = await this.sessions.meeting(code);
    // The head first: a change committed meanwhile is then replayed to a client that subscribes with it.
    const lastSeq = await this.heads.get(meeting.id);
    const rows: StreamRow[] = await this.ds.query(`${STREAM_SELECT} WHERE st.meeting_id = $1 ORDER BY st.name, st.id`, [meeting.id]);
    return { meeting: meeting.code, lastSeq, streams: rows.map((r) => toDto(r, meeting, audience)) };
  }

  async one(code: string, id: string, audience: Audience): Promise<StreamDto> {
    const meeting = await this.sessions.meeting(code);
    const rows: StreamRow[] = await this.ds.query(`${STREAM_SELECT} WHERE st.meeting_id = $1 AND st.id = $2`, [meeting.id, id]);
    if (!rows.length) throw new NotFoundException(`No stream ${id} in ${code}.`);
    return toDto(rows[0], meeting, audience);
  }

  create(code: string, input: CreateStream): Promise<StreamDto> {
    return this.writer.write(code, async (em, meeting) => {
      if (input.roomId) await this.checkRoom(em, meeting, input.roomId);
      const [{ id }] = (await this.uniquely(input.name, code, () =>
        em.query(`INSERT INTO stream (meeting_id, name, room_id, master_url, channels) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id`, [
          meeting.id,
          input.name,
          input.roomId ?? null,
          input.masterUrl,
          JSON.stringify(storedChannels(input.channels)),
        ]),
      )) as { id: string }[];
      const dto = await this.load(em, meeting, id);
      return { result: dto, changes: [{ visibility: 'public', body: { kind: 'stream.created', stream: dto } }] };
    });
  }

  update(code: string, id: string, ifMatch: number | null, input: UpdateStream): Promise<StreamDto> {
    return this.writer.write(code, async (em, meeting) => {
      const current = await this.lock(em, meeting, id, ifMatch);
      if (input.roomId) await this.checkRoom(em, meeting, input.roomId);
      await this.uniquely(input.name ?? '', code, () =>
        em.query(
          `UPDATE stream SET name = $2, room_id = $3, master_url = $4, channels = $5::jsonb, revision = revision + 1, updated_at = now()
            WHERE id = $1`,
          [
            id,
            input.name ?? current.name,
            input.roomId === undefined ? current.room_id : input.roomId,
            input.masterUrl ?? current.master_url,
            JSON.stringify(input.channels ? storedChannels(input.channels) : current.channels),
          ],
        ),
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
        const found: { status: SessionStatus; visibility: string }[] = await em.query(
          'SELECT status, visibility FROM calendar_session WHERE id = $1 AND meeting_id = $2',
          [sessionId, meeting.id],
        );
        if (!found.length) problems.push({ field: 'sessionId', message: `no session ${sessionId} in ${meeting.code}` });
        else if (found[0].visibility !== 'public')
          problems.push({ field: 'sessionId', message: 'a participants-only session cannot go on a public stream' });
        else if (found[0].status === 'cancelled') problems.push({ field: 'sessionId', message: 'the session is cancelled' });
        else onAir = found[0];
      } else if (sessionId) {
        onAir = { status: current.session_status ?? 'scheduled' };
      }
      if (agendaItemId && agendaItemId !== current.agenda_item_id) {
        const found: unknown[] = await em.query('SELECT 1 FROM agenda_item WHERE id = $1 AND meeting_id = $2', [agendaItemId, meeting.id]);
        if (!found.length) problems.push({ field: 'agendaItemId', message: `no agenda item ${agendaItemId} in ${meeting.code}` });
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

      await em.query(
        `UPDATE stream SET status = $2, session_id = $3, agenda_item_id = $4,
                status_changed_at = CASE WHEN status <> $2 THEN now() ELSE status_changed_at END,
                revision = revision + 1, updated_at = now()
          WHERE id = $1`,
        [id, status, sessionId, agendaItemId],
      );
      const dto = await this.load(em, meeting, id);
      changes.push({ visibility: 'public', body: { kind: 'stream.status', stream: dto } });
      return { result: dto, changes };
    });
  }

  private async load(em: EntityManager, meeting: LockedMeeting, id: string): Promise<StreamDto> {
    const [row] = (await em.query(`${STREAM_SELECT} WHERE st.id = $1`, [id])) as StreamRow[];
    // The change feed carries what the public may see; participants-only sessions never go on air.
    return toDto(row, meeting, 'public');
  }

  private async lock(em: EntityManager, meeting: LockedMeeting, id: string, ifMatch: number | null): Promise<StreamRow> {
    const rows: StreamRow[] = await em.query(`${STREAM_SELECT} WHERE st.meeting_id = $1 AND st.id = $2 FOR UPDATE OF st`, [meeting.id, id]);
    if (!rows.length) throw new NotFoundException(`No stream ${id} in ${meeting.code}.`);
    const current = rows[0];
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

  private async checkRoom(em: EntityManager, meeting: LockedMeeting, roomId: string): Promise<void> {
    const rows: unknown[] = await em.query('SELECT 1 FROM room WHERE id = $1 AND meeting_id = $2', [roomId, meeting.id]);
    if (!rows.length) throw unprocessable([{ field: 'roomId', message: `no room ${roomId} in ${meeting.code}` }]);
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
