import type { OrganizationDto, OrganizationKind, PartyDto, RegionalGroup } from '@cop/contracts';
import type { Db } from '../database/db';
import type { Binding } from './rules';

export interface PartyRow {
  id: string;
  code: string;
  name: string;
  regional_group: RegionalGroup | null;
}

export interface OrganizationRow {
  id: string;
  name: string;
  kind: OrganizationKind;
  country: string | null;
}

export function toPartyDto(r: PartyRow): PartyDto {
  return { code: r.code, name: r.name, regionalGroup: r.regional_group };
}
export function toOrganizationDto(r: OrganizationRow): OrganizationDto {
  return { id: r.id, name: r.name, kind: r.kind, country: r.country };
}

export async function listParties(db: Db): Promise<PartyRow[]> {
  return db.query<PartyRow[]>('SELECT id, code, name, regional_group FROM party ORDER BY name');
}

/** Fails with PostgreSQL's unique violation (23505) for a code or name already taken. */
export async function insertParty(db: Db, p: { code: string; name: string; regionalGroup: RegionalGroup | null }): Promise<PartyRow> {
  const [row] = await db.query<PartyRow[]>(
    'INSERT INTO party (code, name, regional_group) VALUES ($1,$2,$3) RETURNING id, code, name, regional_group',
    [p.code, p.name, p.regionalGroup],
  );
  return row;
}

export async function findPartyByCode(db: Db, code: string): Promise<PartyRow | undefined> {
  const [row] = await db.query<PartyRow[]>('SELECT id, code, name, regional_group FROM party WHERE code = $1', [code]);
  return row;
}

export async function listOrganizations(db: Db): Promise<OrganizationRow[]> {
  return db.query<OrganizationRow[]>('SELECT id, name, kind, country FROM organization ORDER BY name');
}

/** Fails with PostgreSQL's unique violation (23505) for a name already taken (case-insensitively). */
export async function insertOrganization(
  db: Db,
  o: { name: string; kind: OrganizationKind; country: string | null },
): Promise<OrganizationRow> {
  const [row] = await db.query<OrganizationRow[]>(
    'INSERT INTO organization (name, kind, country) VALUES ($1,$2,$3) RETURNING id, name, kind, country',
    [o.name, o.kind, o.country],
  );
  return row;
}

export async function findOrganizationById(db: Db, id: string): Promise<OrganizationRow | undefined> {
  const [row] = await db.query<OrganizationRow[]>('SELECT id, name, kind, country FROM organization WHERE id = $1', [id]);
  return row;
}

/** By name (case-insensitively) or by id, as an administrator types it. */
export async function findOrganizationByNameOrId(db: Db, nameOrId: string): Promise<OrganizationRow | undefined> {
  const [row] = await db.query<OrganizationRow[]>(
    'SELECT id, name, kind, country FROM organization WHERE lower(name) = lower($1) OR id::text = $1',
    [nameOrId],
  );
  return row;
}

/** A focal-point account with the Party or organization it speaks for. */
export interface FocalPointRow {
  id: string;
  email: string;
  display_name: string;
  party_code: string | null;
  party_name: string | null;
  org_id: string | null;
  org_name: string | null;
}

export const toFocalPointDto = (r: FocalPointRow) => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  party: r.party_code ? { code: r.party_code, name: r.party_name } : null,
  organization: r.org_id ? { id: r.org_id, name: r.org_name } : null,
});

export async function listFocalPoints(db: Db): Promise<FocalPointRow[]> {
  return db.query<FocalPointRow[]>(
    `SELECT u.id, u.email, u.display_name, p.code AS party_code, p.name AS party_name, o.id AS org_id, o.name AS org_name
       FROM focal_point f JOIN app_user u ON u.id = f.user_id
       LEFT JOIN party p ON p.id = f.party_id LEFT JOIN organization o ON o.id = f.organization_id
      ORDER BY coalesce(p.name, o.name), u.email`,
  );
}

export async function insertFocalPoint(
  db: Db,
  f: { userId: string; partyId: string | null; organizationId: string | null; preferredLanguage: string },
): Promise<void> {
  await db.query('INSERT INTO focal_point (user_id, party_id, organization_id, preferred_language) VALUES ($1,$2,$3,$4)', [
    f.userId,
    f.partyId,
    f.organizationId,
    f.preferredLanguage,
  ]);
}

export async function findBinding(db: Db, userId: string): Promise<Binding | undefined> {
  const [row] = await db.query<{ party_id: string | null; organization_id: string | null }[]>(
    'SELECT party_id, organization_id FROM focal_point WHERE user_id = $1',
    [userId],
  );
  return row && { partyId: row.party_id, organizationId: row.organization_id };
}
