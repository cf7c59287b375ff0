#!/usr/bin/env node
// `npm test [-- <jest args>]`: from a fresh clone to the whole suite in one command.
//   1. installs dependencies when missing;
//   2. type check (api, libs, tests, portal) and lint;
//   3. provides PostgreSQL and Redis like `npm start` (scripts/services.mjs), creates a fresh
//      database for this run and migrates it;
//   4. runs Jest (unit, end-to-end, socket and browser tests) against them;
//   5. drops the database and stops whatever it started.
// Extra arguments go to Jest, e.g. `npm test -- test/calendar/feed.e2e-spec.ts` (checks are then skipped).

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './dependencies.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jestArgs = process.argv.slice(2);
let services;
let database;
let current;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    current?.kill(signal);
    void cleanUp().then(() => process.exit(130));
  });
}

main().then(
  async (code) => {
    await cleanUp();
    process.exit(code);
  },
  async (err) => {
    console.error(`npm test: ${err.message}`);
    await cleanUp();
    process.exit(1);
  },
);

async function main() {
  ensureDependencies(root);
  // Imported only now: services.mjs loads pg and ioredis lazily, but keep the order obvious.
  const { createDatabase, provideServices, withDatabase } = await import('./services.mjs');

  if (!jestArgs.length) {
    await run('npm', ['run', '--silent', 'typecheck'], 'Type check (api, libs, tests, portal)');
    await run('npm', ['run', '--silent', 'lint'], 'Lint');
  }

  services = await provideServices({ root, database: 'postgres' });
  database = `cop_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const adminUrl = withDatabase(services.databaseUrl, 'postgres');
  await createDatabase(adminUrl, database);
  const env = {
    ...process.env,
    DATABASE_URL: withDatabase(services.databaseUrl, database),
    REDIS_URL: services.redisUrl,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    NODE_ENV: 'test',
  };
  await run(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/cli.ts', 'migrate'], 'Migrating the test database', env);

  const results = path.join(root, '.data', `jest-${database}.json`);
  fs.mkdirSync(path.dirname(results), { recursive: true });
  const code = await run('npx', ['--no', '--', 'jest', '--json', `--outputFile=${results}`, ...jestArgs], 'Jest', env, false);
  try {
    const r = JSON.parse(fs.readFileSync(results, 'utf8'));
    // The plain closing line CI tools read.
    console.log(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
    fs.rmSync(results);
  } catch {
    /* Jest failed before writing results; its own output says why */
  }
  return code;
}

async function cleanUp() {
  const s = services;
  services = undefined;
  if (!s) return;
  if (database) {
    const { dropDatabase, withDatabase } = await import('./services.mjs');
    await dropDatabase(withDatabase(s.databaseUrl, 'postgres'), database).catch((e) =>
      console.error(`Could not drop ${database}: ${e.message}`),
    );
  }
  await s.stop().catch(() => undefined);
}

/** Runs a command; with `strict`, rejects unless it exits 0, else resolves its exit code. */
function run(command, args, what, env = process.env, strict = true) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    current = child;
    child.on('error', (err) => reject(new Error(`${what}: could not run ${command} (${err.message})`)));
    child.on('exit', (code, signal) => {
      current = undefined;
      if (!strict) resolve(code ?? 1);
      else if (code === 0) resolve(0);
      else reject(new Error(`${what} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}
