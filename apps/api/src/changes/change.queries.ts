import { CALENDAR_CHANGE_KINDS, type CalendarChangeKind, type ChangeEvent, type Visibility } from '@cop/contracts';
import type { Db } from '../database/db';

/** A redacted change for the public room: the kind and at most an id. */
export type PublicBody = Pick<ChangeEvent, 'kind' | 'session' | 'document'>;

/** A meeting_change row as PostgreSQL returns it. PostgreSQL is the truth; Redis only carries it. */
export interface ChangeRow {
  meeting_id: string;
  seq: string;
  kind: ChangeEvent['kind'];
  /** Who may see the full payload; others get a redacted form. */
  visibility: Visibility;
  /** The event exactly as participants receive it. */
  payload: ChangeEvent;
  /**
   * For a participants-only change: what the public receives instead (kind and the id of
   * something it had seen, now removed for it). Null: a bare `redacted` entry.
   */
  public_payload: PublicBody | null;
}

/** One entry of a meeting's change feed. */
export interface Change {
  meetingId: string;
  seq: number;
  kind: ChangeEvent['kind'];
  visibility: Visibility;
  payload: ChangeEvent;
  publicPayload: PublicBody | null;
  /** Who made it (an account id), for the secretariat only; never part of any payload. Null: the system or unknown. */
  actorId?: string | null;
}

export const toChange = (r: ChangeRow): Change => ({
  meetingId: r.meeting_id,
  seq: Number(r.seq),
  kind: r.kind,
  visibility: r.visibility,
  payload: r.payload,
  publicPayload: r.public_payload,
});

const CHANGE_COLUMNS = 'meeting_id, seq, kind, visibility, payload, public_payload';

/** The meeting row as a feed write locks it, until commit. */
export interface LockedMeetingRow {
  id: string;
  code: string;
  time_zone: string;
  start_date: string;
  end_date: string;
}

/** Locks the meeting for one write to its calendar and feed; null for an unknown code. */
export async function lockMeeting(db: Db, code: string): Promise<LockedMeetingRow | null> {
  const rows = await db.query<LockedMeetingRow[]>(
    'SELECT id, code, time_zone, start_date, end_date FROM meeting WHERE code = $1 FOR UPDATE',
    [code],
  );
  return rows[0] ?? null;
}

/**
 * The meeting's next seq and the transaction's time. The UPDATE locks the meeting's counter
 * row until commit, so seqs are allocated one at a time and a rollback leaves no gap.
 */
export async function allocateSeq(db: Db, meetingId: string): Promise<{ seq: number; at: Date }> {
  // An UPDATE answers [rows, row count].
  const [[row]] = await db.query<[{ last_seq: string; at: Date }[], number]>(
    'UPDATE meeting SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq, now() AS at',
    [meetingId],
  );
  return { seq: Number(row.last_seq), at: row.at };
}

export async function insertChange(db: Db, c: Change): Promise<void> {
  await db.query(
    `INSERT INTO meeting_change (meeting_id, seq, kind, visibility, payload, public_payload, actor_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [c.meetingId, c.seq, c.kind, c.visibility, c.payload, c.publicPayload, c.actorId ?? null],
  );
}

/** Up to `limit` changes after `since`, oldest first. */
export async function listChangesSince(db: Db, meetingId: string, since: number, limit: number): Promise<Change[]> {
  const rows = await db.query<ChangeRow[]>(
    `SELECT ${CHANGE_COLUMNS} FROM meeting_change WHERE meeting_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [meetingId, since, limit],
  );
  return rows.map(toChange);
}

/** Marks changes as broadcast. */
export async function markPublished(db: Db, meetingId: string, seqs: number[]): Promise<void> {
  await db.query('UPDATE meeting_change SET published_at = now() WHERE meeting_id = $1 AND seq = ANY($2::bigint[])', [meetingId, seqs]);
}

/**
 * Changes committed more than `olderThanMs` ago and never broadcast (their writer crashed),
 * locked until commit; rows another process is re-sending are skipped.
 */
export async function lockOrphans(db: Db, olderThanMs: number, limit: number): Promise<Change[]> {
  const rows = await db.query<ChangeRow[]>(
    `SELECT ${CHANGE_COLUMNS} FROM meeting_change
      WHERE published_at IS NULL AND created_at < now() - make_interval(secs => $1)
      ORDER BY meeting_id, seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [olderThanMs / 1000, limit],
  );
  return rows.map(toChange);
}

/** The newest seq of the meeting's feed (0 for an unknown meeting). */
export async function findFeedHead(db: Db, meetingId: string): Promise<number> {
  const rows = await db.query<{ last_seq: string }[]>('SELECT last_seq FROM meeting WHERE id = $1', [meetingId]);
  return rows.length ? Number(rows[0].last_seq) : 0;
}

/** The newest seq of each of these meetings' feeds, by code; unknown codes are left out. */
export async function findFeedHeadsByCode(db: Db, codes: string[]): Promise<{ code: string; lastSeq: number }[]> {
  const rows = await db.query<{ code: string; last_seq: string }[]>('SELECT code, last_seq FROM meeting WHERE code = ANY($1)', [codes]);
  return rows.map((r) => ({ code: r.code, lastSeq: Number(r.last_seq) }));
}

/** A calendar change of one venue day with its actor's name, as the secretariat's log reads it. */
export interface ChangeLogRow {
  seq: string;
  at: Date;
  kind: CalendarChangeKind;
  payload: ChangeEvent;
  actor_id: string | null;
  actor_name: string | null;
}

/** The meeting's calendar changes made on `day` in `timeZone`, newest first. */
export function listChangeLog(db: Db, meetingId: string, day: string, timeZone: string, limit: number): Promise<ChangeLogRow[]> {
  return db.query<ChangeLogRow[]>(
    `SELECT c.seq, c.created_at AS at, c.kind, c.payload, c.actor_id, u.display_name AS actor_name
       FROM meeting_change c LEFT JOIN app_user u ON u.id = c.actor_id
      WHERE c.meeting_id = $1 AND c.kind = ANY($4::text[]) AND (c.created_at AT TIME ZONE $3)::date = $2::date
      ORDER BY c.seq DESC LIMIT $5`,
    [meetingId, day, timeZone, CALENDAR_CHANGE_KINDS, limit],
  );
}

/** The session's newest `limit` changes as participants received them, newest first (for undo). */
export async function listSessionChanges(db: Db, meetingId: string, sessionId: string, limit: number): Promise<Change[]> {
  const rows = await db.query<ChangeRow[]>(
    `SELECT ${CHANGE_COLUMNS} FROM meeting_change
      WHERE meeting_id = $1 AND kind LIKE 'session.%' AND payload->'session'->>'id' = $2
      ORDER BY seq DESC LIMIT $3`,
    [meetingId, sessionId, limit],
  );
  return rows.map(toChange);
}
