#!/usr/bin/env node
// npm run bench [-- <name> [--flags]]
//
// Runs the benchmarks in bench/ (each bench/<name>.ts is one; helpers live in bench/lib/).
// Without a name, runs them all. For each one:
//   - PostgreSQL from scripts/services.mjs (DATABASE_URL's server, else the local embedded one)
//     with a throwaway database cop_bench_<timestamp>, migrated, with the demo meeting and a
//     secretariat account of its own (random password);
//   - a private redis-server on a free loopback port when redis-server is installed (so that
//     broadcasts never reach, nor come from, another api using the shared Redis), else
//     REDIS_URL / the local Redis;
//   - the open-files limit raised as far as allowed (10,000 sockets need more than 1024);
// then runs `node -r @swc-node/register bench/<name>.ts [--flags]`, and afterwards drops the
// database and stops what it started. Benchmarks print their figures; see bench/<name>.ts.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, dropDatabase, freePort, provideServices, redisAnswers, withDatabase } from './services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const require = createRequire(import.meta.url);
const swcRegister = require.resolve('@swc-node/register');

const available = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const args = process.argv.slice(2);
const names = [];
while (args.length && !args[0].startsWith('-')) names.push(args.shift());
if (!names.length && (args.includes('--help') || args.includes('-h'))) {
  console.log(
    `usage: npm run bench [-- <name> [--flags]]   (no name: all)\nbenchmarks: ${available.join(', ')}\n` +
      'flags: npm run bench -- <name> --help',
  );
  process.exit(0);
}
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length) {
  console.error(`Unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}
const selected = names.length ? names : available;
if (selected.length > 1 && args.length) {
  console.error(`Flags are per benchmark: name the one they are for, e.g. npm run bench -- ${selected[0]} ${args.join(' ')}`);
  process.exit(2);
}
if (args.includes('--help') || args.includes('-h')) {
  // Flag help needs no services.
  const r = spawnSync(process.execPath, ['-r', swcRegister, path.join(benchDir, `${selected[0]}.ts`), '--help'], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

// A signal is passed on to the running benchmark (Ctrl+C in a terminal reaches it anyway: same
// process group), which stops its own processes; then we clean up here as usual.
let interrupted = false;
let running = null; // the benchmark's process
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = true;
    if (running && running.exitCode === null) running.kill(signal);
  });
}

let failed = 0;
for (const name of selected) {
  if (interrupted) break;
  const code = await runOne(name).catch((err) => {
    console.error(`bench ${name}: ${err.message}`);
    return 1;
  });
  if (code !== 0) failed++;
}
process.exit(interrupted ? 130 : failed ? 1 : 0);

async function runOne(name) {
  const log = (s) => console.log(`[bench] ${s}`);
  const stack = []; // cleanups, newest first
  try {
    // Redis: a private one if we can.
    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      const redis = await startPrivateRedis();
      if (redis) {
        stack.unshift(redis.stop);
        redisUrl = redis.url;
        log(`private redis-server on ${redis.url}`);
      }
    }

    const dbName = `cop_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
    // provideServices takes REDIS_URL as given, so it starts no second Redis.
    if (redisUrl) process.env.REDIS_URL = redisUrl;
    const services = await provideServices({ root, log: (s) => log(s), database: dbName }).catch((err) => {
      throw new Error(`could not provide PostgreSQL/Redis: ${err.message}`);
    });
    stack.unshift(services.stop);
    redisUrl ??= services.redisUrl;
    const databaseUrl = withDatabase(services.databaseUrl, dbName);
    await dropAbandoned(services.databaseUrl, log);
    await createDatabase(services.databaseUrl, dbName);
    stack.unshift(() => dropDatabase(databaseUrl, dbName).catch((err) => log(`could not drop ${dbName}: ${err.message}`)));
    log(`database ${dbName} on ${new URL(databaseUrl).host}`);

    // Schema, demo meeting and the bench's own secretariat. The CLI runs in a scratch
    // directory: seed:demo writes .data/demo-accounts.json into its working directory, and the
    // developer's own file must not be overwritten.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cop-bench-'));
    stack.unshift(async () => fs.rmSync(scratch, { recursive: true, force: true }));
    const email = 'bench-sec@bench.cop';
    const password = randomBytes(18).toString('base64url');
    const cliEnv = { ...process.env, DATABASE_URL: databaseUrl, SWC_NODE_PROJECT: path.join(root, 'tsconfig.json') };
    await cli(['migrate'], scratch, cliEnv);
    await cli(['seed:demo'], scratch, cliEnv);
    await cli(
      ['user:create', '--email', email, '--role', 'secretariat', `--password=${password}`, '--name', 'Benchmark secretariat'],
      scratch,
      cliEnv,
    );

    // The benchmark, with as many open files as we may have.
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      BENCH_SECRETARIAT_EMAIL: email,
      BENCH_SECRETARIAT_PASSWORD: password,
    };
    const node = [process.execPath, '-r', swcRegister, path.join(benchDir, `${name}.ts`), ...args];
    const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;
    const [command, ...commandArgs] = hasBash
      ? ['bash', '-c', 'ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'bench', ...node]
      : node;
    log(`running bench/${name}.ts ${args.join(' ')}`.trim());
    const child = spawn(command, commandArgs, { cwd: root, env, stdio: 'inherit' });
    running = child;
    return await new Promise((resolve) => {
      child.on('error', (err) => {
        log(`could not run the benchmark: ${err.message}`);
        resolve(1);
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
  } finally {
    for (const cleanup of stack) await cleanup().catch((err) => log(`cleanup: ${err.message}`));
  }
}

/**
 * Drops the databases of earlier runs on this machine that could not clean up (killed with
 * SIGKILL, power cut): cop_bench_<timestamp>_<pid> whose launcher is gone. Only on a loopback
 * server, where that pid means something.
 */
async function dropAbandoned(serverUrl, log) {
  const host = new URL(serverUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return;
  let names;
  try {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
    client.on('error', () => {});
    await client.connect();
    try {
      names = (await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'cop\\_bench\\_%'")).rows.map((r) => r.datname);
    } finally {
      await client.end().catch(() => {});
    }
  } catch {
    return; // not worth failing the run for
  }
  for (const name of names) {
    const pid = Number(/^cop_bench_\d{14}_(\d+)$/.exec(name)?.[1]);
    if (!pid || isAlive(pid)) continue;
    await dropDatabase(withDatabase(serverUrl, name), name)
      .then(() => log(`dropped ${name}, left behind by an interrupted run`))
      .catch(() => {});
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Runs the api's CLI; its output is shown only if it fails (seed:demo prints passwords). */
function cli(cliArgs, cwd, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', swcRegister, path.join(root, 'apps/api/src/cli.ts'), ...cliArgs], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      reject(new Error(`cli ${cliArgs[0]} failed (${code ?? signal}):\n${Buffer.concat(out).toString().trim()}`));
    });
  });
}

/** A throwaway redis-server on a free port, or null if redis-server is not installed. */
async function startPrivateRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) return null;
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    {
      stdio: 'ignore',
      detached: true, // not in our process group: Ctrl+C must not take it away before cleanup
    },
  );
  let exited = false;
  const gone = new Promise((resolve) => child.on('exit', () => resolve((exited = true))));
  child.on('error', () => (exited = true));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };
  process.on('exit', () => exited || child.kill('SIGKILL'));
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && !exited;) {
    if (await redisAnswers({ port })) return { url: `redis://127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  return null;
}
