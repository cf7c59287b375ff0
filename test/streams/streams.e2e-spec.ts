import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { LiveEvents, STREAM_CHANNELS, type ChangeEvent, type StreamDto } from '@cop/contracts';
import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, connectLive, eventually, startApi, tag, type RunningApi } from '../support/harness';

const MEDIA_DIR = join(__dirname, '../..', 'node_modules/.cache', `media-test-${tag()}`);

const channels = (base: string) => STREAM_CHANNELS.map((code) => ({ code, audioOnlyUrl: `${base}/${code}/index.m3u8` }));

describe('streams REST API and change feed', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let m: MeetingFixture;
  let plenary: { id: string; revision: number };
  let afternoon: { id: string; revision: number };
  let closed: { id: string };
  let stream: StreamDto;
  const sockets: Socket[] = [];
  const base = () => `/api/meetings/${m.code}/streams`;
  const setStatus = (body: unknown, token = sec.token, headers: Record<string, string> = {}) =>
    call(api, 'PATCH', `${base()}/${stream.id}/status`, { token, body, headers });
  const createSession = (body: Record<string, unknown>) => ctx.newSession(m.code, { type: 'plenary', roomId: m.rooms[0].id, ...body });
  const session = async (id: string) => (await call(api, 'GET', `/api/meetings/${m.code}/sessions/${id}`, { token: sec.token })).body;

  beforeAll(async () => {
    mkdirSync(join(MEDIA_DIR, 'vod'), { recursive: true });
    writeFileSync(join(MEDIA_DIR, 'vod', 'master.m3u8'), '#EXTM3U\n#EXT-X-VERSION:3\n');
    writeFileSync(join(MEDIA_DIR, 'vod', 'seg.ts'), Buffer.alloc(188, 0x47));
    ctx = await TestContext.start({ env: { MEDIA_DIR, OUTBOX_POLL_MS: '200' } });
    ({ api, sec } = ctx);
    delegate = await ctx.newAccount('delegate');
    m = await ctx.newMeeting();
    plenary = await createSession({ title: { en: 'Plenary' }, startsAt: '2025-11-04T10:00', endsAt: '2025-11-04T13:00' });
    afternoon = await createSession({ title: { en: 'Plenary (afternoon)' }, startsAt: '2025-11-04T15:00', endsAt: '2025-11-04T18:00' });
    closed = await createSession({
      type: 'bureau',
      title: { en: 'Bureau' },
      roomId: m.rooms[1].id,
      startsAt: '2025-11-04T09:00',
      endsAt: '2025-11-04T09:45',
      visibility: 'participants',
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await ctx.close();
    rmSync(MEDIA_DIR, { recursive: true, force: true });
  });

  it('lets the secretariat create a stream with its channels (floor first, names in their own script)', async () => {
    const res = await call(api, 'POST', base(), {
      token: sec.token,
      body: {
        name: 'Plenary — Room 1',
        roomId: m.rooms[0].id,
        masterUrl: '/media/vod/master.m3u8',
        channels: [...channels('/media/vod')].reverse(),
      },
    });
    expect(res.status).toBe(201);
    stream = res.body;
    expect(stream).toMatchObject({
      meeting: m.code,
      name: 'Plenary — Room 1',
      room: { id: m.rooms[0].id },
      status: 'scheduled',
      revision: 1,
    });
    expect(stream.channels.map((c) => c.code)).toEqual(['floor', 'ar', 'zh', 'en', 'fr', 'ru', 'es']);
    expect(stream.channels.map((c) => c.name)).toEqual(['Floor', 'العربية', '中文', 'English', 'Français', 'Русский', 'Español']);
    expect(stream.channels.find((c) => c.code === 'fr')).toMatchObject({ lang: 'fr', audioOnlyUrl: '/media/vod/fr/index.m3u8' });
    expect(stream.channels[0].lang).toBeNull();
    const dup = await call(api, 'POST', base(), {
      token: sec.token,
      body: { name: 'Plenary — Room 1', masterUrl: '/x.m3u8', channels: channels('/x') },
    });
    expect(dup.status).toBe(409);
  });

  it('lists and gets streams for anyone; 404 for an unknown stream or meeting', async () => {
    const list = await call(api, 'GET', base());
    expect(list.status).toBe(200);
    expect(list.body.streams.map((s: StreamDto) => s.id)).toEqual([stream.id]);
    expect(typeof list.body.lastSeq).toBe('number');
    expect((await call(api, 'GET', `${base()}/${stream.id}`)).body.name).toBe('Plenary — Room 1');
    const unknown = await call(api, 'GET', `${base()}/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, message: expect.stringContaining('No stream') });
    expect((await call(api, 'GET', `${base()}/not-a-uuid`)).status).toBe(404);
    expect((await call(api, 'GET', `/api/meetings/no-such-${tag()}/streams`)).status).toBe(404);
    expect(
      (await call(api, 'PATCH', `${base()}/00000000-0000-4000-8000-000000000000/status`, { token: sec.token, body: { status: 'live' } }))
        .status,
    ).toBe(404);
  });

  it('lets only the secretariat write: 401 anonymous, 403 delegate', async () => {
    expect((await setStatus({ status: 'live' }, '')).status).toBe(401);
    const forbidden = await setStatus({ status: 'live' }, delegate.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toMatch(/secretariat/);
    expect((await call(api, 'POST', base(), { token: delegate.token, body: {} })).status).toBe(403);
    expect((await call(api, 'PATCH', `${base()}/${stream.id}`, { token: delegate.token, body: { name: 'x' } })).status).toBe(403);
    expect((await call(api, 'GET', `${base()}/${stream.id}`)).body.status).toBe('scheduled');
  });

  it('rejects bad input with 400 naming every field, and rule violations with 422', async () => {
    const bad = await setStatus({ status: 'on-air', sessionId: 'x', agendaItemId: 3, extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['(root)', 'agendaItemId', 'sessionId', 'status']);
    const empty = await setStatus({});
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/at least one of status, sessionId, agendaItemId/);
    const create = await call(api, 'POST', base(), {
      token: sec.token,
      body: {
        name: '',
        masterUrl: 'ftp://x',
        channels: [
          { code: 'fr', audioOnlyUrl: 'x' },
          { code: 'fr', audioOnlyUrl: '/a' },
        ],
      },
    });
    expect(create.status).toBe(400);
    expect(create.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['name', 'masterUrl', 'channels.0.audioOnlyUrl', 'channels']),
    );

    const paused = await setStatus({ status: 'paused' });
    expect(paused.status).toBe(422);
    expect(paused.body.details).toEqual([{ field: 'status', message: 'a scheduled stream cannot be paused: only a live one can' }]);
    const other = await ctx.newMeeting();
    const wrong = await setStatus({ sessionId: closed.id, agendaItemId: other.agendaItems[0].id });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details).toEqual([
      { field: 'sessionId', message: 'a participants-only session cannot go on a public stream' },
      { field: 'agendaItemId', message: `no agenda item ${other.agendaItems[0].id} in ${m.code}` },
    ]);
    expect((await setStatus({ sessionId: '00000000-0000-4000-8000-000000000000' })).body.details[0].field).toBe('sessionId');
  });

  it('goes live with a session on air: the session turns live in the same write, both reach sockets through the feed', async () => {
    const before = (await call(api, 'GET', base())).body.lastSeq as number;
    const socket = connectLive(api.url);
    sockets.push(socket);
    const got: ChangeEvent[] = [];
    socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => got.push(c));
    const subscribed = new Promise((resolve) => socket.once(LiveEvents.Subscribed, resolve));
    socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: before });
    await subscribed;

    const res = await setStatus({ status: 'live', sessionId: plenary.id, agendaItemId: m.agendaItems[0].id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'live',
      session: { id: plenary.id, status: 'live', startsAt: '2025-11-04T10:00:00+01:00' },
      agendaItem: { id: m.agendaItems[0].id, number: '1', title: { en: 'Item 1' } },
      revision: 2,
    });
    expect(res.body.statusChangedAt).toBeTruthy();
    expect((await session(plenary.id)).status).toBe('live');

    await eventually(() => got.length >= 2, 5000, 'two changes over the socket');
    expect(got.map((c) => [c.seq, c.kind])).toEqual([
      [before + 1, 'session.updated'],
      [before + 2, 'stream.status'],
    ]);
    expect(got[0].session).toMatchObject({ id: plenary.id, status: 'live' });
    expect(got[1].stream).toMatchObject({ id: stream.id, status: 'live', agendaItem: { number: '1' } });

    // The same changes, same seqs, for a client catching up over REST.
    const feed = await call(api, 'GET', `/api/meetings/${m.code}/changes?since=${before}`);
    expect(feed.body.changes.map((c: ChangeEvent) => [c.seq, c.kind])).toEqual([
      [before + 1, 'session.updated'],
      [before + 2, 'stream.status'],
    ]);
    stream = res.body;
  });

  it('moves "now in plenary" alone, and honours If-Match when sent', async () => {
    const res = await setStatus({ agendaItemId: m.agendaItems[1].id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'live', session: { id: plenary.id }, agendaItem: { number: '4 (a)' } });
    const stale = await setStatus({ agendaItemId: null }, sec.token, { 'if-match': String(stream.revision) });
    expect(stale.status).toBe(412);
    expect(stale.body.currentRevision).toBe(res.body.revision);
    const cleared = await setStatus({ agendaItemId: null }, sec.token, { 'if-match': `"${res.body.revision}"` });
    expect(cleared.status).toBe(200);
    expect(cleared.body.agendaItem).toBeNull();
    stream = cleared.body;
  });

  it('concludes the session leaving the air, pauses and ends the stream with the calendar following', async () => {
    const swap = await setStatus({ sessionId: afternoon.id });
    expect(swap.status).toBe(200);
    expect((await session(plenary.id)).status).toBe('concluded');
    expect((await session(afternoon.id)).status).toBe('live');

    const paused = await setStatus({ status: 'paused' });
    expect(paused.body).toMatchObject({ status: 'paused', session: { status: 'live' } });
    const ended = await setStatus({ status: 'ended' });
    expect(ended.body).toMatchObject({ status: 'ended', session: { id: afternoon.id, status: 'concluded' } });
    expect((await session(afternoon.id)).status).toBe('concluded');
    const schedule = await call(api, 'GET', `/api/meetings/${m.code}/sessions?day=2025-11-04`);
    const statuses = Object.fromEntries(schedule.body.sessions.map((s: { id: string; status: string }) => [s.id, s.status]));
    expect(statuses[afternoon.id]).toBe('concluded');
  });

  it('updates the stream itself (stream.updated in the feed)', async () => {
    const res = await call(api, 'PATCH', `${base()}/${stream.id}`, {
      token: sec.token,
      body: { masterUrl: 'https://cdn.example.org/p1/master.m3u8' },
    });
    expect(res.status).toBe(200);
    expect(res.body.masterUrl).toBe('https://cdn.example.org/p1/master.m3u8');
    const feed = await call(api, 'GET', `/api/meetings/${m.code}/changes?since=0`);
    expect(feed.body.changes.at(-1)).toMatchObject({ kind: 'stream.updated', stream: { id: stream.id } });
  });

  it('serves the development media under /media/ with HLS content types', async () => {
    const playlist = await fetch(`${api.url}/media/vod/master.m3u8`);
    expect(playlist.status).toBe(200);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(playlist.headers.get('cache-control')).toBe('no-cache');
    expect(playlist.headers.get('access-control-allow-origin')).toBeNull();
    const segment = await fetch(`${api.url}/media/vod/seg.ts`);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expect((await fetch(`${api.url}/media/vod/missing.ts`)).status).toBe(404);
    expect((await fetch(`${api.url}/media/../package.json`)).status).toBe(404);
  });

  it('does not serve /media/ in production', async () => {
    const prod = await startApi({ MEDIA_DIR, NODE_ENV: 'production', DEMO_MODE: 'false' });
    try {
      expect((await fetch(`${prod.url}/media/vod/master.m3u8`)).status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
