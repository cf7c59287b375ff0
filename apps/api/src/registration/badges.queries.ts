import type { BadgeDto, ParticipantCategory, RegistrationStatus } from '@cop/contracts';
import type { Db } from '../database/db';

/** An approved registration with what its badge shows, and when the badge stops being valid (epoch seconds). */
export interface BadgeRow {
  id: string;
  meeting_id: string;
  badge_version: number;
  title: string | null;
  given_name: string;
  family_name: string;
  category: ParticipantCategory;
  function: BadgeDto['function'];
  affiliation: string;
  code: string;
  short_title: string;
  meeting_title: { en: string };
  venue: string;
  start_date: string;
  end_date: string;
  exp: string;
}

/** The user's approved registration for `meetingCode` (null: the latest-starting meeting); valid until `graceHours` after its last day. */
export async function findBadge(db: Db, userId: string, meetingCode: string | null, graceHours: number): Promise<BadgeRow | undefined> {
  const [row] = await db.query<BadgeRow[]>(
    `SELECT r.id, r.meeting_id, r.badge_version, r.title, r.given_name, r.family_name, r.category, r.function,
            coalesce(p.name, o.name, 'Secretariat') AS affiliation, m.code, m.short_title, m.title AS meeting_title, m.venue,
            m.start_date, m.end_date,
            floor(extract(epoch FROM ((m.end_date + 1)::timestamp AT TIME ZONE m.time_zone) + make_interval(hours => $3)))::bigint AS exp
       FROM registration r JOIN meeting m ON m.id = r.meeting_id
       LEFT JOIN party p ON p.id = r.party_id LEFT JOIN organization o ON o.id = r.organization_id
      WHERE r.user_id = $1 AND r.status = 'approved' AND ($2::text IS NULL OR m.code = $2)
      ORDER BY m.start_date DESC LIMIT 1`,
    [userId, meetingCode, graceHours],
  );
  return row;
}

/** Who a scanned badge belongs to (minimal data) and when they first came in, in the venue's time. */
export interface CheckInRow {
  title: string | null;
  given_name: string;
  family_name: string;
  category: ParticipantCategory;
  checked_in_at: Date;
  local_time: string;
  affiliation: string;
}

/** The badge's claims: still approved, and the badge not replaced since. */
export interface BadgeClaim {
  registrationId: string;
  meetingId: string;
  version: number;
  timeZone: string;
}

const RETURNING = `title, given_name, family_name, category, checked_in_at, to_char(checked_in_at AT TIME ZONE $4, 'HH24:MI') AS local_time,
   coalesce((SELECT name FROM party WHERE id = party_id), (SELECT name FROM organization WHERE id = organization_id), 'Secretariat') AS affiliation`;
const VALID = `id = $1 AND meeting_id = $2 AND status = 'approved' AND badge_version = $3`;

/**
 * Records the first entry of a valid badge; undefined when it was recorded before (or the badge
 * is not valid). The first scan wins the row; a concurrent second one waits, then finds it set.
 */
export async function recordFirstEntry(db: Db, c: BadgeClaim, byUserId: string): Promise<CheckInRow | undefined> {
  // TypeORM answers an UPDATE with [rows, rowCount].
  const [rows] = await db.query<[CheckInRow[], number]>(
    `UPDATE registration SET checked_in_at = now(), checked_in_by = $5 WHERE ${VALID} AND checked_in_at IS NULL RETURNING ${RETURNING}`,
    [c.registrationId, c.meetingId, c.version, c.timeZone, byUserId],
  );
  return rows[0];
}

/** The entry recorded earlier for a valid badge; undefined when the badge is not valid. */
export async function findEntry(db: Db, c: BadgeClaim): Promise<CheckInRow | undefined> {
  const [row] = await db.query<CheckInRow[]>(`SELECT ${RETURNING} FROM registration WHERE ${VALID}`, [
    c.registrationId,
    c.meetingId,
    c.version,
    c.timeZone,
  ]);
  return row;
}

/** Whose a refused badge is, and what their registration is now (for the desk's next step). */
export interface BadgeHolderRow {
  title: string | null;
  given_name: string;
  family_name: string;
  category: ParticipantCategory;
  affiliation: string;
  status: RegistrationStatus;
}

export async function findBadgeHolder(db: Db, registrationId: string, meetingId: string): Promise<BadgeHolderRow | undefined> {
  const [row] = await db.query<BadgeHolderRow[]>(
    `SELECT r.title, r.given_name, r.family_name, r.category, r.status, coalesce(p.name, o.name, 'Secretariat') AS affiliation
       FROM registration r LEFT JOIN party p ON p.id = r.party_id LEFT JOIN organization o ON o.id = r.organization_id
      WHERE r.id = $1 AND r.meeting_id = $2`,
    [registrationId, meetingId],
  );
  return row;
}

/** Replaces an approved registration's badge: bumping its version revokes every badge printed before. */
export async function bumpBadgeVersion(db: Db, id: string): Promise<{ badge_version: number; updated_at: Date } | undefined> {
  // TypeORM answers an UPDATE with [rows, rowCount].
  const [[r]] = await db.query<[{ badge_version: number; updated_at: Date }[], number]>(
    `UPDATE registration SET badge_version = badge_version + 1, updated_at = now() WHERE id = $1 AND status = 'approved'
      RETURNING badge_version, updated_at`,
    [id],
  );
  return r;
}
