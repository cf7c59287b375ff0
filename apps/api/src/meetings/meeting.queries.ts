import type { LocalizedText, MeetingDto } from '@cop/contracts';
import type { Db } from '../database/db';

/** A meeting row as PostgreSQL returns it (dates as YYYY-MM-DD text, see data-source.ts). */
export interface MeetingRow {
  id: string;
  /** Stable public code, e.g. mc-cop-6 */
  code: string;
  title: LocalizedText;
  short_title: string;
  venue: string;
  /** IANA zone of the venue; every time shown to people is in this zone. */
  time_zone: string;
  start_date: string;
  end_date: string;
  /** Bumped on every edit of the meeting's own fields (If-Match). */
  revision: number;
  /** Counter of the change feed; bumped under the row lock so seqs have no gaps. */
  last_seq: string;
}

export type MeetingSummaryDto = Omit<MeetingDto, 'rooms' | 'agendaItems'>;

/** A meeting as the services use it: what clients see of it, and its row id. */
export interface Meeting extends MeetingSummaryDto {
  id: string;
}

const MEETING_COLUMNS = 'id, code, title, short_title, venue, time_zone, start_date, end_date, revision, last_seq';

export function toMeeting(r: MeetingRow): Meeting {
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    shortTitle: r.short_title,
    venue: r.venue,
    timeZone: r.time_zone,
    startDate: r.start_date,
    endDate: r.end_date,
    revision: r.revision,
    lastSeq: Number(r.last_seq),
  };
}

export function toMeetingSummaryDto(m: Meeting): MeetingSummaryDto {
  return {
    code: m.code,
    title: m.title,
    shortTitle: m.shortTitle,
    venue: m.venue,
    timeZone: m.timeZone,
    startDate: m.startDate,
    endDate: m.endDate,
    revision: m.revision,
    lastSeq: m.lastSeq,
  };
}

/** Every meeting, the latest first. */
export async function listMeetings(db: Db): Promise<Meeting[]> {
  const rows = await db.query<MeetingRow[]>(`SELECT ${MEETING_COLUMNS} FROM meeting ORDER BY start_date DESC`);
  return rows.map(toMeeting);
}

export async function findMeetingByCode(db: Db, code: string): Promise<Meeting | null> {
  const rows = await db.query<MeetingRow[]>(`SELECT ${MEETING_COLUMNS} FROM meeting WHERE code = $1`, [code]);
  return rows[0] ? toMeeting(rows[0]) : null;
}

/** A new meeting with an empty change feed; its id. */
export async function insertMeeting(
  db: Db,
  m: Pick<Meeting, 'code' | 'title' | 'shortTitle' | 'venue' | 'timeZone' | 'startDate' | 'endDate'>,
): Promise<string> {
  const [{ id }] = await db.query<{ id: string }[]>(
    `INSERT INTO meeting (code, title, short_title, venue, time_zone, start_date, end_date, last_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 0) RETURNING id`,
    [m.code, m.title, m.shortTitle, m.venue, m.timeZone, m.startDate, m.endDate],
  );
  return id;
}

export type MeetingFields = Pick<Meeting, 'title' | 'shortTitle' | 'venue' | 'timeZone' | 'startDate' | 'endDate'>;

/** Writes the meeting's own fields and bumps its revision (the caller holds the row lock). */
export async function updateMeetingFields(db: Db, id: string, m: MeetingFields): Promise<void> {
  await db.query(
    `UPDATE meeting SET title = $2, short_title = $3, venue = $4, time_zone = $5, start_date = $6, end_date = $7,
       revision = revision + 1
     WHERE id = $1`,
    [id, m.title, m.shortTitle, m.venue, m.timeZone, m.startDate, m.endDate],
  );
}

/** A session that would fall outside the meeting's days, read in `timeZone`. */
export interface SessionOutsideRow {
  id: string;
  title: LocalizedText;
  day: string;
}

/** Sessions (cancelled ones too: they stay on the calendar) that start or end outside [start, end] in `timeZone`. */
export async function findSessionsOutside(
  db: Db,
  meetingId: string,
  timeZone: string,
  startDate: string,
  endDate: string,
): Promise<SessionOutsideRow[]> {
  return db.query<SessionOutsideRow[]>(
    `SELECT id, title, to_char(starts_at AT TIME ZONE $2, 'YYYY-MM-DD') AS day
       FROM calendar_session
      WHERE meeting_id = $1
        AND ((starts_at AT TIME ZONE $2)::date < $3::date OR ((ends_at - interval '1 microsecond') AT TIME ZONE $2)::date > $4::date)
      ORDER BY starts_at`,
    [meetingId, timeZone, startDate, endDate],
  );
}
