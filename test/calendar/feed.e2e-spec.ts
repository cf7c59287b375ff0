import type { Socket } from 'socket.io-client';
import { ChangeCursor, LiveEvents, type ChangeEvent } from '@cop/contracts';
import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, connectLive, db, eventually, type RunningApi } from '../support/harness';

/** A raw socket.io client that records everything it is sent. */
function listen(socket: Socket) {
  const got = {
    changes: [] as ChangeEvent[],
    subscribed: [] as { lastSeq: number }[],
    errors: [] as { code: string; message: string }[],
    heads: [] as { lastSeq: number }[],
  };
  socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => got.changes.push(c));
  socket.on(LiveEvents.Subscribed, (s: { lastSeq: number }) => got.subscribed.push(s));
  socket.on(LiveEvents.Error, (e: { code: string; message: string }) => got.errors.push(e));
  socket.on(LiveEvents.FeedHead, (h: { lastSeq: number }) => got.heads.push(h));
  return got;
}

describe('live calendar over socket.io', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let m: MeetingFixture;
  const sockets: Socket[] = [];
  const open = (token?: string, url = api.url) => {
    const s = connectLive(url, token);
    sockets.push(s);
    return s;
  };
  let hour = 8;
  /** Creates a public session in its own hour slot. */
  const createSession = async (over: Record<string, unknown> = {}) => {
    const h = String(hour++).padStart(2, '0');
    return ctx.newSession(m.code, {
      type: 'plenary',
      title: { en: `Session ${h}` },
      roomId: m.rooms[0].id,
      startsAt: `2025-11-03T${h}:00`,
      endsAt: `2025-11-03T${h}:30`,
      ...over,
    });
  };
  const lastSeq = async () => (await call(api, 'GET', `/api/meetings/${m.code}`)).body.lastSeq as number;

  beforeAll(async () => {
    ctx = await TestContext.start({ env: { LIVE_HEAD_INTERVAL_MS: '300', OUTBOX_POLL_MS: '200' } });
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    delegate = await ctx.newParticipant(m.code);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await ctx.close();
  });

  it('replays changes after `since`, then streams new ones in seq order as calendar.changed', async () => {
    const start = await lastSeq();
    await createSession();
    await createSession();
    const socket = open();
    const got = listen(socket);
    socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: start });
    await eventually(() => got.subscribed.length === 1, 5000, 'subscribed');
    expect(got.changes.map((c) => c.seq)).toEqual([start + 1, start + 2]);
    expect(got.subscribed[0].lastSeq).toBe(start + 2);

    const s = await createSession({ title: { en: 'Opening plenary' } });
    await eventually(() => got.changes.length === 3, 2000, 'live change');
    expect(got.changes[2]).toMatchObject({
      meeting: m.code,
      seq: start + 3,
      kind: 'session.created',
      session: { id: s.id, title: { en: 'Opening plenary' } },
    });

    const moved = await call(api, 'PATCH', `/api/meetings/${m.code}/sessions/${s.id}`, {
      token: sec.token,
      headers: { 'if-match': '1' },
      body: { startsAt: '2025-11-04T15:00', endsAt: '2025-11-04T18:00' },
    });
    expect(moved.status).toBe(200);
    await eventually(() => got.changes.length === 4, 2000, 'update');
    expect(got.changes[3]).toMatchObject({
      seq: start + 4,
      kind: 'session.updated',
      session: { startsAt: '2025-11-04T15:00:00+01:00', revision: 2 },
    });
  });

  it('delivers a change to every subscribed client within a second', async () => {
    const clients = Array.from({ length: 20 }, () => open());
    const logs = clients.map(listen);
    clients.forEach((c) => c.emit(LiveEvents.Subscribe, { meeting: m.code }));
    await eventually(() => logs.every((l) => l.subscribed.length === 1), 5000, 'all subscribed');
    const t0 = Date.now();
    await createSession();
    await eventually(() => logs.every((l) => l.changes.length === 1), 1000, 'fan-out within 1 s');
    expect(Date.now() - t0).toBeLessThan(1000);
    clients.forEach((c) => c.disconnect());
  });

  it('a client that reconnects with its last seq misses nothing and gets nothing twice', async () => {
    const seen: number[] = [];
    const start = await lastSeq();
    const socket = open();
    const cursor = new ChangeCursor(
      start,
      (c) => seen.push(c.seq),
      (since) => socket.emit(LiveEvents.Subscribe, { meeting: m.code, since }),
    );
    const raw: number[] = [];
    socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => {
      raw.push(c.seq);
      cursor.offer(c);
    });
    socket.on('connect', () => socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: cursor.lastSeq }));
    const subscribed: number[] = [];
    socket.on(LiveEvents.Subscribed, (x: { lastSeq: number }) => subscribed.push(x.lastSeq));
    await eventually(() => subscribed.length === 1, 3000, 'subscribed');
    const from = cursor.lastSeq;

    await createSession();
    await eventually(() => seen.length === 1, 2000, 'first change');
    // Drop the connection (as venue Wi-Fi does); changes keep happening meanwhile.
    socket.io.engine.close();
    await eventually(() => !socket.connected, 2000, 'disconnect');
    await createSession();
    await createSession();
    await eventually(() => seen.length === 3, 5000, `catch-up after reconnect (seen ${seen}, connected ${socket.connected})`);
    await createSession();
    await createSession();
    await eventually(() => seen.length === 5, 3000, 'live after reconnect');
    expect(seen).toEqual([from + 1, from + 2, from + 3, from + 4, from + 5]);
    // On the wire: everything missed was sent, and the replay stopped at the head it read, so
    // at most a change caught between its commit and its broadcast can come twice (ChangeCursor
    // drops it). Nothing before the reconnect was replayed.
    expect(new Set(raw)).toEqual(new Set(seen));
    expect(raw.filter((seq) => seq === from + 1)).toHaveLength(1);
  });

  it('sends participants-only sessions only to sockets whose token allows them', async () => {
    const anon = open();
    const member = open(delegate.token);
    const a = listen(anon);
    const p = listen(member);
    anon.emit(LiveEvents.Subscribe, { meeting: m.code });
    member.emit(LiveEvents.Subscribe, { meeting: m.code });
    await eventually(() => a.subscribed.length === 1 && p.subscribed.length === 1, 3000, 'subscribed');

    const hidden = await createSession({ type: 'contact-group', title: { en: 'Contact group on budget' }, visibility: 'participants' });
    await eventually(() => a.changes.length === 1 && p.changes.length === 1, 2000, 'both told');
    expect(p.changes[0]).toMatchObject({ kind: 'session.created', session: { title: { en: 'Contact group on budget' } } });
    // The public never saw it: a neutral entry that only advances its cursor.
    expect(a.changes[0]).toEqual({ meeting: m.code, seq: p.changes[0].seq, at: expect.any(String), kind: 'redacted' });

    // Made public: now everyone sees it in full.
    await call(api, 'PATCH', `/api/meetings/${m.code}/sessions/${hidden.id}`, {
      token: sec.token,
      headers: { 'if-match': '1' },
      body: { visibility: 'public' },
    });
    await eventually(() => a.changes.length === 2, 2000, 'public update');
    expect(a.changes[1]).toMatchObject({
      kind: 'session.updated',
      session: { title: { en: 'Contact group on budget' }, visibility: 'public' },
    });

    // Made participants-only again: the public, which now knows it, is told to remove it.
    await call(api, 'PATCH', `/api/meetings/${m.code}/sessions/${hidden.id}`, {
      token: sec.token,
      headers: { 'if-match': '2' },
      body: { visibility: 'participants' },
    });
    await eventually(() => a.changes.length === 3 && p.changes.length === 3, 2000, 'withdrawn from the public');
    expect(a.changes[2]).toEqual({
      meeting: m.code,
      seq: p.changes[2].seq,
      at: expect.any(String),
      kind: 'session.removed',
      session: { id: hidden.id },
    });
    expect(p.changes[2]).toMatchObject({ kind: 'session.updated', session: { visibility: 'participants' } });

    // Replay follows the same rules.
    const late = open();
    const l = listen(late);
    late.emit(LiveEvents.Subscribe, { meeting: m.code, since: p.changes[0].seq - 1 });
    await eventually(() => l.subscribed.length === 1, 3000, 'replay');
    expect(l.changes.map((c) => c.kind)).toEqual(['redacted', 'session.updated', 'session.removed']);
    expect(JSON.stringify([l.changes[0], l.changes[2]])).not.toContain('budget');
  });

  it('answers malformed messages and unknown meetings with an error event and keeps serving', async () => {
    const socket = open();
    const got = listen(socket);
    await eventually(() => socket.connected, 3000, 'connect');
    socket.emit(LiveEvents.Subscribe, 'not an object');
    socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: -4 });
    socket.emit(LiveEvents.Subscribe, { meeting: 'no-such-meeting' });
    socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: 0, extra: true });
    await eventually(() => got.errors.length === 4, 3000, 'four errors');
    // The not-found answer needs a query, so it may come after the others.
    expect(got.errors.map((e) => e.code).sort()).toEqual(['bad-request', 'bad-request', 'bad-request', 'not-found']);
    expect(got.errors.some((e) => /since/.test(e.message))).toBe(true);
    socket.emit(LiveEvents.Subscribe, { meeting: m.code });
    await eventually(() => got.subscribed.length === 1, 3000, 'still serving');
    expect(socket.connected).toBe(true);
  });

  it('refuses a forged token with an error event and a disconnect', async () => {
    const socket = open('not-a-real-token');
    socket.io.opts.reconnection = false;
    const got = listen(socket);
    await eventually(() => got.errors.length === 1, 3000, 'error');
    expect(got.errors[0].code).toBe('unauthorized');
    await eventually(() => !socket.connected, 3000, 'disconnect');
  });

  it('loses nothing when the writer dies between commit and publish: the outbox re-sends, feed.head reveals gaps', async () => {
    const socket = open();
    const seen: number[] = [];
    const cursor = new ChangeCursor(
      await lastSeq(),
      (c) => seen.push(c.seq),
      (since) => socket.emit(LiveEvents.Subscribe, { meeting: m.code, since }),
    );
    socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => cursor.offer(c));
    socket.on(LiveEvents.FeedHead, (h: { lastSeq: number }) => cursor.observeHead(h.lastSeq));
    socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: cursor.lastSeq });
    const from = cursor.lastSeq;

    // Simulate a crash after COMMIT and before publish: the change is stored, never broadcast.
    const ds = await db();
    await ds.transaction(async (em) => {
      const [[row]] = await em.query('UPDATE meeting SET last_seq = last_seq + 1 WHERE code = $1 RETURNING id, last_seq', [m.code]);
      await em.query(
        `INSERT INTO meeting_change (meeting_id, seq, kind, visibility, payload, created_at) VALUES ($1, $2, 'meeting.updated', 'public', $3, now())`,
        [row.id, row.last_seq, { meeting: m.code, seq: Number(row.last_seq), kind: 'meeting.updated', at: new Date().toISOString() }],
      );
    });
    // The client learns of it (feed.head or the outbox poller) without any further write.
    await eventually(() => seen.length === 1, 5000, 'orphaned change delivered');
    expect(seen).toEqual([from + 1]);
    await eventually(
      async () => {
        const [r] = await ds.query(
          'SELECT published_at FROM meeting_change c JOIN meeting m ON m.id = c.meeting_id WHERE m.code = $1 AND seq = $2',
          [m.code, from + 1],
        );
        return r.published_at !== null;
      },
      5000,
      'outbox marks it published',
    );
  });
});
