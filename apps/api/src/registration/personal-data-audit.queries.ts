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
