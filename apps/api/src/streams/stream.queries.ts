import {
  CHANNEL_NAMES,
  STREAM_CHANNELS,
  type LocalizedText,
  type SessionStatus,
  type StreamChannel,
  type StreamDto,
  type StreamStatus,
  type Visibility,
} from '@cop/contracts';
import type { Audience } from '../auth/access';
import { venueTime } from '../calendar/rules';
import type { Db } from '../database/db';

/** One interpretation channel as stored: its code, its rendition's language tag, its audio-only playlist. */
export interface StoredChannel {
  code: StreamChannel;
  lang: string | null;
  audioOnlyUrl: string;
}

/**
 * A stream of a meeting room with what is on air, as STREAM_SELECT returns it. The API does not
 * transcode: the venue's encoder or a CDN serves the HLS media; the stream says where it is.
 */
export interface StreamRow {
  id: string;
  name: string;
  /** HLS master playlist: the video rendition and one audio rendition (EXT-X-MEDIA) per channel. */
  master_url: string;
  /** floor first, then the UN languages in protocol order; each with its own audio-only playlist. */
  channels: StoredChannel[];
  status: StreamStatus;
  status_changed_at: Date | null;
  revision: number;
  updated_at: Date;
  /** The calendar session on air. */
  session_id: string | null;
  /** "Now in plenary": the agenda item under consideration. */
  agenda_item_id: string | null;
  room_id: string | null;
  room_name: string | null;
  session_title: LocalizedText | null;
  session_starts_at: Date | null;
  session_ends_at: Date | null;
  session_status: SessionStatus | null;
  session_visibility: Visibility | null;
  item_number: string | null;
  item_title: LocalizedText | null;
}

/** What a create or an edit of a stream sets. */
export interface StreamFields {
  name: string;
  roomId: string | null;
  masterUrl: string;
  channels: StoredChannel[];
}

/** What the live controls set. */
export interface OnAir {
  status: StreamStatus;
  sessionId: string | null;
  agendaItemId: string | null;
}

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

export const channelOrder = (c: Pick<StoredChannel, 'code'>) => STREAM_CHANNELS.indexOf(c.code);

/** The stream as `audience` may see it: a participants-only session on air is not named to the public. */
export function toStreamDto(r: StreamRow, meeting: { code: string; timeZone: string }, audience: Audience): StreamDto {
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

/** The meeting's streams by name. */
export function listStreams(db: Db, meetingId: string): Promise<StreamRow[]> {
  return db.query<StreamRow[]>(`${STREAM_SELECT} WHERE st.meeting_id = $1 ORDER BY st.name, st.id`, [meetingId]);
}

export async function findStream(db: Db, meetingId: string, id: string): Promise<StreamRow | null> {
  const rows = await db.query<StreamRow[]>(`${STREAM_SELECT} WHERE st.meeting_id = $1 AND st.id = $2`, [meetingId, id]);
  return rows[0] ?? null;
}

/** A stream just written, by id. */
export async function loadStream(db: Db, id: string): Promise<StreamRow> {
  const [row] = await db.query<StreamRow[]>(`${STREAM_SELECT} WHERE st.id = $1`, [id]);
  return row;
}

/** The stream, its row locked until commit. */
export async function lockStream(db: Db, meetingId: string, id: string): Promise<StreamRow | null> {
  const rows = await db.query<StreamRow[]>(`${STREAM_SELECT} WHERE st.meeting_id = $1 AND st.id = $2 FOR UPDATE OF st`, [meetingId, id]);
  return rows[0] ?? null;
}

/** A new stream, scheduled with nothing on air; its id. Fails with a unique violation when the name is taken. */
export async function insertStream(db: Db, meetingId: string, f: StreamFields): Promise<string> {
  const [{ id }] = await db.query<{ id: string }[]>(
    `INSERT INTO stream (meeting_id, name, room_id, master_url, channels) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id`,
    [meetingId, f.name, f.roomId, f.masterUrl, JSON.stringify(f.channels)],
  );
  return id;
}

/** Replaces name, room, playlist and channels; fails with a unique violation when the name is taken. */
export async function updateStream(db: Db, id: string, f: StreamFields): Promise<void> {
  await db.query(
    `UPDATE stream SET name = $2, room_id = $3, master_url = $4, channels = $5::jsonb, revision = revision + 1, updated_at = now()
      WHERE id = $1`,
    [id, f.name, f.roomId, f.masterUrl, JSON.stringify(f.channels)],
  );
}

/** Sets what is on air; the status's time moves only when the status does. */
export async function setOnAir(db: Db, id: string, on: OnAir): Promise<void> {
  await db.query(
    `UPDATE stream SET status = $2, session_id = $3, agenda_item_id = $4,
            status_changed_at = CASE WHEN status <> $2 THEN now() ELSE status_changed_at END,
            revision = revision + 1, updated_at = now()
      WHERE id = $1`,
    [id, on.status, on.sessionId, on.agendaItemId],
  );
}
