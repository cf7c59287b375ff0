import { DataSource } from 'typeorm';
import { z } from 'zod';
import { createOrganizationSchema, createPartySchema } from '@cop/contracts';
import { UsersService } from '../auth/users.service';
import { addFocalPoint } from './focal-points.service';
import { findOrganizationByNameOrId } from './parties.queries';
import { PartiesService } from './parties.service';

type Values = Record<string, string | boolean | undefined>;
const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
const failure = (message: string, status: number) => Object.assign(new Error(message), { status });

/** party:create, org:create and focal-point:create for `npm run cli` (apps/api/src/cli.ts), through the registration services. */
export async function registrationCommand(
  ds: DataSource,
  command: string,
  v: Values,
  readPassword: () => Promise<string>,
): Promise<string> {
  const parties = new PartiesService(ds);
  switch (command) {
    case 'party:create': {
      const p = createPartySchema.parse({ code: str(v, 'code'), name: str(v, 'name'), regionalGroup: str(v, 'region') ?? null });
      await parties.createParty(p);
      const row = (await parties.partyByCode(p.code))!;
      return `Created Party ${p.code} ${p.name}${p.regionalGroup ? ` (${p.regionalGroup})` : ''} (${row.id}).`;
    }
    case 'org:create': {
      const o = createOrganizationSchema.parse({ name: str(v, 'name'), kind: str(v, 'kind') });
      const row = await parties.createOrganization(o);
      return `Created ${o.kind} organization ${o.name} (${row.id}).`;
    }
    default: {
      const email = z.string().trim().toLowerCase().email('must be an email address').parse(str(v, 'email'));
      const party = str(v, 'party');
      const org = str(v, 'organization');
      if (!!party === !!org) throw failure('focal-point:create needs exactly one of --party or --organization', 400);
      const target = party ? await parties.partyByCode(party.toUpperCase()) : await findOrganizationByNameOrId(ds, org!);
      if (!target) throw failure(party ? `No Party with code ${party}.` : `No organization named ${org}.`, 404);
      const password = str(v, 'password') ?? (await readPassword());
      if (password.length < 12) throw failure('password must be at least 12 characters', 400);
      const users = new UsersService(ds);
      const account = await ds.transaction((em) =>
        addFocalPoint(em, users, {
          email,
          displayName: str(v, 'name') ?? email,
          password,
          preferredLanguage: 'en',
          speaksFor: { partyId: party ? target.id : null, organizationId: party ? null : target.id },
        }),
      );
      return `Created focal point ${email} for ${target.name} (${account.id}).`;
    }
  }
}
