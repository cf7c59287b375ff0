import type { CorrectableField, RegistrationCorrectionDto } from '@cop/contracts';
import type { Db } from '../database/db';

export async function insertPersonalDataAccess(
  db: Db,
  a: { actorId: string; action: string; meetingId: string | null; registrationId: string | null; detail: object | null },
): Promise<void> {
  await db.query('INSERT INTO pii_access_log (actor_id, action, meeting_id, registration_id, detail) VALUES ($1,$2,$3,$4,$5)', [
    a.actorId,
    a.action,
    a.meetingId,
    a.registrationId,
    a.detail ? JSON.stringify(a.detail) : null,
  ]);
}

export interface PersonalDataAccessRow {
  action: string;
  at: Date;
  email: string;
}

export const toPersonalDataAccessDto = (r: PersonalDataAccessRow) => ({
  action: r.action,
  by: r.email,
  at: r.at ? new Date(r.at).toISOString() : null,
});

/** Who read a registration's personal data, oldest first. */
export async function personalDataAccessOf(db: Db, registrationId: string): Promise<PersonalDataAccessRow[]> {
  return db.query<PersonalDataAccessRow[]>(
    `SELECT l.action, l.at, u.email FROM pii_access_log l JOIN app_user u ON u.id = l.actor_id WHERE l.registration_id = $1 ORDER BY l.id`,
    [registrationId],
  );
}

/** What a registration correction records in the audit's detail column. */
export interface CorrectionDetail {
  changes: { field: CorrectableField; from: string; to: string }[];
}

export interface CorrectionRow {
  at: Date;
  email: string;
  detail: CorrectionDetail;
}

export const CORRECTION_ACTION = 'registration.correct';

export const toCorrectionDto = (r: CorrectionRow): RegistrationCorrectionDto => ({
  at: r.at.toISOString(),
  by: r.email,
  changes: r.detail.changes,
});

/** The corrections made to a registration's personal data, oldest first. */
export async function correctionsOf(db: Db, registrationId: string): Promise<CorrectionRow[]> {
  return db.query<CorrectionRow[]>(
    `SELECT l.at, u.email, l.detail FROM pii_access_log l JOIN app_user u ON u.id = l.actor_id
      WHERE l.registration_id = $1 AND l.action = $2 ORDER BY l.id`,
    [registrationId, CORRECTION_ACTION],
  );
}
