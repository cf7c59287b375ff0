import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { LIVE_NAMESPACE } from '@cop/contracts';
import { createApp } from '../../apps/api/src/app.factory';
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

/** Signs in through the API (each from an address of its own, so no sign-in limit is shared); returns the token. */
export async function login(api: Pick<RunningApi, 'url'>, email: string, password: string): Promise<string> {
  const res = await call(api.url, 'POST', '/api/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
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

export function connectLive(url: string, token?: string): Socket {
  return io(`${url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
}

/** Resolves when `predicate` holds, polling; rejects after `ms`. */
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
