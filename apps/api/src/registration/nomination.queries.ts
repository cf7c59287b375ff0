import type { DataSource } from 'typeorm';
import type { RegistrationDto } from '@cop/contracts';
import { queryPrepared } from '../database/data-source';
import type { Db } from '../database/db';
import type { AffiliationColumns, RegistrationRecord } from './registration.queries';
import { ACTIVE_STATUSES } from './rules';

/** The participant's own fields, as the registration's DTO carries them. */
type ParticipantFields = Pick<
  RegistrationDto,
  | 'category'
  | 'title'
  | 'givenName'
  | 'familyName'
  | 'email'
  | 'phone'
  | 'jobTitle'
  | 'function'
  | 'gender'
  | 'nationality'
  | 'preferredLanguage'
  | 'letterId'
  | 'selfRegistered'
>;

/** One registration to write: who, for whom (email lower-case, as the unique index compares it), and what the checks need. */
export interface NewRegistration extends ParticipantFields {
  meetingId: string;
  partyId: string | null;
  organizationId: string | null;
  nominatedBy: string | null;
  idempotencyKey: string | null;
  /** The secretariat may cite any letter of the meeting; others only their own Party's / organization's. */
  anyLetter: boolean;
  actorId: string | null;
  /** Variables of the "nomination received" mail. */
  mailVars: Record<string, string>;
}

export type Verdict = 'replay' | 'key-reused' | 'letter' | 'exists' | 'deadline' | 'lock' | 'quota-party' | 'quota-category' | 'ok';

/**
 * The verdict, and the registration it concerns (created, replayed or already there) with its
 * Party/organization; the registration's columns are null for the verdicts that concern none
 * (key-reused, letter, deadline, lock, quotas).
 */
export type WriteResult = RegistrationRecord &
  AffiliationColumns & {
    ord: string;
    verdict: Verdict;
    created: boolean;
    mail_id: string | null;
    deadline: Date | null;
    per_party_quota: number | null;
    category_quota: number | null;
  };

/**
 * The input columns of WRITE_SQL, in the order of its parameters: the name each has in the
 * statement, its PostgreSQL type, and how it is read from the registration. The unnest casts,
 * the ordinality aliases and the parameters are all made from this one list.
 */
const COLUMNS: readonly (readonly [name: string, type: string, read: (r: NewRegistration) => unknown])[] = [
  ['meeting_id', 'uuid', (r) => r.meetingId],
  ['category', 'text', (r) => r.category],
  ['party_id', 'uuid', (r) => r.partyId],
  ['organization_id', 'uuid', (r) => r.organizationId],
  ['nominated_by', 'uuid', (r) => r.nominatedBy],
  ['self_registered', 'boolean', (r) => r.selfRegistered],
  ['letter_id', 'uuid', (r) => r.letterId],
  ['title', 'text', (r) => r.title],
  ['given_name', 'text', (r) => r.givenName],
  ['family_name', 'text', (r) => r.familyName],
  ['email', 'text', (r) => r.email],
  ['phone', 'text', (r) => r.phone],
  ['job_title', 'text', (r) => r.jobTitle],
  ['function', 'text', (r) => r.function],
  ['gender', 'text', (r) => r.gender],
  ['nationality', 'text', (r) => r.nationality],
  ['preferred_language', 'text', (r) => r.preferredLanguage],
  ['idempotency_key', 'text', (r) => r.idempotencyKey],
  ['any_letter', 'boolean', (r) => r.anyLetter],
  ['actor_id', 'uuid', (r) => r.actorId],
  ['mail_vars', 'text', (r) => JSON.stringify(r.mailVars)],
];

const UNNEST_ARGS = COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
const UNNEST_NAMES = COLUMNS.map(([name]) => name).join(', ');
/** The parameter after the arrays: whether the quota locks are held. */
const LOCKS_HELD = `$${COLUMNS.length + 1}`;

/** ACTIVE_STATUSES as SQL literals, the registration_meeting_email index's predicate. */
const ACTIVE_STATUS_LIST = ACTIVE_STATUSES.map((st) => `'${st}'`).join(', ');

/**
 * Registrations in ONE statement, each with its first transition and its "received" mail, after
 * answering every question asked before writing: the same Idempotency-Key (replay, or key-reused
 * for another person), the letter, the same person already registered (exists), the deadline, a
 * quota that needs the locks first (lock), quotas, else ok. A repeat is answered as a repeat even
 * past the deadline or with the quota full. One row per input (`ord`), in input order.
 *
 * Its first parameters are arrays, one per entry of COLUMNS with one element per registration
 * (unnest); the last says the quota locks are held.
 * Quotas are only counted with the locks held: a statement's snapshot is taken before it could
 * wait for a lock, so the lock is taken by an earlier statement of the same transaction
 * (QUOTA_LOCK_SQL). The rows of one statement never share a person or a key (NominationWriter
 * batches them so), so they cannot decide about each other; rows are inserted in email order so
 * that two statements racing over the same people wait for each other in one order, not in a cycle.
 */
const WRITE_SQL = `
  WITH input AS (
    SELECT * FROM unnest(${UNNEST_ARGS}) WITH ORDINALITY AS i(${UNNEST_NAMES}, ord)
  ), judged AS (
    SELECT i.*, s.deadline, s.per_party_quota, s.category_quota, k.id AS key_id, e.id AS email_id,
      CASE
        WHEN k.same THEN 'replay'
        WHEN k.id IS NOT NULL THEN 'key-reused'
        WHEN i.letter_id IS NOT NULL AND NOT EXISTS (
          SELECT FROM nomination_letter l WHERE l.id = i.letter_id AND l.meeting_id = i.meeting_id
             AND (i.any_letter OR (l.party_id IS NOT DISTINCT FROM i.party_id AND l.organization_id IS NOT DISTINCT FROM i.organization_id))) THEN 'letter'
        WHEN e.id IS NOT NULL THEN 'exists'
        WHEN s.past THEN 'deadline'
        WHEN NOT ${LOCKS_HELD}::boolean AND ((s.per_party_quota IS NOT NULL AND i.party_id IS NOT NULL) OR s.category_quota IS NOT NULL) THEN 'lock'
        -- "quota IS NOT NULL AND": without it the count runs (NULL <= count is evaluated) on every nomination.
        WHEN i.party_id IS NOT NULL AND s.per_party_quota IS NOT NULL AND s.per_party_quota <= (SELECT count(*) FROM registration
          WHERE meeting_id = i.meeting_id AND party_id = i.party_id AND status IN (${ACTIVE_STATUS_LIST})) THEN 'quota-party'
        WHEN s.category_quota IS NOT NULL AND s.category_quota <= (SELECT count(*) FROM registration
          WHERE meeting_id = i.meeting_id AND category = i.category AND status IN (${ACTIVE_STATUS_LIST})) THEN 'quota-category'
        ELSE 'ok' END AS verdict
      FROM input i
      LEFT JOIN LATERAL (
        SELECT deadline, deadline < now() AS past, per_party_quota, (per_category_quota ->> i.category)::int AS category_quota
          FROM registration_settings WHERE meeting_id = i.meeting_id) s ON true
      LEFT JOIN LATERAL (
        SELECT id, meeting_id = i.meeting_id AND email = i.email AS same FROM registration
         WHERE i.idempotency_key IS NOT NULL AND nominated_by = i.nominated_by AND idempotency_key = i.idempotency_key LIMIT 1) k ON true
      LEFT JOIN LATERAL (
        -- The statuses as literals, as in the unique index's predicate: so even a generic plan can use that index.
        SELECT id FROM registration WHERE meeting_id = i.meeting_id AND email = i.email AND status IN (${ACTIVE_STATUS_LIST}) LIMIT 1) e ON true
  ), ins AS (
    INSERT INTO registration (meeting_id, category, party_id, organization_id, nominated_by, self_registered, letter_id, title,
        given_name, family_name, email, phone, job_title, function, gender, nationality, preferred_language, idempotency_key, status)
    SELECT meeting_id, category, party_id, organization_id, nominated_by, self_registered, letter_id, title, given_name, family_name,
           email, phone, job_title, function, gender, nationality, preferred_language, idempotency_key,
           -- A self-registration waits for its organization's contact, if it has one.
           CASE WHEN self_registered AND EXISTS (SELECT FROM focal_point f WHERE f.organization_id = j.organization_id)
                THEN 'unconfirmed' ELSE 'pending' END
      FROM judged j WHERE verdict = 'ok' ORDER BY email
    ON CONFLICT DO NOTHING RETURNING *
  ), event AS (
    INSERT INTO registration_event (registration_id, from_status, to_status, actor_id)
    SELECT ins.id, NULL, ins.status, j.actor_id FROM ins JOIN judged j ON j.meeting_id = ins.meeting_id AND j.email = ins.email
  ), mail AS (
    INSERT INTO mail_outbox (template, language, recipient, vars, registration_id)
    SELECT 'nomination-received', ins.preferred_language, ins.email, j.mail_vars::jsonb, ins.id
      FROM ins JOIN judged j ON j.meeting_id = ins.meeting_id AND j.email = ins.email
    RETURNING id, registration_id
  )
  SELECT j.ord, j.verdict, j.deadline, j.per_party_quota, j.category_quota, ins.id IS NOT NULL AS created, mail.id AS mail_id, h.*,
         p.code AS party_code, p.name AS party_name, p.regional_group, o.name AS org_name, o.kind AS org_kind, o.country AS org_country
    FROM judged j
    LEFT JOIN ins ON ins.meeting_id = j.meeting_id AND ins.email = j.email
    LEFT JOIN mail ON mail.registration_id = ins.id
    LEFT JOIN LATERAL (
      SELECT ins.* WHERE ins.id IS NOT NULL
      UNION ALL
      SELECT r.* FROM registration r
       WHERE ins.id IS NULL AND r.id = CASE j.verdict WHEN 'replay' THEN j.key_id WHEN 'exists' THEN j.email_id END) h ON true
    LEFT JOIN party p ON p.id = h.party_id LEFT JOIN organization o ON o.id = h.organization_id
   ORDER BY j.ord`;

/** The quota locks of one registration, always in the same order (Party, then category): no deadlock. */
const QUOTA_LOCK_SQL = `
  SELECT CASE WHEN $3::uuid IS NOT NULL AND s.per_party_quota IS NOT NULL
              THEN pg_advisory_xact_lock(hashtext('quota:' || $1::text || ':party:' || $3::text)) END,
         CASE WHEN s.per_category_quota ? $2::text
              THEN pg_advisory_xact_lock(hashtext('quota:' || $1::text || ':category:' || $2::text)) END
    FROM registration_settings s WHERE s.meeting_id = $1::uuid`;

/** WRITE_SQL's parameters for `rows`: one array per column, then whether the quota locks are held. */
function parameters(rows: NewRegistration[], locksHeld: boolean): unknown[] {
  return [...COLUMNS.map(([, , read]) => rows.map(read)), locksHeld];
}

/**
 * Writes registrations without the quota locks, in one named prepared statement (parsed and
 * planned once per connection); one row per registration, in order.
 */
export function writeRegistrations(ds: DataSource, rows: NewRegistration[]): Promise<WriteResult[]> {
  return queryPrepared<WriteResult>(ds, 'registration-write', WRITE_SQL, parameters(rows, false));
}

/** Inside a transaction: takes the registration's quota locks, then writes it alone, counted exactly. */
export async function writeRegistrationLocked(db: Db, row: NewRegistration): Promise<WriteResult> {
  await db.query(QUOTA_LOCK_SQL, [row.meetingId, row.category, row.partyId]);
  const [result] = await db.query<WriteResult[]>(WRITE_SQL, parameters([row], true));
  return result;
}
