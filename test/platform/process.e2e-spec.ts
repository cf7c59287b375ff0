import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { DataSource } from 'typeorm';
import { TestContext } from '../support/fixtures';
import { call, closeDb, connectLive, eventually, freePort, spawnApi, startApi, tag } from '../support/harness';
import { dataSourceOptions, runMigrations } from '../../apps/api/src/database/data-source';
import { seedDemo } from '../../apps/api/src/demo/seed';

const runMain = (env: Record<string, string | undefined>) =>
  spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    env: { ...process.env, ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('the api process', () => {
  afterAll(closeDb);

  it('stops at start with one line naming a missing or malformed variable', () => {
    const missing = runMain({ JWT_SECRET: '', PORT: '0' });
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('Configuration error: JWT_SECRET must be at least 32 characters of random data');
    const unset = runMain({ DATABASE_URL: undefined, PORT: '0' });
    expect(unset.status).toBe(1);
    expect(unset.stderr.trim()).toBe('Configuration error: DATABASE_URL is required but not set');
    const malformed = runMain({ REDIS_URL: 'localhost:6379', PORT: '0' });
    expect(malformed.status).toBe(1);
    expect(malformed.stderr.trim()).toBe('Configuration error: REDIS_URL must be a URL such as redis://127.0.0.1:6379');
    const port = runMain({ PORT: '70000' });
    expect(port.stderr.trim()).toMatch(/^Configuration error: PORT /);
  });

  it('reports liveness and readiness; degraded, not drained, when Redis is unreachable', async () => {
    const api = await startApi();
    try {
      expect((await call(api, 'GET', '/health/live')).body).toEqual({ status: 'ok' });
      const ready = await call(api, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.checks).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
    } finally {
      await api.close();
    }
    const noRedis = await startApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const ready = await call(noRedis, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      // No internals (error text, addresses) in the anonymous answer.
      expect(ready.body).toEqual({ status: 'degraded', checks: { postgres: { status: 'up' }, redis: { status: 'down' } } });
      expect((await call(noRedis, 'GET', '/health/live')).status).toBe(200);
    } finally {
      await noRedis.close();
    }
  });

  it('opens no more PostgreSQL connections than DATABASE_POOL_SIZE, however many queries wait', async () => {
    const api = await startApi({ DATABASE_POOL_SIZE: '2' });
    try {
      const pool = (api.app.get(DataSource).driver as unknown as { master: { totalCount: number } }).master;
      let most = 0;
      const sleeps = Array.from({ length: 8 }, () =>
        api.app
          .get(DataSource)
          .query('SELECT pg_sleep(0.05)')
          .then(() => (most = Math.max(most, pool.totalCount))),
      );
      await Promise.all(sleeps);
      expect(most).toBe(2);
      expect((await call(api, 'GET', '/health/ready')).status).toBe(200);
    } finally {
      await api.close();
    }
  });
  it('shuts down gracefully on SIGTERM: finishes in-flight requests, closes sockets, exits 0', async () => {
    const api = await spawnApi();
    const { sec } = await TestContext.on(api);
    const socket = connectLive(api.url);
    socket.io.opts.reconnection = false;
    let disconnected = false;
    socket.on('disconnect', () => (disconnected = true));
    await eventually(() => socket.connected, 5000, 'socket connected');

    // An in-flight request: headers sent, body still arriving when SIGTERM lands.
    const { port } = new URL(api.url);
    const body = JSON.stringify({ email: sec.email, password: sec.password });
    let accepted!: () => void;
    const inFlight = new Promise<void>((r) => (accepted = r));
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/auth/login',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-forwarded-for': '10.8.8.8',
            // The server answers 100 Continue once it has parsed the headers: from then on the request is in flight.
            expect: '100-continue',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.on('continue', () => {
        req.write(body.slice(0, 10), () => accepted());
        setTimeout(() => req.end(body.slice(10)), 500);
      });
    });
    await inFlight;
    api.proc.kill('SIGTERM');
    const res = await response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).token).toBeTruthy();
    expect(await api.exited).toBe(0);
    await eventually(() => disconnected, 5000, 'socket closed by the server');
    await expect(fetch(`${api.url}/health/live`)).rejects.toThrow();
    socket.disconnect();
  });

  it('loads the demo COP under way by default: this week, a plenary on air, the past concluded', async () => {
    await withEmptyDatabase(async (ds) => {
      const now = new Date();
      expect(await seedDemo(ds, { now })).not.toBeNull();
      const [meeting] = await ds.query(
        `SELECT start_date <= (now() AT TIME ZONE time_zone)::date AND (now() AT TIME ZONE time_zone)::date <= end_date AS on FROM meeting`,
      );
      expect(meeting).toEqual({ on: true });
      const live = await ds.query(`SELECT id, type, starts_at, ends_at FROM calendar_session WHERE status = 'live'`);
      expect(live).toHaveLength(1);
      expect(live[0].type).toBe('plenary');
      expect(+live[0].starts_at).toBeLessThanOrEqual(+now);
      expect(+live[0].ends_at).toBeGreaterThan(+now);
      const [stream] = await ds.query(`SELECT status, session_id, agenda_item_id FROM stream`);
      expect(stream).toEqual({ status: 'live', session_id: live[0].id, agenda_item_id: expect.any(String) });
      const [counts] = await ds.query(
        `SELECT count(*) FILTER (WHERE ends_at <= $1 AND status <> 'concluded')::int AS unfinished_past,
                count(*) FILTER (WHERE status = 'concluded')::int AS concluded,
                count(*) FILTER (WHERE status = 'cancelled' AND starts_at > $1)::int AS cancelled,
                count(*) FILTER (WHERE status = 'postponed' AND starts_at > $1)::int AS postponed
           FROM calendar_session`,
        [now],
      );
      expect(counts).toEqual({ unfinished_past: 0, concluded: expect.any(Number), cancelled: 1, postponed: 1 });
      expect(counts.concluded).toBeGreaterThan(20);
    });
  });

  it('loads the demo COP into an empty database only, with random passwords', async () => {
    await withEmptyDatabase(async (ds) => {
      // The historical week (seed:demo --dates 2025-11-03); the default, under way, is below.
      const accounts = await seedDemo(ds, { firstDay: '2025-11-03' });
      expect(accounts!.map((a) => a.role)).toEqual(['secretariat', 'delegate', 'observer', 'focal-point', 'security']);
      expect(new Set(accounts!.map((a) => a.password)).size).toBe(5);
      // The demo focal point nominates for Switzerland, whose demo delegate is already approved.
      const [binding] = await ds.query(
        `SELECT p.code FROM focal_point f JOIN app_user u ON u.id = f.user_id JOIN party p ON p.id = f.party_id WHERE u.email = 'focal-point@cop6.demo'`,
      );
      expect(binding).toEqual({ code: 'CHE' });
      const [meeting] = await ds.query('SELECT code, time_zone, start_date, end_date, venue FROM meeting');
      expect(meeting).toMatchObject({ code: 'mc-cop-6', time_zone: 'Europe/Zurich', start_date: '2025-11-03', end_date: '2025-11-07' });
      expect(meeting.venue).toContain('CICG');
      const perDay: { day: string; types: string[] }[] = await ds.query(
        `SELECT to_char(starts_at AT TIME ZONE 'Europe/Zurich', 'YYYY-MM-DD') AS day, array_agg(DISTINCT type) AS types FROM calendar_session GROUP BY 1 ORDER BY 1`,
      );
      expect(perDay.map((d) => d.day)).toEqual(['2025-11-03', '2025-11-04', '2025-11-05', '2025-11-06', '2025-11-07']);
      for (const d of perDay) expect(d.types).toEqual(expect.arrayContaining(['plenary', 'regional-group', 'side-event']));
      expect(perDay.slice(0, 4).every((d) => d.types.includes('contact-group'))).toBe(true);
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM calendar_session s JOIN session_agenda_item i ON i.session_id = s.id WHERE s.type = 'plenary'`,
      );
      expect(n).toBeGreaterThan(10);
      // Plenaries at 10:00 and 15:00 venue time.
      const starts = await ds.query(
        `SELECT DISTINCT to_char(starts_at AT TIME ZONE 'Europe/Zurich', 'HH24:MI') AS t FROM calendar_session WHERE type = 'plenary' ORDER BY 1`,
      );
      expect(starts.map((r: { t: string }) => r.t)).toEqual(['10:00', '15:00']);
      expect(await seedDemo(ds)).toBeNull();
    });
  });
});

/** A fresh, migrated database of its own for `fn` (the demo loads only into an empty one), dropped afterwards. */
async function withEmptyDatabase(fn: (ds: DataSource) => Promise<void>): Promise<void> {
  const name = `cop_demo_${tag()}`;
  const admin = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const ds = new DataSource(dataSourceOptions(url.toString()));
  try {
    await runMigrations(url.toString());
    await ds.initialize();
    await fn(ds);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.destroy();
  }
}
