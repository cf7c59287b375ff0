// `npm start`: from a fresh clone to a running demo in one command.
// Installs dependencies if needed, provides PostgreSQL and Redis (scripts/services.mjs), builds,
// migrates, loads the demo meeting and runs the API with its worker until Ctrl+C.
//
// Only Node built-ins (and services.mjs, which has none) load before dependencies are installed.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { needsInstall, npmCommand } from './dependencies.mjs';
import { provideServices } from './services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataRoot = path.join(root, '.data');

class Interrupted extends Error {}

let services; // { databaseUrl, redisUrl, stop }
let current; // the child process we are waiting for
let interrupted; // the signal that asked us to stop

// Ctrl+C: pass it on to whatever is running and wind down when it exits. The API runs in its own
// process group, so it gets the signal once, from us, and shuts down against live services.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted ??= signal;
    if (current && current.exitCode === null && current.signalCode === null) current.kill(signal);
  });
}

main().catch(async (err) => {
  if (!(err instanceof Interrupted)) {
    console.error(`npm start: ${err.message}`);
    if (process.env.DEBUG) console.error(err.stack);
  }
  await services?.stop().catch(() => {});
  process.exit(err instanceof Interrupted ? exitCodeFor(null, interrupted) : 1);
});

async function main() {
  if (Number(process.versions.node.split('.')[0]) < 20) {
    throw new Error(`Node 20 or newer is required (this is ${process.version})`);
  }

  // a. Dependencies: install when missing or older than package-lock.json.
  // (the same `npm install` from the lock file as ensureDependencies, but interruptible)
  if (needsInstall(root)) {
    const [command, ...args] = npmCommand();
    // Up to three tries, as ensureDependencies: the registry sometimes drops a connection mid-install.
    for (let attempt = 1; ; attempt++) {
      try {
        await run(command, [...args, 'install', '--no-audit', '--no-fund'], { what: 'Installing dependencies (npm install)' });
        break;
      } catch (err) {
        if (err instanceof Interrupted || attempt >= 3) throw err;
        console.log(`${err.message}; trying again (attempt ${attempt + 1} of 3)...`);
      }
    }
  }

  // Fail now rather than after the build if the API could not listen.
  const port = process.env.PORT || '3000';
  await assertPortFree(Number(port), process.env.HOST || '0.0.0.0');

  // b. PostgreSQL and Redis.
  services = await provideServices({ root });
  checkInterrupted();

  // c. A stable secret, so sign-ins survive restarts.
  const publicUrl = process.env.PUBLIC_URL || `http://localhost:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    JWT_SECRET: jwtSecret(),
    PORT: port,
    PUBLIC_URL: publicUrl,
    DEMO_MODE: 'true',
  };

  // d. Build.
  await run('npx', ['--no', '--', 'nest', 'build', 'api'], { what: 'Building the API (nest build)' });
  if (fs.existsSync(path.join(root, 'apps/portal/vite.config.ts'))) {
    await run('npx', ['--no', '--', 'vite', 'build', '--config', 'apps/portal/vite.config.ts'], {
      what: 'Building the portal (vite build)',
    });
  } else {
    console.warn('Warning: apps/portal/vite.config.ts not found; serving the API without the portal.');
  }

  // e. Schema and demo data (seed:demo prints the demo accounts when it creates them).
  const cli = path.join('dist', 'apps', 'api', 'src', 'cli.js');
  await run(process.execPath, [cli, 'migrate'], { env, what: 'Database migration' });
  await run(process.execPath, [cli, 'seed:demo'], { env, what: 'Loading the demo data' });

  // f. The API, with the background worker in the same process.
  checkInterrupted();
  const api = spawn(process.execPath, [path.join('dist', 'apps', 'api', 'src', 'main.js')], {
    cwd: root,
    env: { ...env, RUN_WORKER: 'true' },
    stdio: 'inherit',
    detached: true, // own process group: Ctrl+C reaches it once, via the handler above
  });
  current = api;
  const exited = new Promise((resolve) => {
    api.on('error', (err) => resolve({ error: err }));
    api.on('exit', (code, signal) => resolve({ code, signal }));
  });
  void announceWhenReady(api, port, publicUrl);

  const { code, signal, error } = await exited;
  if (error) throw new Error(`Could not run the API: ${error.message}`);
  if (!interrupted && code !== 0) console.error(`npm start: the API stopped (${signal ?? `exit code ${code}`})`);
  await services.stop();
  process.exit(exitCodeFor(code, signal));
}

/** Runs a command in the repository with the terminal attached; rejects unless it exits 0. */
function run(command, args, { env = process.env, what }) {
  checkInterrupted();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    current = child;
    child.on('error', (err) => reject(new Error(`${what}: could not run ${command} (${err.message})`)));
    child.on('exit', (code, signal) => {
      current = undefined;
      if (interrupted) reject(new Interrupted());
      else if (code === 0) resolve();
      else reject(new Error(`${what} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

function checkInterrupted() {
  if (interrupted) throw new Interrupted();
}

function assertPortFree(port, host) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${port} is already in use; stop what is using it or set PORT`
            : `cannot listen on ${host}:${port} (${err.code ?? err.message})`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** JWT_SECRET from the environment, else .data/jwt-secret, created on first use. */
function jwtSecret() {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  const file = path.join(dataRoot, 'jwt-secret');
  try {
    const saved = fs.readFileSync(file, 'utf8').trim();
    if (saved) return saved;
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(48).toString('base64url');
  fs.mkdirSync(dataRoot, { recursive: true });
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * The demo accounts seed:demo saved in .data/demo-accounts.json, as lines for the banner (empty
 * when this database was not seeded by it): repeated after the server's start-up log, which
 * pushes the first print out of sight.
 */
function demoAccounts(publicUrl) {
  let accounts;
  try {
    accounts = JSON.parse(fs.readFileSync(path.join(dataRoot, 'demo-accounts.json'), 'utf8'));
  } catch {
    return '';
  }
  const lines = accounts.map((a) => `  ${a.role.padEnd(12)} ${a.email.padEnd(24)} ${a.password}`);
  return `Demo accounts (sign in at ${publicUrl}/login):\n${lines.join('\n')}\n`;
}

/** The demo plenary plays the live sample; without it the live page says "offline". */
function streamHint() {
  const media = path.resolve(root, process.env.MEDIA_DIR ?? '.data/media');
  if (fs.existsSync(path.join(media, 'live', 'master.m3u8'))) return '';
  return 'The plenary stream plays once `npm run media:sample` runs in a second terminal (it runs until stopped).\n';
}

/** Prints the banner once the API reports PostgreSQL and Redis reachable. */
async function announceWhenReady(api, port, publicUrl) {
  const host = process.env.HOST && !['0.0.0.0', '::'].includes(process.env.HOST) ? process.env.HOST : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/health/ready`;
  const since = Date.now();
  let nudged = false;
  while (api.exitCode === null && api.signalCode === null && !interrupted) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        console.log(`\nCOP Meeting Services: ${publicUrl}\n${demoAccounts(publicUrl)}${streamHint()}`);
        return;
      }
    } catch {
      // not listening yet
    }
    if (!nudged && Date.now() - since > 60_000) {
      nudged = true;
      console.log(`Still waiting for ${url} to answer 200...`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A child's exit as our exit code: its code, or 128 + signal number like a shell. */
function exitCodeFor(code, signal) {
  if (code !== null && code !== undefined) return code;
  return 128 + (constants.signals[signal] ?? 0);
}
