import type { DelegationFunction, ParticipantCategory } from '@cop/contracts';
import type { Db } from '../database/db';

/** A demo participant: approved from the start, linked to the account with the same email. */
export interface DemoParticipant {
  meetingId: string;
  email: string;
  category: ParticipantCategory;
  partyId: string | null;
  organizationId: string | null;
  function: DelegationFunction;
  givenName: string;
  familyName: string;
  nationality: string;
}

/** Inserts the approved registration with its two history lines ("demo data"). */
export async function insertDemoParticipant(db: Db, p: DemoParticipant): Promise<void> {
  const [{ id }] = await db.query<{ id: string }[]>(
    `INSERT INTO registration (meeting_id, category, party_id, organization_id, given_name, family_name, email, function, nationality,
        preferred_language, status, user_id)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, 'en', 'approved', u.id FROM app_user u WHERE u.email = $7 RETURNING id`,
    [p.meetingId, p.category, p.partyId, p.organizationId, p.givenName, p.familyName, p.email, p.function, p.nationality],
  );
  await db.query(
    `INSERT INTO registration_event (registration_id, from_status, to_status, reason)
     VALUES ($1, NULL, 'pending', 'demo data'), ($1, 'pending', 'approved', 'demo data')`,
    [id],
  );
}

/** Binds the existing account with this email to a Party as its focal point. */
export async function bindFocalPointByEmail(db: Db, email: string, partyId: string): Promise<void> {
  await db.query('INSERT INTO focal_point (user_id, party_id) SELECT id, $2 FROM app_user WHERE email = $1', [email, partyId]);
}

/** Registration settings with the public list of participants published now. */
export async function insertPublishedSettings(db: Db, meetingId: string): Promise<void> {
  await db.query('INSERT INTO registration_settings (meeting_id, public_list_published_at) VALUES ($1, now())', [meetingId]);
}
