import type {
  DelegationFunction,
  OrganizationKind,
  ParticipantCategory,
  PublicParticipantDto,
  RegionalGroup,
  RegistrationDto,
  RegistrationEventDto,
  RegistrationStatus,
  UnLanguage,
} from '@cop/contracts';
import type { Db } from '../database/db';

/** A registration row as PostgreSQL returns it. */
export interface RegistrationRecord {
  id: string;
  meeting_id: string;
  category: ParticipantCategory;
  party_id: string | null;
  organization_id: string | null;
  nominated_by: string | null;
  self_registered: boolean;
  letter_id: string | null;
  title: string | null;
  given_name: string;
  family_name: string;
  email: string;
  phone: string | null;
  job_title: string | null;
  function: DelegationFunction;
  gender: string | null;
  nationality: string;
  preferred_language: UnLanguage;
  status: RegistrationStatus;
  status_reason: string | null;
  idempotency_key: string | null;
  user_id: string | null;
  badge_version: number;
  checked_in_at: Date | null;
  checked_in_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The Party's and organization's names beside a registration (null when it has none). */
export interface AffiliationColumns {
  party_code: string | null;
  party_name: string | null;
  regional_group: RegionalGroup | null;
  org_name: string | null;
  org_kind: OrganizationKind | null;
  org_country: string | null;
}

/** A registration with its meeting's code and its Party's / organization's names: what the DTO is made from. */
export type RegistrationRow = RegistrationRecord & AffiliationColumns & { meeting_code: string };

const SELECT = `
  SELECT r.*, m.code AS meeting_code, p.code AS party_code, p.name AS party_name, p.regional_group,
         o.name AS org_name, o.kind AS org_kind, o.country AS org_country
    FROM registration r JOIN meeting m ON m.id = r.meeting_id
    LEFT JOIN party p ON p.id = r.party_id LEFT JOIN organization o ON o.id = r.organization_id`;

export const iso = (v: Date | string | null): string | null => (v ? new Date(v).toISOString() : null);

export function toRegistrationDto(r: RegistrationRow): RegistrationDto {
  return {
    id: r.id,
    meeting: r.meeting_code,
    category: r.category,
    party: r.party_code ? { code: r.party_code, name: r.party_name!, regionalGroup: r.regional_group ?? null } : null,
    organization: r.organization_id
      ? { id: r.organization_id, name: r.org_name!, kind: r.org_kind!, country: r.org_country ?? null }
      : null,
    title: r.title ?? null,
    givenName: r.given_name,
    familyName: r.family_name,
    email: r.email,
    phone: r.phone ?? null,
    jobTitle: r.job_title ?? null,
    function: r.function,
    gender: r.gender ?? null,
    nationality: r.nationality,
    preferredLanguage: r.preferred_language,
    status: r.status,
    statusReason: r.status_reason ?? null,
    letterId: r.letter_id ?? null,
    selfRegistered: r.self_registered,
    checkedInAt: iso(r.checked_in_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** "Ms. Amina Diallo": the title, given and family names that are there. */
export const fullName = (r: { title: string | null; given_name: string; family_name: string }) =>
  [r.title, r.given_name, r.family_name].filter(Boolean).join(' ');

export async function findRegistration(db: Db, id: string): Promise<RegistrationRow> {
  const [r] = await db.query<RegistrationRow[]>(`${SELECT} WHERE r.id = $1`, [id]);
  return r;
}

export async function findRegistrationInMeeting(db: Db, id: string, meetingCode: string): Promise<RegistrationRow | undefined> {
  const [r] = await db.query<RegistrationRow[]>(`${SELECT} WHERE r.id = $1 AND m.code = $2`, [id, meetingCode]);
  return r;
}

export type LockedRegistration = RegistrationRecord & { meeting_code: string };

/** The registration, locked for the rest of the caller's transaction. */
export async function lockRegistrationInMeeting(db: Db, id: string, meetingCode: string): Promise<LockedRegistration | undefined> {
  const [r] = await db.query<LockedRegistration[]>(
    `SELECT r.*, m.code AS meeting_code FROM registration r JOIN meeting m ON m.id = r.meeting_id
      WHERE r.id = $1 AND m.code = $2 FOR UPDATE OF r`,
    [id, meetingCode],
  );
  return r;
}

/** Who a self-registration was made for (undefined: no such registration in the meeting). */
export async function findSelfRegistration(
  db: Db,
  id: string,
  meetingId: string,
): Promise<{ organization_id: string | null; self_registered: boolean } | undefined> {
  const [r] = await db.query<{ organization_id: string | null; self_registered: boolean }[]>(
    'SELECT organization_id, self_registered FROM registration WHERE id = $1 AND meeting_id = $2',
    [id, meetingId],
  );
  return r;
}

export async function registrationsOfUser(db: Db, userId: string): Promise<RegistrationRow[]> {
  return db.query<RegistrationRow[]>(`${SELECT} WHERE r.user_id = $1 ORDER BY r.created_at DESC`, [userId]);
}

/** Which registrations of a meeting a list or an export asks for. */
export interface RegistrationFilter {
  meetingId: string;
  /** A focal point sees only its own Party's or organization's. */
  partyId?: string;
  organizationId?: string;
  status?: RegistrationStatus;
  category?: ParticipantCategory;
  partyCode?: string;
  region?: RegionalGroup;
  /** Part of the name or email (ILIKE; its wildcards are taken literally). */
  text?: string;
}

function where(f: RegistrationFilter): { sql: string; args: unknown[] } {
  const clauses = ['r.meeting_id = $1'];
  const args: unknown[] = [f.meetingId];
  const add = (sql: string, v: unknown) => {
    args.push(v);
    clauses.push(sql.replace('?', `$${args.length}`));
  };
  if (f.partyId !== undefined) add('r.party_id = ?', f.partyId);
  if (f.organizationId !== undefined) add('r.organization_id = ?', f.organizationId);
  if (f.status) add('r.status = ?', f.status);
  if (f.category) add('r.category = ?', f.category);
  if (f.partyCode) add('p.code = ?', f.partyCode);
  if (f.region) add('p.regional_group = ?', f.region);
  if (f.text) add(`(r.given_name || ' ' || r.family_name || ' ' || r.email) ILIKE ?`, `%${f.text.replace(/[\\%_]/g, '\\$&')}%`);
  return { sql: clauses.join(' AND '), args };
}

/** One page of the filtered registrations, oldest first, and how many match in all. */
export async function listRegistrations(
  db: Db,
  f: RegistrationFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: RegistrationRow[]; total: number }> {
  const w = where(f);
  const [rows, [{ total }]] = await Promise.all([
    db.query<RegistrationRow[]>(
      `${SELECT} WHERE ${w.sql} ORDER BY r.created_at, r.id LIMIT $${w.args.length + 1} OFFSET $${w.args.length + 2}`,
      [...w.args, page.limit, page.offset],
    ),
    db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM registration r LEFT JOIN party p ON p.id = r.party_id WHERE ${w.sql}`,
      w.args,
    ),
  ]);
  return { rows, total };
}

/** A registration's transitions, oldest first, with who made each. */
export interface RegistrationEventRow {
  from_status: RegistrationStatus | null;
  to_status: RegistrationStatus;
  reason: string | null;
  at: Date;
  actor_id: string | null;
  actor_email: string | null;
}

export const toRegistrationEventDto = (h: RegistrationEventRow): RegistrationEventDto => ({
  from: h.from_status,
  to: h.to_status,
  reason: h.reason,
  by: h.actor_id ? { id: h.actor_id, email: h.actor_email! } : null,
  at: iso(h.at)!,
});

export async function registrationHistory(db: Db, id: string): Promise<RegistrationEventRow[]> {
  return db.query<RegistrationEventRow[]>(
    `SELECT e.from_status, e.to_status, e.reason, e.at, u.id AS actor_id, u.email AS actor_email
       FROM registration_event e LEFT JOIN app_user u ON u.id = e.actor_id WHERE e.registration_id = $1 ORDER BY e.id`,
    [id],
  );
}

/** Moves a registration to `status`; leaving "approved" revokes every badge printed so far. */
export async function setRegistrationStatus(
  db: Db,
  id: string,
  change: { status: RegistrationStatus; reason: string | null; letterId: string | null },
): Promise<void> {
  await db.query(
    `UPDATE registration SET status = $2, status_reason = $3, letter_id = $4, updated_at = now(),
        badge_version = badge_version + CASE WHEN status = 'approved' THEN 1 ELSE 0 END WHERE id = $1`,
    [id, change.status, change.reason, change.letterId],
  );
}

export async function insertRegistrationEvent(
  db: Db,
  e: { registrationId: string; from: RegistrationStatus | null; to: RegistrationStatus; reason: string | null; actorId: string | null },
): Promise<void> {
  await db.query('INSERT INTO registration_event (registration_id, from_status, to_status, reason, actor_id) VALUES ($1,$2,$3,$4,$5)', [
    e.registrationId,
    e.from,
    e.to,
    e.reason,
    e.actorId,
  ]);
}

export async function linkRegistrationToUser(db: Db, id: string, userId: string): Promise<void> {
  await db.query('UPDATE registration SET user_id = $2 WHERE id = $1', [id, userId]);
}

/** A line of the public list: only these columns leave the database (no email, phone, nationality or gender). */
export interface PublicParticipantRow {
  title: string | null;
  given_name: string;
  family_name: string;
  category: ParticipantCategory;
  function: DelegationFunction;
  affiliation: string;
}

export const toPublicParticipantDto = (r: PublicParticipantRow): PublicParticipantDto => ({
  name: fullName(r),
  partyOrOrganization: r.affiliation,
  category: r.category,
  function: r.function,
});

/** The approved participants of a meeting: Parties first, by affiliation, heads of delegation first. */
export async function publicParticipants(db: Db, meetingId: string): Promise<PublicParticipantRow[]> {
  return db.query<PublicParticipantRow[]>(
    `SELECT r.title, r.given_name, r.family_name, r.category, r.function, coalesce(p.name, o.name, 'Secretariat') AS affiliation
       FROM registration r LEFT JOIN party p ON p.id = r.party_id LEFT JOIN organization o ON o.id = r.organization_id
      WHERE r.meeting_id = $1 AND r.status = 'approved'
      ORDER BY r.category = 'party' DESC, affiliation, r.function = 'head-of-delegation' DESC, r.family_name, r.given_name`,
    [meetingId],
  );
}

/** The corrected names and email of a registration (the secretariat fixing a typo). */
export async function correctRegistration(
  db: Db,
  id: string,
  c: { given_name: string; family_name: string; email: string },
): Promise<void> {
  await db.query('UPDATE registration SET given_name = $2, family_name = $3, email = $4, updated_at = now() WHERE id = $1', [
    id,
    c.given_name,
    c.family_name,
    c.email,
  ]);
}

/** Whether another registration of the meeting that holds a place already uses `email`. */
export async function emailTakenInMeeting(db: Db, meetingId: string, email: string, exceptId: string): Promise<boolean> {
  const [row] = await db.query<{ taken: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM registration WHERE meeting_id = $1 AND email = $2 AND id <> $3
        AND status IN ('unconfirmed', 'pending', 'on-hold', 'approved')) AS taken`,
    [meetingId, email, exceptId],
  );
  return row.taken;
}
