import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { createOrganizationSchema, createPartySchema, type OrganizationDto, type OrganizationKind, type PartyDto } from '@cop/contracts';
import type { Caller } from '../auth/access';
import { Memo } from '../common/memo';
import {
  findBinding,
  findOrganizationById,
  findPartyByCode,
  insertOrganization,
  insertParty,
  listOrganizations,
  listParties,
  toOrganizationDto,
  toPartyDto,
  type PartyRow,
} from './parties.queries';
import type { Binding } from './rules';

export const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';

/** Looked up once: a focal point's binding and an organization's kind never change once written. */
const FOREVER = { ttlMs: 24 * 3600_000, max: 10_000 };

const UNKNOWN = Symbol('unknown organization');

/** Parties and accredited observer organizations (created by the secretariat), and whom a focal point speaks for. */
@Injectable()
export class PartiesService {
  private readonly bindings = new Memo<Binding>(FOREVER);
  private readonly kinds = new Memo<OrganizationKind>(FOREVER);

  constructor(private readonly ds: DataSource) {}

  async parties(): Promise<PartyDto[]> {
    return (await listParties(this.ds)).map(toPartyDto);
  }

  async createParty(input: z.output<typeof createPartySchema>): Promise<PartyDto> {
    try {
      return toPartyDto(await insertParty(this.ds, input));
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictException(`A Party with code ${input.code} or name "${input.name}" already exists.`);
      throw e;
    }
  }

  partyByCode(code: string): Promise<PartyRow | undefined> {
    return findPartyByCode(this.ds, code);
  }

  async organizations(): Promise<OrganizationDto[]> {
    return (await listOrganizations(this.ds)).map(toOrganizationDto);
  }

  async createOrganization(input: z.output<typeof createOrganizationSchema>): Promise<OrganizationDto> {
    try {
      return toOrganizationDto(await insertOrganization(this.ds, { name: input.name, kind: input.kind, country: input.country ?? null }));
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictException(`An organization named "${input.name}" already exists.`);
      throw e;
    }
  }

  /** The Party or organization a focal point speaks for; 403 for a focal point bound to nothing. */
  bindingOf(caller: Caller): Promise<Binding> {
    return this.bindings.get(caller.id, async () => {
      const b = await findBinding(this.ds, caller.id);
      if (!b) throw new ForbiddenException('This focal-point account is not bound to a Party or organization; ask the secretariat.');
      return b;
    });
  }

  /** An organization's kind, or null if there is no such organization (not remembered: it may be created later). */
  async organizationKind(id: string): Promise<OrganizationKind | null> {
    return this.kinds
      .get(id, async () => {
        const o = await findOrganizationById(this.ds, id);
        if (!o) throw UNKNOWN;
        return o.kind;
      })
      .catch((e: unknown) => {
        if (e === UNKNOWN) return null;
        throw e;
      });
  }
}
