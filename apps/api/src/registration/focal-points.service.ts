import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { createFocalPointSchema } from '@cop/contracts';
import type { Account } from '../auth/users.queries';
import { UsersService } from '../auth/users.service';
import type { Db } from '../database/db';
import { MailOutbox } from '../notifications/mail-outbox.service';
import { InvitationsService } from './invitations.service';
import { findOrganizationById, findPartyByCode, insertFocalPoint, listFocalPoints, toFocalPointDto } from './parties.queries';
import type { Binding } from './rules';

/** A new focal point: its account (without a password: invited) and the Party or organization it speaks for. */
export interface NewFocalPoint {
  email: string;
  displayName: string;
  password: string | null;
  preferredLanguage: string;
  speaksFor: Binding;
}

/** Creates a focal-point account bound to a Party or organization, inside the caller's transaction; 409 for a taken email. */
export async function addFocalPoint(db: Db, users: UsersService, f: NewFocalPoint): Promise<Account> {
  const account = await users.createAccount(db, { email: f.email, displayName: f.displayName, role: 'focal-point', password: f.password });
  await insertFocalPoint(db, { userId: account.id, ...f.speaksFor, preferredLanguage: f.preferredLanguage });
  return account;
}

/** The focal points of Parties and organizations; created by the secretariat. */
@Injectable()
export class FocalPointsService {
  constructor(
    private readonly ds: DataSource,
    private readonly users: UsersService,
    private readonly invitations: InvitationsService,
    private readonly mail: MailOutbox,
  ) {}

  async focalPoints() {
    return (await listFocalPoints(this.ds)).map(toFocalPointDto);
  }

  /** Creates a focal-point account bound to a Party or an organization; without a password, mails an invitation. */
  async createFocalPoint(input: z.output<typeof createFocalPointSchema>) {
    const outbox: string[] = [];
    const result = await this.ds.transaction(async (em) => {
      const { speaksFor, name } = await this.target(em, input);
      const account = await addFocalPoint(em, this.users, {
        email: input.email,
        displayName: input.displayName,
        password: input.password ?? null,
        preferredLanguage: input.preferredLanguage,
        speaksFor,
      });
      if (!input.password) {
        const inv = await this.invitations.create(em, account.id, null);
        outbox.push(
          await this.mail.add(em, {
            template: 'account-invitation',
            language: input.preferredLanguage,
            to: input.email,
            vars: { name: input.displayName, meeting: `Focal point, ${name}`, ...inv },
          }),
        );
      }
      return {
        id: account.id,
        email: input.email,
        displayName: input.displayName,
        role: 'focal-point' as const,
        speaksFor: name,
        invited: !input.password,
      };
    });
    await this.mail.dispatch(outbox);
    return result;
  }

  /** The Party (by code) or organization (by id) the new focal point speaks for; 404 if there is none. */
  private async target(db: Db, input: z.output<typeof createFocalPointSchema>): Promise<{ speaksFor: Binding; name: string }> {
    if (input.partyCode) {
      const p = await findPartyByCode(db, input.partyCode);
      if (!p) throw new NotFoundException(`No Party with code ${input.partyCode}.`);
      return { speaksFor: { partyId: p.id, organizationId: null }, name: p.name };
    }
    const o = await findOrganizationById(db, input.organizationId!);
    if (!o) throw new NotFoundException(`No organization with id ${input.organizationId}.`);
    return { speaksFor: { partyId: null, organizationId: o.id }, name: o.name };
  }
}
