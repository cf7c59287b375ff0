import { ChangeCursor, LiveEvents, type ChangeEvent } from '@cop/contracts';
import { TestContext } from '../support/fixtures';
import {
  call,
  closeDb,
  connectLive,
  eventually,
  privateRedis,
  spawnApi,
  startApi,
  type ApiProcess,
  type RedisProcess,
} from '../support/harness';

describe('several api processes share one PostgreSQL and one Redis', () => {
  afterAll(closeDb);

  it('a change written through one process reaches a client connected to another', async () => {
    const a: ApiProcess = await spawnApi();
    const b: ApiProcess = await spawnApi();
    const socket = connectLive(b.url);
    try {
      const ctx = await TestContext.on(a);
      const { sec } = ctx;
      const m = await ctx.newMeeting();
      const got: ChangeEvent[] = [];
      socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => got.push(c));
      const subscribed = new Promise((r) => socket.once(LiveEvents.Subscribed, r));
      socket.emit(LiveEvents.Subscribe, { meeting: m.code });
      await subscribed;
      const created = await call(a.url, 'POST', `/api/meetings/${m.code}/sessions`, {
        token: sec.token,
        body: {
          type: 'plenary',
          title: { en: 'Plenary' },
          roomId: m.rooms[0].id,
          startsAt: '2025-11-03T10:00',
          endsAt: '2025-11-03T13:00',
        },
      });
      expect(created.status).toBe(201);
      await eventually(() => got.length === 1, 1000, 'broadcast from process A at a client of process B');
      expect(got[0]).toMatchObject({ kind: 'session.created', session: { id: created.body.id } });
      // B's REST view follows at once too (its cached schedule is invalidated through Redis).
      const list = await call(b.url, 'GET', `/api/meetings/${m.code}/sessions`);
      expect(list.body.sessions.map((s: { id: string }) => s.id)).toContain(created.body.id);
    } finally {
      socket.disconnect();
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('survives a Redis restart: REST keeps working, subscribed clients catch up with nothing lost or doubled', async () => {
    const redis: RedisProcess = await privateRedis();
    const env = { REDIS_URL: redis.url, LIVE_HEAD_INTERVAL_MS: '300' };
    const a = await startApi(env);
    const b = await startApi(env);
    const ctx = await TestContext.on(a);
    const { sec } = ctx;
    const m = await ctx.newMeeting();
    const start = (await call(a, 'GET', `/api/meetings/${m.code}`)).body.lastSeq as number;
    const socket = connectLive(b.url);
    try {
      const seen: number[] = [];
      const raw: number[] = [];
      const cursor = new ChangeCursor(
        start,
        (c) => seen.push(c.seq),
        (since) => socket.emit(LiveEvents.Subscribe, { meeting: m.code, since }),
      );
      socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => {
        raw.push(c.seq);
        cursor.offer(c);
      });
      socket.on(LiveEvents.FeedHead, (h: { lastSeq: number }) => cursor.observeHead(h.lastSeq));
      socket.on('connect', () => socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: cursor.lastSeq }));
      let hour = 8;
      const write = () =>
        call(a, 'POST', `/api/meetings/${m.code}/sessions`, {
          token: sec.token,
          body: {
            type: 'other',
            title: { en: `Session ${hour}` },
            roomId: m.rooms[0].id,
            startsAt: `2025-11-03T${String(hour).padStart(2, '0')}:00`,
            endsAt: `2025-11-03T${String(hour++).padStart(2, '0')}:30`,
          },
        });

      await eventually(() => socket.connected, 3000, 'connected');
      expect((await write()).status).toBe(201);
      await eventually(() => seen.length === 1, 2000, 'first change through Redis');

      await redis.kill();
      const ready = await call(a, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('degraded');
      expect(ready.body.checks.redis.status).toBe('down');
      expect(ready.body.checks.postgres.status).toBe('up');
      // Writes and reads go on while Redis is away.
      expect((await write()).status).toBe(201);
      expect((await write()).status).toBe(201);
      expect((await call(b, 'GET', `/api/meetings/${m.code}/sessions`)).status).toBe(200);
      const login = await call(a, 'POST', '/api/auth/login', {
        body: { email: sec.email, password: sec.password },
        headers: { 'x-forwarded-for': '10.7.7.7' },
      });
      expect(login.status).toBe(200);

      // The client on B learns of the missed changes from the feed head and catches up.
      await eventually(() => seen.length === 3, 5000, 'catch-up while Redis is down');

      await redis.start();
      await eventually(async () => (await call(a, 'GET', '/health/ready')).body.status === 'ok', 10_000, 'ready again');
      expect((await write()).status).toBe(201);
      await eventually(() => seen.length === 4, 5000, 'live again after restart');
      expect(seen).toEqual([start + 1, start + 2, start + 3, start + 4]);
      expect(cursor.waiting).toBe(0);
      // Duplicates on the wire (a change both broadcast and replayed) are dropped by seq.
      expect(new Set(raw)).toEqual(new Set(seen));
    } finally {
      socket.disconnect();
      await a.close();
      await b.close();
      await redis.kill();
    }
  });
});
