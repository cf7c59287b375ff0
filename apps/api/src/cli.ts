/**
 * Administration without a UI:
 *   migrate                                  apply pending database migrations
 *   seed:demo [--dates 2025-11-03]           load the demo meeting (under way this week, or from --dates) and accounts into an empty database
 *   user:create --email E --role R [--password P] [--name N]   (password from stdin when omitted)
 *   user:list
 *   party:create --code C --name N [--region R]          a Party (ISO alpha-3 code, UN regional group)
 *   org:create --name N --kind igo|ngo|media|un-agency    an accredited observer organization
 *   focal-point:create --email E (--party C | --organization NAME) [--password P] [--name N]
 * Reads DATABASE_URL (scripts/cli.mjs provides one when it is unset).
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ZodError } from 'zod';
import { ROLES, type Role } from '@cop/contracts';
import { UsersService } from './auth/users.service';
import { dataSourceOptions, runMigrations } from './database/data-source';
import { seedDemo, type DemoAccount } from './demo/seed';
import { registrationCommand } from './registration/cli';

const USAGE = `usage: npm run cli -- <command>
  migrate
  seed:demo [--dates YYYY-MM-DD]   (default: under way this week; --dates 2025-11-03 as COP-6 was held)
  user:create --email E --role ${ROLES.join('|')} [--password P] [--name N]   (without --password, reads it from stdin)
  user:list
  party:create --code CHE --name Switzerland [--region "Western European and Others Group (WEOG)"]
  org:create --name N --kind igo|ngo|media|un-agency
  focal-point:create --email E (--party CODE | --organization NAME) [--password P] [--name N]   (without --password, reads it from stdin)`;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function printAccounts(accounts: DemoAccount[]): void {
  console.log('Demo accounts (demo data only; passwords are random for this database):');
  for (const a of accounts) console.log(`  ${a.role.padEnd(12)} ${a.email.padEnd(24)} ${a.password}`);
}

async function withDb<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new UsageError('Configuration error: DATABASE_URL is required but not set');
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

async function run(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      code: { type: 'string' },
      region: { type: 'string' },
      kind: { type: 'string' },
      party: { type: 'string' },
      organization: { type: 'string' },
      dates: { type: 'string' },
    },
    strict: true,
  });
  switch (command) {
    case 'migrate': {
      const applied = await runMigrations(process.env.DATABASE_URL ?? '');
      console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
      return;
    }
    case 'seed:demo': {
      const file = join(process.cwd(), '.data', 'demo-accounts.json');
      if (values.dates !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.dates))
        throw new UsageError('seed:demo --dates takes the first day, YYYY-MM-DD (e.g. 2025-11-03, as COP-6 was held)');
      const accounts = await withDb((ds) => seedDemo(ds, { firstDay: values.dates }));
      if (accounts) {
        mkdirSync(join(process.cwd(), '.data'), { recursive: true });
        writeFileSync(file, JSON.stringify(accounts, null, 2), { mode: 0o600 });
        console.log(
          values.dates
            ? `Loaded the demo meeting mc-cop-6 (COP-6, Geneva), from ${values.dates}.`
            : 'Loaded the demo meeting mc-cop-6 (COP-6, Geneva), under way this week: a plenary is on air now.',
        );
        printAccounts(accounts);
      } else if (existsSync(file)) {
        printAccounts(JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[]);
      } else {
        console.log('The database already has data; demo data was not loaded.');
      }
      return;
    }
    case 'user:create': {
      if (!values.email || !values.role) throw new UsageError('user:create needs --email and --role');
      if (!(ROLES as readonly string[]).includes(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const password = values.password ?? (await readStdin());
      const user = await withDb((ds) =>
        new UsersService(ds).create({
          email: values.email!,
          role: values.role as Role,
          password,
          displayName: values.name,
        }),
      );
      console.log(`Created ${user.role} account ${user.email} (${user.id}).`);
      return;
    }
    case 'user:list': {
      const users = await withDb((ds) => new UsersService(ds).list());
      for (const u of users) console.log(`${u.role.padEnd(12)} ${u.email.padEnd(32)} ${u.disabledAt ? 'disabled' : 'active'}`);
      return;
    }
    case 'party:create':
    case 'org:create':
    case 'focal-point:create': {
      const line = await withDb((ds) => registrationCommand(ds, command, values, readStdin));
      console.log(line);
      return;
    }
    default:
      throw new UsageError(USAGE);
  }
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    if (e instanceof ZodError) console.error(e.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
    else if (e instanceof UsageError || (e as { status?: number }).status) console.error((e as Error).message);
    else console.error(`Failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
