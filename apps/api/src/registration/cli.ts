import { hash } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { createOrganizationSchema, createPartySchema } from '@cop/contracts';
import { ARGON2 } from './directory.service';

type Values = Record<string, string | boolean | undefined>;
const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

/** party:create, org:create and focal-point:create for `npm run cli` (apps/api/src/cli.ts). */
export async function registrationCommand(
  ds: DataSource,
  command: string,
  v: Values,
  readPassword: () => Promise<string>,
): Promise<string> {
  const unique = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw Object.assign(new Error(`${what} already exists.`), { status: 409 });
      throw e;
    }
  };
  switch (command) {
    case 'party:create': {
      const p = createPartySchema.parse({ code: str(v, 'code'), name: str(v, 'name'), regionalGroup: str(v, 'region') ?? null });
      const [row] = await unique(`A Party with code ${p.code} or name ${p.name}`, () =>
        ds.query('INSERT INTO party (code, name, regional_group) VALUES ($1,$2,$3) RETURNING id', [p.code, p.name, p.regionalGroup]),
      );
      return `Created Party ${p.code} ${p.name}${p.regionalGroup ? ` (${p.regionalGroup})` : ''} (${row.id}).`;
    }
    case 'org:create': {
      const o = createOrganizationSchema.parse({ name: str(v, 'name'), kind: str(v, 'kind') });
      const [row] = await unique(`An organization named ${o.name}`, () =>
        ds.query('INSERT INTO organization (name, kind) VALUES ($1,$2) RETURNING id', [o.name, o.kind]),
      );
      return `Created ${o.kind} organization ${o.name} (${row.id}).`;
    }
    default: {
      const email = z.string().trim().toLowerCase().email('must be an email address').parse(str(v, 'email'));
      const party = str(v, 'party');
      const org = str(v, 'organization');
      if (!!party === !!org)
        throw Object.assign(new Error('focal-point:create needs exactly one of --party or --organization'), { status: 400 });
      const [target] = party
        ? await ds.query('SELECT id, name FROM party WHERE code = $1', [party.toUpperCase()])
        : await ds.query('SELECT id, name FROM organization WHERE lower(name) = lower($1) OR id::text = $1', [org]);
      if (!target)
        throw Object.assign(new Error(party ? `No Party with code ${party}.` : `No organization named ${org}.`), { status: 404 });
      const password = str(v, 'password') ?? (await readPassword());
      if (password.length < 12) throw Object.assign(new Error('password must be at least 12 characters'), { status: 400 });
      const passwordHash = await hash(password, ARGON2);
      const id = await unique(`An account with email ${email}`, () =>
        ds.transaction(async (em) => {
          const [u] = await em.query(
            `INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1,$2,'focal-point',$3) RETURNING id`,
            [email, str(v, 'name') ?? email, passwordHash],
          );
          await em.query('INSERT INTO focal_point (user_id, party_id, organization_id) VALUES ($1,$2,$3)', [
            u.id,
            party ? target.id : null,
            party ? null : target.id,
          ]);
          return u.id as string;
        }),
      );
      return `Created focal point ${email} for ${target.name} (${id}).`;
    }
  }
}
