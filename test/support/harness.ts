import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { LIVE_NAMESPACE, type Role } from '@cop/contracts';
import { createApp } from '../../apps/api/src/app.factory';
import { UsersService } from '../../apps/api/src/auth/users.service';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/config';
import { dataSourceOptions } from '../../apps/api/src/database/data-source';

/** A short random tag so parallel test files (and earlier runs on the same Redis) never collide. */
export const tag = (): string => randomBytes(4).toString('hex');

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    TRUST_PROXY: 'true',
    // Test files run in parallel against one database, and the outbox sweep queues any unqueued
    // mail it finds: only a test that sets its own interval sweeps, so none takes another's mail.
    MAIL_OUTBOX_POLL_MS: '3600000',
    ...overrides,
  });
}

export interface RunningApi {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Starts the real api (Fastify + socket.io + PostgreSQL + Redis) on a free port. */
export async function startApi(overrides: Record<string, string> = {}): Promise<RunningApi> {
  const app = await createApp(testConfig(overrides), { quiet: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}

let ds: DataSource | null = null;
/** A direct connection to the test database, for fixtures and for checking what was stored. */
export async function db(): Promise<DataSource> {
  if (!ds) {
    ds = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
    await ds.initialize();
  }
  return ds;
}
export async function closeDb(): Promise<void> {
  await ds?.destroy();
  ds = null;
}

export interface TestUser {
  email: string;
  password: string;
  role: Role;
  token: string;
}

/** Creates an account directly and signs it in through the API. */
export async function signIn(api: RunningApi, role: Role): Promise<TestUser> {
  const email = `${role}-${tag()}@test.cop`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  await new UsersService(await db()).create({ email, role, password });
  const res = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return { email, password, role, token };
}

export interface Call {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** fetch with JSON in and out. */
export async function call(
  api: RunningApi | string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Call> {
  const base = typeof api === 'string' ? api : api.url;
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body };
}

export interface MeetingFixture {
  code: string;
  rooms: { id: string; name: string }[];
  agendaItems: { id: string; number: string }[];
}

/** A small meeting of its own (3-7 Nov 2025 unless `dates` say otherwise, Geneva) created through the API. */
export async function createMeeting(
  api: RunningApi,
  secretariatToken: string,
  rooms = ['Room 1', 'Room 2'],
  dates = { startDate: '2025-11-03', endDate: '2025-11-07' },
): Promise<MeetingFixture> {
  const code = `t-${tag()}`;
  const m = await call(api, 'POST', '/api/meetings', {
    token: secretariatToken,
    body: {
      code,
      title: { en: `Test meeting ${code}` },
      shortTitle: 'TEST',
      venue: 'CICG, Geneva',
      timeZone: 'Europe/Zurich',
      ...dates,
    },
  });
  if (m.status !== 201) throw new Error(`meeting: ${m.status} ${JSON.stringify(m.body)}`);
  const made: MeetingFixture = { code, rooms: [], agendaItems: [] };
  for (const name of rooms)
    made.rooms.push((await call(api, 'POST', `/api/meetings/${code}/rooms`, { token: secretariatToken, body: { name } })).body);
  for (const number of ['1', '4 (a)']) {
    made.agendaItems.push(
      (
        await call(api, 'POST', `/api/meetings/${code}/agenda-items`, {
          token: secretariatToken,
          body: { number, title: { en: `Item ${number}` } },
        })
      ).body,
    );
  }
  return made;
}

export function connectLive(url: string, token?: string): Socket {
  return io(`${url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
}

/** Resolves when `predicate` holds, polling; rejects after `ms`. */
/** Creates a session of meeting `code` as `token` (the secretariat); throws unless the API answers 201. */
export async function createSession(api: RunningApi, token: string, code: string, body: Record<string, unknown>): Promise<Call['body']> {
  const res = await call(api, 'POST', `/api/meetings/${code}/sessions`, { token, body });
  if (res.status !== 201) throw new Error(`POST session: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Updates session `s` with If-Match on its revision; throws unless the API answers 200. Returns the new session. */
export async function updateSession(
  api: RunningApi,
  token: string,
  code: string,
  s: { id: string; revision: number },
  body: Record<string, unknown>,
): Promise<Call['body']> {
  const res = await call(api, 'PATCH', `/api/meetings/${code}/sessions/${s.id}`, {
    token,
    body,
    headers: { 'if-match': `"${s.revision}"` },
  });
  if (res.status !== 200) throw new Error(`PATCH session ${s.id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function eventually(predicate: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../scripts/free-port.cjs';

export { freePort };

export interface ApiProcess {
  url: string;
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the api as its own OS process (as production runs it) and waits until it is ready. */
export async function spawnApi(env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  let out = '';
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`api exited early (${proc.exitCode}): ${out}`);
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`api did not become ready: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    proc,
    output: () => out,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}

export interface RedisProcess {
  url: string;
  port: number;
  start(): Promise<void>;
  kill(): Promise<void>;
}

/** A private redis-server, so a test can stop and restart Redis without touching anyone else's. */
export async function privateRedis(): Promise<RedisProcess> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const r: RedisProcess = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      const { default: Redis } = await import('ioredis');
      const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      await eventually(
        async () => {
          try {
            if (probe.status !== 'ready') await probe.connect();
            return (await probe.ping()) === 'PONG';
          } catch {
            probe.disconnect();
            return false;
          }
        },
        10_000,
        'redis-server to start',
      );
      probe.disconnect();
    },
    async kill() {
      const p = proc;
      if (!p || p.exitCode !== null) return;
      await new Promise((resolve) => {
        p.once('exit', resolve);
        p.kill('SIGKILL');
      });
    },
  };
  await r.start();
  return r;
}
