import type { LocalizedText, SessionDto, SessionStatus, SessionType, Visibility } from '@cop/contracts';
import type { Db } from '../database/db';
import { FREES_ROOM, venueDay, venueTime } from './rules';

/** A calendar_session row as stored: a block on the meeting's calendar. */
export interface SessionRecord {
  id: string;
  type: SessionType;
  title: LocalizedText;
  room_id: string;
  starts_at: Date;
  ends_at: Date;
  status: SessionStatus;
  status_reason: string | null;
  visibility: Visibility;
  /** Bumped on every write; clients send it back in If-Match. */
  revision: number;
}

/** A session with its room and agenda items, as SESSION_SELECT returns it. */
export interface SessionRow {
  id: string;
  type: SessionType;
  title: LocalizedText;
  starts_at: Date;
  ends_at: Date;
  status: SessionStatus;
  status_reason: string | null;
  visibility: Visibility;
  revision: number;
  updated_at: Date;
  room_id: string;
  room_name: string;
  room_capacity: number | null;
  agenda_items: SessionDto['agendaItems'];
}

/** What a session write sets; the times are instants already checked against the meeting. */
export interface SessionFields {
  type: SessionType;
  title: LocalizedText;
  roomId: string;
  startsAt: Date;
  endsAt: Date;
  status: SessionStatus;
  statusReason: string | null;
  visibility: Visibility;
}

const SESSION_SELECT = `
  SELECT s.id, s.type, s.title, s.starts_at, s.ends_at, s.status, s.status_reason, s.visibility, s.revision, s.updated_at,
         r.id AS room_id, r.name AS room_name, r.capacity AS room_capacity,
         COALESCE((SELECT json_agg(json_build_object('id', a.id, 'number', a.number, 'title', a.title) ORDER BY sai.position)
                     FROM session_agenda_item sai JOIN agenda_item a ON a.id = sai.agenda_item_id
                    WHERE sai.session_id = s.id), '[]'::json) AS agenda_items
    FROM calendar_session s JOIN room r ON r.id = s.room_id`;

/** The session as the API answers it, its times in the venue's zone. */
export function toSessionDto(r: SessionRow, meeting: { code: string; timeZone: string }): SessionDto {
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
    statusReason: r.status_reason,
    visibility: r.visibility,
    revision: r.revision,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The meeting's sessions in schedule order; participants-only ones only when `participants`. */
export function listSessions(db: Db, meetingId: string, participants: boolean): Promise<SessionRow[]> {
  return db.query<SessionRow[]>(
    `${SESSION_SELECT} WHERE s.meeting_id = $1 AND ($2 OR s.visibility = 'public') ORDER BY s.starts_at, r.name, s.id`,
    [meetingId, participants],
  );
}

export async function findSession(db: Db, meetingId: string, id: string): Promise<SessionRow | null> {
  const rows = await db.query<SessionRow[]>(`${SESSION_SELECT} WHERE s.meeting_id = $1 AND s.id = $2`, [meetingId, id]);
  return rows[0] ?? null;
}

/** A session just written, by id. */
export async function loadSession(db: Db, id: string): Promise<SessionRow> {
  const [row] = await db.query<SessionRow[]>(`${SESSION_SELECT} WHERE s.id = $1`, [id]);
  return row;
}

/** The stored session, for a write to compare against. */
export async function findSessionRecord(db: Db, meetingId: string, id: string): Promise<SessionRecord | null> {
  const rows = await db.query<SessionRecord[]>(
    `SELECT id, type, title, room_id, starts_at, ends_at, status, status_reason, visibility, revision
       FROM calendar_session WHERE id = $1 AND meeting_id = $2`,
    [id, meetingId],
  );
  return rows[0] ?? null;
}

/** The first session other than `selfId` holding the room for part of [startsAt, endsAt), if any. */
export async function findClash(
  db: Db,
  roomId: string,
  t: { startsAt: Date; endsAt: Date },
  selfId: string | null,
): Promise<SessionRow | null> {
  const rows = await db.query<SessionRow[]>(
    `${SESSION_SELECT}
      WHERE s.room_id = $1 AND s.status <> ALL($2::text[]) AND s.starts_at < $4 AND $3 < s.ends_at AND ($5::uuid IS NULL OR s.id <> $5)
      ORDER BY s.starts_at LIMIT 1`,
    [roomId, FREES_ROOM, t.startsAt, t.endsAt, selfId],
  );
  return rows[0] ?? null;
}

/** A new session; its id. */
export async function insertSession(db: Db, meetingId: string, f: SessionFields): Promise<string> {
  const [{ id }] = await db.query<{ id: string }[]>(
    `INSERT INTO calendar_session (meeting_id, type, title, room_id, starts_at, ends_at, status, visibility, status_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [meetingId, f.type, f.title, f.roomId, f.startsAt, f.endsAt, f.status, f.visibility, f.statusReason],
  );
  return id;
}

/** Replaces the session's fields and bumps its revision. */
export async function updateSession(db: Db, id: string, f: SessionFields): Promise<void> {
  await db.query(
    `UPDATE calendar_session
        SET type = $2, title = $3, room_id = $4, starts_at = $5, ends_at = $6, status = $7, visibility = $8, status_reason = $9,
            revision = revision + 1, updated_at = now()
      WHERE id = $1`,
    [id, f.type, f.title, f.roomId, f.startsAt, f.endsAt, f.status, f.visibility, f.statusReason],
  );
}

/** Sets only the status (a reason only belongs to the status it was given for), bumping the revision like any edit. */
export async function setSessionStatus(db: Db, id: string, status: SessionStatus): Promise<void> {
  await db.query(
    'UPDATE calendar_session SET status = $2, status_reason = NULL, revision = revision + 1, updated_at = now() WHERE id = $1',
    [id, status],
  );
}
