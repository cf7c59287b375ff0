import jwt from 'jsonwebtoken';
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, LiveEvents, REDACTED, type ChangeEvent, type LiveErrorPayload } from '@cop/contracts';
import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, closeDb, eventually, spawnApi, type RunningApi } from '../support/harness';

let addresses = 0;
/** A socket from its own client address (the api trusts one proxy hop in tests) unless `address` says which. */
function live(url: string, opts: { token?: string; address?: string } = {}): Socket {
  return io(`${url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    auth: opts.token ? { token: opts.token } : {},
    extraHeaders: { 'x-forwarded-for': opts.address ?? `10.77.${Math.floor(addresses / 250)}.${addresses++ % 250}` },
    reconnection: false,
  });
}

function record(socket: Socket) {
  const got = { changes: [] as ChangeEvent[], errors: [] as LiveErrorPayload[], subscribed: 0, disconnected: null as string | null };
  socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => got.changes.push(c));
  socket.on(LiveEvents.Error, (e: LiveErrorPayload) => got.errors.push(e));
  socket.on(LiveEvents.Subscribed, () => got.subscribed++);
  socket.on('disconnect', (reason) => (got.disconnected = reason));
  return got;
}

const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)];

async function timedGet(url: string, path: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}${path}`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return performance.now() - started;
}

describe('the change feed under abuse', () => {
  const sockets: Socket[] = [];
  const open = (s: Socket) => (sockets.push(s), s);
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(closeDb);

  it('a flood of 20,000 subscribes from one socket is cut off with an error, and REST from another client stays fast', async () => {
    // Its own process, as production runs it: the flood and the REST probe share nothing but the api.
    const api = await spawnApi();
    try {
      const fixtures = await TestContext.on({ url: api.url });
      const m = await fixtures.newMeeting();
      const path = `/api/meetings/${m.code}`;
      const baseline: number[] = [];
      for (let i = 0; i < 20; i++) baseline.push(await timedGet(api.url, path));

      const flooder = open(live(api.url));
      const got = record(flooder);
      await new Promise<void>((resolve) => flooder.once('connect', () => resolve()));
      // The attacker's loop: every emit at once, as fast as the client writes them.
      for (let i = 0; i < 20_000; i++) flooder.emit(LiveEvents.Subscribe, { meeting: m.code, since: 0 });
      const during: number[] = [];
      for (let i = 0; i < 20; i++) during.push(await timedGet(api.url, path));

      await eventually(() => got.errors.some((e) => e.code === 'rate-limited'), 5000, 'the rate-limited error');
      expect(got.errors.find((e) => e.code === 'rate-limited')).toMatchObject({ message: expect.stringMatching(/too many subscribes/i) });
      expect(got.errors.find((e) => e.code === 'rate-limited')!.retryAfterMs).toBeGreaterThan(0);
      await eventually(() => got.disconnected !== null, 5000, 'the flooding socket to be dropped');
      // The portal's own pace (one subscribe a second at most) was served before the cut.
      expect(got.subscribed).toBeGreaterThan(0);
      expect(got.subscribed).toBeLessThanOrEqual(10);
      // Unbounded, the flood held REST for 5–10 s. The typical read stays under 200 ms (or, on a
      // machine already slow before the flood, within a few times its own pace), and even the
      // slowest of 20 well under a second, though other test files share the CPUs.
      expect(median(during)).toBeLessThan(Math.max(200, 5 * median(baseline)));
      expect(Math.max(...during)).toBeLessThan(1000);
    } finally {
      await api.stop();
    }
  }, 60_000);

  describe('limits of one connection', () => {
    let ctx: TestContext;
    let api: RunningApi;
    let sec: TestUser;
    let m: MeetingFixture;
    beforeAll(async () => {
      ctx = await TestContext.start({
        env: { LIVE_MEETINGS_PER_SOCKET: '2', LIVE_REPLAY_MAX: '3', LIVE_SOCKETS_PER_ADDRESS: '3', OUTBOX_POLL_MS: '200' },
      });
      ({ api, sec } = ctx);
      m = await ctx.newMeeting();
    });
    afterAll(() => ctx.close());

    it('refuses a message larger than the protocol needs by closing the socket', async () => {
      const socket = open(live(api.url));
      const got = record(socket);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: 0, padding: 'x'.repeat(10_000) });
      await eventually(() => got.disconnected !== null, 3000, 'the socket to be closed');
      expect(got.errors).toEqual([]);
    });

    it('follows a bounded number of meetings per socket', async () => {
      const others = [await ctx.newMeeting({ rooms: ['Room'] }), await ctx.newMeeting({ rooms: ['Room'] })];
      const socket = open(live(api.url));
      const got = record(socket);
      for (const code of [m.code, others[0].code]) socket.emit(LiveEvents.Subscribe, { meeting: code });
      await eventually(() => got.subscribed === 2, 3000, 'two subscriptions');
      // Subscribing again to one it follows is fine; a third meeting is not.
      socket.emit(LiveEvents.Subscribe, { meeting: m.code });
      socket.emit(LiveEvents.Subscribe, { meeting: others[1].code });
      await eventually(() => got.errors.length === 1 && got.subscribed === 3, 3000, 'the refusal');
      expect(got.errors[0]).toMatchObject({ code: 'too-many-meetings', message: expect.stringContaining('at most 2 meetings') });
    });

    it('answers a long absence with feed.resync instead of replaying it, and REST pages through it', async () => {
      const head = (await call(api, 'GET', `/api/meetings/${m.code}`)).body.lastSeq as number;
      expect(head).toBeGreaterThan(3);
      const socket = open(live(api.url));
      const got = record(socket);
      const resync = new Promise((resolve) => socket.once(LiveEvents.FeedResync, resolve));
      socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: 0 });
      expect(await resync).toEqual({ meeting: m.code, since: 0, lastSeq: head });
      await eventually(() => got.subscribed === 1, 3000, 'subscribed');
      expect(got.changes).toEqual([]);
      // Within the cap the socket replays as before.
      socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: head - 2 });
      await eventually(() => got.subscribed === 2, 3000, 'subscribed again');
      expect(got.changes.map((c) => c.seq)).toEqual([head - 1, head]);
      const page = await call(api, 'GET', `/api/meetings/${m.code}/changes?since=0`);
      expect(page.body.changes.map((c: ChangeEvent) => c.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    });

    it('bounds the sockets of one client address', async () => {
      const address = '10.78.0.1';
      const first = [open(live(api.url, { address })), open(live(api.url, { address })), open(live(api.url, { address }))];
      await eventually(() => first.every((s) => s.connected), 3000, 'three sockets');
      const fourth = open(live(api.url, { address }));
      const got = record(fourth);
      await eventually(() => got.disconnected !== null, 3000, 'the fourth to be refused');
      expect(got.errors[0]).toMatchObject({ code: 'too-many-connections', retryAfterMs: expect.any(Number) });
      // Another address is not affected, and a closed socket frees its place.
      const elsewhere = open(live(api.url));
      await eventually(() => elsewhere.connected, 3000, 'a socket from elsewhere');
      first[0].disconnect();
      const again = open(live(api.url, { address }));
      await eventually(() => again.connected, 3000, 'a socket in the freed place');
    });

    it('drops a socket when its token expires', async () => {
      const user = await ctx.newAccount('delegate');
      const claims = jwt.decode(user.token) as { sub: string; email: string; role: string };
      const short = jwt.sign({ sub: claims.sub, email: claims.email, role: claims.role }, process.env.JWT_SECRET!, {
        algorithm: 'HS256',
        expiresIn: 2,
      });
      const socket = open(live(api.url, { token: short }));
      const got = record(socket);
      await eventually(() => socket.connected, 3000, 'connected');
      await eventually(() => got.disconnected !== null, 5000, 'the socket to be dropped at expiry');
      expect(got.errors).toEqual([{ code: 'unauthorized', message: expect.stringMatching(/expired/) }]);
    });

    it('moves a withdrawn participant out of the participants room at once', async () => {
      const delegate = await ctx.newAccount('delegate');
      const registration = await ctx.newRegistration(m.code, { email: delegate.email, state: 'approved' });
      const socket = open(live(api.url, { token: delegate.token }));
      const got = record(socket);
      socket.emit(LiveEvents.Subscribe, { meeting: m.code });
      await eventually(() => got.subscribed === 1, 3000, 'subscribed');
      const closedSession = (title: string, hour: number) =>
        call(api, 'POST', `/api/meetings/${m.code}/sessions`, {
          token: sec.token,
          body: {
            type: 'contact-group',
            title: { en: title },
            roomId: m.rooms[0].id,
            startsAt: `2025-11-05T${hour}:00`,
            endsAt: `2025-11-05T${hour}:45`,
            visibility: 'participants',
          },
        });
      const before = await closedSession('Contact group on finance', 10);
      expect(before.status).toBe(201);
      await eventually(() => got.changes.length === 1, 3000, 'the participants-only change');
      expect(got.changes[0]).toMatchObject({ kind: 'session.created', session: { id: before.body.id } });

      const cancelled = await call(api, 'POST', `/api/meetings/${m.code}/registrations/${registration}/transitions`, {
        token: sec.token,
        body: { to: 'cancelled', reason: 'Withdrawn by the Party' },
      });
      expect(cancelled.status).toBe(200);
      const after = await closedSession('Contact group on adaptation', 11);
      expect(after.status).toBe(201);
      await eventually(() => got.changes.length === 2, 3000, 'the public part of the next change');
      expect(got.changes[1]).toEqual({ meeting: m.code, seq: got.changes[0].seq + 1, at: expect.any(String), kind: REDACTED });
      expect(JSON.stringify(got.changes[1])).not.toContain('adaptation');
      expect(socket.connected).toBe(true);
    });
  });
});
