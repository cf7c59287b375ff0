import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { hash, Algorithm } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  createFocalPointSchema,
  createOrganizationSchema,
  createPartySchema,
  type OrganizationDto,
  type OrganizationKind,
  type PartyDto,
} from '@cop/contracts';
import type { Caller } from '../auth/access';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MailOutbox } from '../notifications/mail-outbox.service';

export const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };
/** password_hash of an account whose owner has not set a password yet: no argon2 hash matches it. */
export const NO_PASSWORD = '!invitation-pending';

/** Whom a focal-point account speaks for. */
export interface Binding {
  partyId: string | null;
  organizationId: string | null;
}

const isUnique = (e: unknown) => (e as { code?: string }).code === '23505';

export function toPartyDto(r: { code: string; name: string; regional_group: string | null }): PartyDto {
  return { code: r.code, name: r.name, regionalGroup: r.regional_group as PartyDto['regionalGroup'] };
}
export function toOrganizationDto(r: { id: string; name: string; kind: string; country: string | null }): OrganizationDto {
  return { id: r.id, name: r.name, kind: r.kind as OrganizationDto['kind'], country: r.country };
}

/** Creates a single-use invitation; returns the link to mail (the token itself is stored hashed only). */
export async function createInvitation(
  em: EntityManager,
  config: AppConfig,
  userId: string,
  registrationId: string | null,
): Promise<{ link: string; expires: string }> {
  const token = randomBytes(32).toString('base64url');
  const hours = config.INVITATION_TTL_HOURS;
  // A new invitation replaces any earlier unused one.
  await em.query('UPDATE invitation SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [userId]);
  const [{ expires_at }] = await em.query(
    `INSERT INTO invitation (token_hash, user_id, registration_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4)) RETURNING expires_at`,
    [sha256(token), userId, registrationId, hours],
  );
  return {
    link: `${config.PUBLIC_URL}/invitation#${token}`,
    expires: new Date(expires_at).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
  };
}

export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** Parties, observer organizations and their focal points; created by the secretariat. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly mail: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private readonly bindings = new Map<string, Binding>();
  private readonly kinds = new Map<string, OrganizationKind>();

  async parties(): Promise<PartyDto[]> {
    return (await this.ds.query('SELECT code, name, regional_group FROM party ORDER BY name')).map(toPartyDto);
  }

  async createParty(input: z.output<typeof createPartySchema>): Promise<PartyDto> {
    try {
      const [row] = await this.ds.query(
        'INSERT INTO party (code, name, regional_group) VALUES ($1,$2,$3) RETURNING code, name, regional_group',
        [input.code, input.name, input.regionalGroup],
      );
      return toPartyDto(row);
    } catch (e) {
      if (isUnique(e)) throw new ConflictException(`A Party with code ${input.code} or name "${input.name}" already exists.`);
      throw e;
    }
  }

  async organizations(): Promise<OrganizationDto[]> {
    return (await this.ds.query('SELECT id, name, kind, country FROM organization ORDER BY name')).map(toOrganizationDto);
  }

  async createOrganization(input: z.output<typeof createOrganizationSchema>): Promise<OrganizationDto> {
    try {
      const [row] = await this.ds.query(
        'INSERT INTO organization (name, kind, country) VALUES ($1,$2,$3) RETURNING id, name, kind, country',
        [input.name, input.kind, input.country ?? null],
      );
      return toOrganizationDto(row);
    } catch (e) {
      if (isUnique(e)) throw new ConflictException(`An organization named "${input.name}" already exists.`);
      throw e;
    }
  }

  async focalPoints() {
    const rows = await this.ds.query(
      `SELECT u.id, u.email, u.display_name, p.code AS party_code, p.name AS party_name, o.id AS org_id, o.name AS org_name
         FROM focal_point f JOIN app_user u ON u.id = f.user_id
         LEFT JOIN party p ON p.id = f.party_id LEFT JOIN organization o ON o.id = f.organization_id
        ORDER BY coalesce(p.name, o.name), u.email`,
    );
    return rows.map((r: Record<string, string | null>) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      party: r.party_code ? { code: r.party_code, name: r.party_name } : null,
      organization: r.org_id ? { id: r.org_id, name: r.org_name } : null,
    }));
  }

  /** Creates a focal-point account bound to a Party or an organization; without a password, mails an invitation. */
  async createFocalPoint(input: z.output<typeof createFocalPointSchema>) {
    const passwordHash = input.password ? await hash(input.password, ARGON2) : NO_PASSWORD;
    const outbox: string[] = [];
    const result = await this.ds.transaction(async (em) => {
      let partyId: string | null = null;
      let organizationId: string | null = null;
      let speaksFor: string;
      if (input.partyCode) {
        const [p] = await em.query('SELECT id, name FROM party WHERE code = $1', [input.partyCode]);
        if (!p) throw new NotFoundException(`No Party with code ${input.partyCode}.`);
        partyId = p.id;
        speaksFor = p.name;
      } else {
        const [o] = await em.query('SELECT id, name FROM organization WHERE id = $1', [input.organizationId]);
        if (!o) throw new NotFoundException(`No organization with id ${input.organizationId}.`);
        organizationId = o.id;
        speaksFor = o.name;
      }
      let user: { id: string };
      try {
        [user] = await em.query(
          `INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1,$2,'focal-point',$3) RETURNING id`,
          [input.email, input.displayName, passwordHash],
        );
      } catch (e) {
        if (isUnique(e)) throw new ConflictException(`An account with email ${input.email} already exists.`);
        throw e;
      }
      await em.query('INSERT INTO focal_point (user_id, party_id, organization_id, preferred_language) VALUES ($1,$2,$3,$4)', [
        user.id,
        partyId,
        organizationId,
        input.preferredLanguage,
      ]);
      if (!input.password) {
        const inv = await createInvitation(em, this.config, user.id, null);
        outbox.push(
          await this.mail.add(em, {
            template: 'account-invitation',
            language: input.preferredLanguage,
            to: input.email,
            vars: { name: input.displayName, meeting: `Focal point, ${speaksFor}`, ...inv },
          }),
        );
      }
      return {
        id: user.id,
        email: input.email,
        displayName: input.displayName,
        role: 'focal-point' as const,
        speaksFor,
        invited: !input.password,
      };
    });
    await this.mail.dispatch(outbox);
    return result;
  }

  /** The Party or organization a focal point speaks for; 403 for a focal point bound to nothing. */
  async bindingOf(caller: Caller): Promise<Binding> {
    // A focal point's binding is written once with the account and never changes: kept in memory.
    const known = this.bindings.get(caller.id);
    if (known) return known;
    const [row] = await this.ds.query('SELECT party_id, organization_id FROM focal_point WHERE user_id = $1', [caller.id]);
    if (!row) throw new ForbiddenException('This focal-point account is not bound to a Party or organization; ask the secretariat.');
    const b = { partyId: row.party_id, organizationId: row.organization_id };
    this.bindings.set(caller.id, b);
    return b;
  }

  /** An organization's kind (never changes once created: kept in memory), or null if there is no such organization. */
  async organizationKind(id: string): Promise<OrganizationKind | null> {
    const known = this.kinds.get(id);
    if (known) return known;
    const [row] = await this.ds.query('SELECT kind FROM organization WHERE id = $1', [id]);
    if (row) this.kinds.set(id, row.kind);
    return row?.kind ?? null;
  }
}
