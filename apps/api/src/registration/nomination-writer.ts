import type { DataSource, EntityManager } from 'typeorm';
import type { RegistrationDto, RegistrationStatus } from '@cop/contracts';
import { queryPrepared } from '../database/data-source';
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

/** The verdict, and the registration it concerns (created, replayed or already there) with its Party/organization. */
export type WriteResult = Record<string, unknown> & {
  verdict: Verdict;
  created: boolean;
  mail_id: string | null;
  deadline: string | null;
  per_party_quota: number | null;
  category_quota: number | null;
  id: string;
  status: RegistrationStatus;
  party_id: string | null;
  organization_id: string | null;
};

/** ACTIVE_STATUSES as SQL literals, the registration_meeting_email index's predicate. */
const ACTIVE_STATUS_LIST = ACTIVE_STATUSES.map((st) => `'${st}'`).join(', ');

/**
 * Registrations in ONE statement, each with its first transition and its "received" mail, after
 * answering every question asked before writing: the same Idempotency-Key (replay, or key-reused
 * for another person), the letter, the same person already registered (exists), the deadline, a
 * quota that needs the locks first (lock), quotas, else ok. A repeat is answered as a repeat even
 * past the deadline or with the quota full. One row per input (`ord`), in input order.
 *
 * $1..$21 are arrays, one element per registration (unnest); $22 says the quota locks are held.
 * Quotas are only counted with the locks held: a statement's snapshot is taken before it could
 * wait for a lock, so the lock is taken by an earlier statement of the same transaction
 * (QUOTA_LOCK_SQL). The rows of one statement never share a person or a key (NominationWriter
 * batches them so), so they cannot decide about each other; rows are inserted in email order so
 * that two statements racing over the same people wait for each other in one order, not in a cycle.
 */
const WRITE_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::boolean[], $7::uuid[], $8::text[],
                         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
                         $17::text[], $18::text[], $19::boolean[], $20::uuid[], $21::text[])
      WITH ORDINALITY AS i(meeting_id, category, party_id, organization_id, nominated_by, self_registered, letter_id, title,
                           given_name, family_name, email, phone, job_title, function, gender, nationality, preferred_language,
                           idempotency_key, any_letter, actor_id, mail_vars, ord)
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
        WHEN NOT $22::boolean AND ((s.per_party_quota IS NOT NULL AND i.party_id IS NOT NULL) OR s.category_quota IS NOT NULL) THEN 'lock'
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

/** WRITE_SQL's array parameters for `rows`, then whether the quota locks are held. */
function parameters(rows: NewRegistration[], locksHeld: boolean): unknown[] {
  const column = <T>(pick: (r: NewRegistration) => T) => rows.map(pick);
  return [
    column((r) => r.meetingId),
    column((r) => r.category),
    column((r) => r.partyId),
    column((r) => r.organizationId),
    column((r) => r.nominatedBy),
    column((r) => r.selfRegistered),
    column((r) => r.letterId),
    column((r) => r.title),
    column((r) => r.givenName),
    column((r) => r.familyName),
    column((r) => r.email),
    column((r) => r.phone),
    column((r) => r.jobTitle),
    column((r) => r.function),
    column((r) => r.gender),
    column((r) => r.nationality),
    column((r) => r.preferredLanguage),
    column((r) => r.idempotencyKey),
    column((r) => r.anyLetter),
    column((r) => r.actorId),
    column((r) => JSON.stringify(r.mailVars)),
    locksHeld,
  ];
}

/** At most this many registrations in one statement. */
const MAX_BATCH = 64;
/** Statements in flight at once; further registrations wait and go together in the next one. */
const MAX_IN_FLIGHT = 4;

type Waiting = { row: NewRegistration; resolve: (r: WriteResult) => void; reject: (e: unknown) => void };

/**
 * Writes registrations without a quota lock. Concurrent ones share a statement: while
 * MAX_IN_FLIGHT statements are running, new registrations queue, and the next statement takes
 * all that are waiting (up to MAX_BATCH) — one round trip and one commit for many, where a burst
 * of nominations otherwise spends most of PostgreSQL's and the api's time on per-statement work.
 * A lone registration is never held back. Two registrations of the same person or with the same
 * key never share a statement (the later one waits for the next), so each is judged against the
 * other's committed row exactly as if sent alone. If a shared statement fails, each of its
 * registrations is written again on its own, so an error reaches only the request it belongs to.
 */
export class NominationWriter {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly ds: DataSource) {}

  write(row: NewRegistration): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.pump();
    });
  }

  /** Inside a transaction: takes the registration's quota locks, then writes it alone, counted exactly. */
  static async writeLocked(em: EntityManager, row: NewRegistration): Promise<WriteResult> {
    await em.query(QUOTA_LOCK_SQL, [row.meetingId, row.category, row.partyId]);
    const [result]: WriteResult[] = await em.query(WRITE_SQL, parameters([row], true));
    return result;
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The waiting registrations, oldest first, that share no person and no key; the rest keep their place. */
  private takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const people = new Set<string>();
    const keys = new Set<string>();
    for (let i = 0; i < this.waiting.length && batch.length < MAX_BATCH;) {
      const { row } = this.waiting[i];
      const person = `${row.meetingId} ${row.email}`;
      const key = row.idempotencyKey === null ? null : `${row.nominatedBy} ${row.idempotencyKey}`;
      if (people.has(person) || (key !== null && keys.has(key))) {
        i++;
        continue;
      }
      people.add(person);
      if (key !== null) keys.add(key);
      batch.push(...this.waiting.splice(i, 1));
    }
    return batch;
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const results = await queryPrepared<WriteResult>(
        this.ds,
        'registration-write',
        WRITE_SQL,
        parameters(
          batch.map((w) => w.row),
          false,
        ),
      );
      // Each answer goes to its own request (it holds personal data): one row per input, in order, or none at all.
      if (results.length !== batch.length || results.some((r, k) => Number(r.ord) !== k + 1))
        throw new Error(`registration-write answered ${results.length} rows for ${batch.length} registrations`);
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1) return batch[0].reject(e);
      // One bad row (or a deadlock between two shared statements) must not fail the others.
      await Promise.all(batch.map((w) => this.run([w])));
    }
  }
}
