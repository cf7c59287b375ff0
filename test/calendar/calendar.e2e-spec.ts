import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, db, type RunningApi } from '../support/harness';
import { expectMatchesOpenApi } from '../support/openapi';

describe('calendar REST API', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let m: MeetingFixture;
  const base = () => `/api/meetings/${m.code}`;

  const session = (over: Record<string, unknown> = {}) => ({
    type: 'plenary',
    title: { en: 'Plenary', fr: 'Séance plénière' },
    roomId: m.rooms[0].id,
    startsAt: '2025-11-04T10:00',
    endsAt: '2025-11-04T13:00',
    agendaItemIds: [m.agendaItems[0].id],
    ...over,
  });
  const create = (over: Record<string, unknown> = {}) => call(api, 'POST', `${base()}/sessions`, { token: sec.token, body: session(over) });

  beforeAll(async () => {
    // An https deployment: the one that gets HSTS (over plain http it would pin a LAN host to https).
    ctx = await TestContext.start({ env: { PUBLIC_URL: 'https://meetings.example.org' } });
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    delegate = await ctx.newParticipant(m.code);
  });
  afterAll(() => ctx.close());

  it('creates a session and returns it with venue-offset times, room and agenda items', async () => {
    const res = await create();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      meeting: m.code,
      type: 'plenary',
      startsAt: '2025-11-04T10:00:00+01:00',
      endsAt: '2025-11-04T13:00:00+01:00',
      day: '2025-11-04',
      room: { id: m.rooms[0].id, name: 'Room 1' },
      agendaItems: [{ id: m.agendaItems[0].id, number: '1' }],
      status: 'scheduled',
      visibility: 'public',
      revision: 1,
    });
    const one = await call(api, 'GET', `${base()}/sessions/${res.body.id}`);
    expectMatchesOpenApi(one, 'GET', '/api/meetings/{code}/sessions/{id}');
    expect(one.status).toBe(200);
    expect(one.body.title).toEqual({ en: 'Plenary', fr: 'Séance plénière' });
  });

  it('lists sessions with the meeting time zone, filters by day, room and type, and answers If-None-Match with 304', async () => {
    await create({
      type: 'side-event',
      title: { en: 'Side event' },
      roomId: m.rooms[1].id,
      startsAt: '2025-11-05T13:15',
      endsAt: '2025-11-05T14:45',
    });
    const all = await call(api, 'GET', `${base()}/sessions`);
    expectMatchesOpenApi(all, 'GET', '/api/meetings/{code}/sessions');
    expect(all.status).toBe(200);
    expect(all.body.timeZone).toBe('Europe/Zurich');
    const etag = all.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await call(api, 'GET', `${base()}/sessions`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    const day = await call(api, 'GET', `${base()}/sessions?day=2025-11-05`);
    expect(day.body.sessions.map((s: { title: { en: string } }) => s.title.en)).toEqual(['Side event']);
    const room = await call(api, 'GET', `${base()}/sessions?room=${m.rooms[1].id}`);
    expect(room.body.sessions.every((s: { room: { id: string } }) => s.room.id === m.rooms[1].id)).toBe(true);
    const type = await call(api, 'GET', `${base()}/sessions?type=side-event`);
    expect(type.body.sessions).toHaveLength(1);
    expect(day.headers.get('etag')).not.toBe(etag);

    // A write moves the feed: the old ETag no longer matches.
    await create({ roomId: m.rooms[1].id, startsAt: '2025-11-06T10:00', endsAt: '2025-11-06T11:00' });
    const after = await call(api, 'GET', `${base()}/sessions`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.body.lastSeq).toBeGreaterThan(all.body.lastSeq);
  });

  it('rejects bad filters with a 400 naming the field', async () => {
    const res = await call(api, 'GET', `${base()}/sessions?day=tomorrow&type=party`);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['day', 'type']);
  });

  it('answers a forged or expired bearer token on the schedule with 401, not the public view', async () => {
    const res = await call(api, 'GET', `${base()}/sessions`, { token: `${sec.token.slice(0, -4)}AAAA` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('shows participants-only sessions to participants and the secretariat only; 404 for outsiders', async () => {
    const res = await create({
      type: 'contact-group',
      title: { en: 'Contact group on budget' },
      startsAt: '2025-11-04T18:30',
      endsAt: '2025-11-04T21:00',
      visibility: 'participants',
    });
    expect(res.status).toBe(201);
    const id = res.body.id;
    const titles = async (token?: string) =>
      (await call(api, 'GET', `${base()}/sessions?day=2025-11-04`, { token })).body.sessions.map((s: { id: string }) => s.id);
    expect(await titles()).not.toContain(id);
    expect(await titles(delegate.token)).toContain(id);
    expect(await titles(sec.token)).toContain(id);
    // Participation is per meeting: a delegate account without an approved registration for
    // this meeting sees the public calendar, here and in the change feed.
    const outsider = await ctx.newAccount('delegate');
    expect(await titles(outsider.token)).not.toContain(id);
    expect((await call(api, 'GET', `${base()}/sessions/${id}`, { token: outsider.token })).status).toBe(404);
    const feed = await call(api, 'GET', `${base()}/changes?since=0`, { token: outsider.token });
    expect(JSON.stringify(feed.body)).not.toContain('Contact group on budget');
    expect((await call(api, 'GET', `${base()}/sessions/${id}`)).status).toBe(404);
    expect((await call(api, 'GET', `${base()}/sessions/${id}`, { token: delegate.token })).status).toBe(200);
    // The public and participant views never share a cached body.
    const pub = await call(api, 'GET', `${base()}/sessions`);
    const part = await call(api, 'GET', `${base()}/sessions`, { token: delegate.token });
    expect(pub.headers.get('etag')).not.toBe(part.headers.get('etag'));
  });

  it('lets only the secretariat write: 401 anonymous, 403 delegate, 401 forged token', async () => {
    expect((await call(api, 'POST', `${base()}/sessions`, { body: session() })).status).toBe(401);
    const forbidden = await call(api, 'POST', `${base()}/sessions`, { token: delegate.token, body: session() });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toMatch(/secretariat/);
    expect((await call(api, 'POST', `${base()}/rooms`, { token: delegate.token, body: { name: 'X' } })).status).toBe(403);
    expect((await call(api, 'POST', '/api/meetings', { token: delegate.token, body: {} })).status).toBe(403);
    const forged = await call(api, 'GET', `${base()}/sessions`, { token: `${delegate.token.slice(0, -3)}abc` });
    expect(forged.status).toBe(401);
  });

  it('validates every field with a JSON error naming it', async () => {
    const bad = await call(api, 'POST', `${base()}/sessions`, {
      token: sec.token,
      body: { type: 'party', title: { fr: 'Sans anglais' }, roomId: 'nope', startsAt: 'monday', endsAt: '2025-11-04T13:00', extra: 1 },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['type', 'title.en', 'roomId', 'startsAt', '(root)']));
    expect(bad.body.message).toMatch(/Invalid request body/);

    const malformed = await call(api, 'POST', `${base()}/sessions`, { token: sec.token, body: '{"type": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.statusCode).toBe(400);

    const wrongType = await call(api, 'POST', `${base()}/sessions`, {
      token: sec.token,
      body: 'type=plenary',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  });

  it('enforces timing rules: ends after start, inside the meeting (422)', async () => {
    const backwards = await create({ startsAt: '2025-11-04T13:00', endsAt: '2025-11-04T10:00' });
    expect(backwards.status).toBe(422);
    expect(backwards.body.details).toEqual([{ field: 'endsAt', message: 'must be after startsAt' }]);
    const outside = await create({ startsAt: '2025-11-10T10:00', endsAt: '2025-11-10T11:00' });
    expect(outside.status).toBe(422);
    expect(outside.body.message).toMatch(/startsAt must fall within the meeting/);
    const impossible = await create({ startsAt: '2025-02-30T10:00', endsAt: '2025-11-04T11:00' });
    expect(impossible.status).toBe(422);
  });

  it('requires the room and agenda items to belong to the meeting (422)', async () => {
    const other = await ctx.newMeeting({ rooms: ['Elsewhere'] });
    const res = await create({ roomId: other.rooms[0].id, agendaItemIds: [other.agendaItems[0].id] });
    expect(res.status).toBe(422);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['roomId', 'agendaItemIds']);
  });

  it('refuses two sessions in one room at the same time with 409 naming the clash, unless allowed', async () => {
    const first = await create({ title: { en: 'Morning plenary' }, startsAt: '2025-11-07T10:00', endsAt: '2025-11-07T13:00' });
    expect(first.status).toBe(201);
    const clash = await create({ title: { en: 'Clashing' }, startsAt: '2025-11-07T12:00', endsAt: '2025-11-07T14:00' });
    expect(clash.status).toBe(409);
    expect(clash.body.message).toContain('Morning plenary');
    expect(clash.body.clashingSession).toMatchObject({ id: first.body.id, startsAt: '2025-11-07T10:00:00+01:00' });
    const adjacent = await create({ title: { en: 'Right after' }, startsAt: '2025-11-07T13:00', endsAt: '2025-11-07T14:00' });
    expect(adjacent.status).toBe(201);
    const allowed = await create({
      title: { en: 'Deliberate overlap' },
      startsAt: '2025-11-07T12:00',
      endsAt: '2025-11-07T12:30',
      allowOverlap: true,
    });
    expect(allowed.status).toBe(201);
    // Nothing half-written by the refused request.
    const list = await call(api, 'GET', `${base()}/sessions?day=2025-11-07`, { token: sec.token });
    expect(list.body.sessions.map((s: { title: { en: string } }) => s.title.en)).not.toContain('Clashing');
  });

  it('updates with If-Match: moves, renames, changes room and status; 412 on a stale revision, 428 without one', async () => {
    const s = (await create({ roomId: m.rooms[1].id, startsAt: '2025-11-03T15:00', endsAt: '2025-11-03T18:00' })).body;
    const url = `${base()}/sessions/${s.id}`;
    expect((await call(api, 'PATCH', url, { token: sec.token, body: { title: { en: 'x' } } })).status).toBe(428);
    const moved = await call(api, 'PATCH', url, {
      token: sec.token,
      headers: { 'if-match': '1' },
      body: { startsAt: '2025-11-03T16:00', endsAt: '2025-11-03T18:30', title: { en: 'Resumed plenary' }, status: 'live' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      revision: 2,
      startsAt: '2025-11-03T16:00:00+01:00',
      status: 'live',
      title: { en: 'Resumed plenary' },
    });
    const stale = await call(api, 'PATCH', url, { token: sec.token, headers: { 'if-match': '1' }, body: { status: 'postponed' } });
    expect(stale.status).toBe(412);
    expect(stale.body.currentRevision).toBe(2);
    const etag = (await call(api, 'GET', url)).headers.get('etag')!;
    const byEtag = await call(api, 'PATCH', url, {
      token: sec.token,
      headers: { 'if-match': etag },
      body: { roomId: m.rooms[0].id, startsAt: '2025-11-03T19:00', endsAt: '2025-11-03T20:00' },
    });
    expect(byEtag.status).toBe(200);
    expect(byEtag.body.room.id).toBe(m.rooms[0].id);
    const missing = await call(api, 'PATCH', `${base()}/sessions/00000000-0000-4000-8000-000000000000`, {
      token: sec.token,
      headers: { 'if-match': '1' },
      body: {},
    });
    expect(missing.status).toBe(404);
  });

  it('refuses an update that would overlap, and one that ends before it starts', async () => {
    const a = (await create({ roomId: m.rooms[1].id, title: { en: 'A' }, startsAt: '2025-11-05T08:00', endsAt: '2025-11-05T09:00' })).body;
    const b = (await create({ roomId: m.rooms[1].id, title: { en: 'B' }, startsAt: '2025-11-05T09:00', endsAt: '2025-11-05T10:00' })).body;
    const onto = await call(api, 'PATCH', `${base()}/sessions/${b.id}`, {
      token: sec.token,
      headers: { 'if-match': '1' },
      body: { startsAt: '2025-11-05T08:30' },
    });
    expect(onto.status).toBe(409);
    expect(onto.body.clashingSession.id).toBe(a.id);
    const inverted = await call(api, 'PATCH', `${base()}/sessions/${b.id}`, {
      token: sec.token,
      headers: { 'if-match': '1' },
      body: { endsAt: '2025-11-05T08:00' },
    });
    expect(inverted.status).toBe(422);
    // Cancelling A frees the room.
    expect((await call(api, 'DELETE', `${base()}/sessions/${a.id}`, { token: sec.token, headers: { 'if-match': '1' } })).status).toBe(200);
    expect(
      (
        await call(api, 'PATCH', `${base()}/sessions/${b.id}`, {
          token: sec.token,
          headers: { 'if-match': '1' },
          body: { startsAt: '2025-11-05T08:30' },
        })
      ).status,
    ).toBe(200);
  });

  it('cancels a session: it stays on the calendar, marked cancelled', async () => {
    const s = (await create({ roomId: m.rooms[1].id, startsAt: '2025-11-06T15:00', endsAt: '2025-11-06T16:00' })).body;
    const res = await call(api, 'DELETE', `${base()}/sessions/${s.id}`, { token: sec.token, headers: { 'if-match': '1' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', revision: 2 });
    expect((await call(api, 'GET', `${base()}/sessions/${s.id}`)).body.status).toBe('cancelled');
  });

  it('manages rooms and agenda items (secretariat), with conflicts and validation', async () => {
    const room = await call(api, 'POST', `${base()}/rooms`, { token: sec.token, body: { name: 'Room 9', capacity: 80 } });
    expect(room.status).toBe(201);
    expect((await call(api, 'POST', `${base()}/rooms`, { token: sec.token, body: { name: 'Room 9' } })).status).toBe(409);
    expect(
      (await call(api, 'PATCH', `${base()}/rooms/${room.body.id}`, { token: sec.token, body: { name: 'Room 9 (annex)' } })).body.name,
    ).toBe('Room 9 (annex)');
    expect((await call(api, 'POST', `${base()}/rooms`, { token: sec.token, body: { name: '' } })).status).toBe(400);
    const item = await call(api, 'POST', `${base()}/agenda-items`, {
      token: sec.token,
      body: { number: '5 (b) (ii)', title: { en: 'Budget' } },
    });
    expect(item.status).toBe(201);
    const badNumber = await call(api, 'POST', `${base()}/agenda-items`, { token: sec.token, body: { number: 'five', title: { en: 'x' } } });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.details[0].field).toBe('number');
    // A room with sessions cannot be deleted; an empty one can.
    expect((await call(api, 'DELETE', `${base()}/rooms/${m.rooms[0].id}`, { token: sec.token })).status).toBe(409);
    expect((await call(api, 'DELETE', `${base()}/rooms/${room.body.id}`, { token: sec.token })).status).toBe(204);
    const detail = await call(api, 'GET', base());
    expect(detail.body.rooms.map((r: { name: string }) => r.name)).not.toContain('Room 9 (annex)');
    expect(detail.body.agendaItems.map((a: { number: string }) => a.number)).toEqual(['1', '4 (a)', '5 (b) (ii)']);
  });

  it('gives the meeting list and detail an ETag and answers If-None-Match with 304', async () => {
    for (const path of ['/api/meetings', base()]) {
      const first = await call(api, 'GET', path);
      const tagged = first.headers.get('etag')!;
      expect(tagged).toMatch(/^W\/"/);
      expect((await call(api, 'GET', path, { headers: { 'if-none-match': tagged } })).status).toBe(304);
    }
  });

  it('sends the security headers (CSP, nosniff, frame and referrer policy) on reads, writes and errors', async () => {
    const responses = [
      await call(api, 'GET', `${base()}/sessions`),
      await call(api, 'GET', '/api/meetings/no-such-meeting/sessions'),
      await call(api, 'POST', `${base()}/sessions`, { token: sec.token, body: {} }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 404, 400]);
    for (const { headers } of responses) {
      expect(headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(headers.get('content-security-policy')).toContain('connect-src');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    }
  });

  it('answers 404 for unknown meetings and sessions', async () => {
    expect((await call(api, 'GET', '/api/meetings/no-such-meeting')).status).toBe(404);
    expect((await call(api, 'GET', '/api/meetings/no-such-meeting/sessions')).body.message).toMatch(/No meeting/);
    expect((await call(api, 'GET', `${base()}/sessions/not-a-uuid`)).status).toBe(404);
    expect((await call(api, 'GET', `${base()}/sessions/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('records every write in a gap-free change feed, readable with ?since', async () => {
    const before = (await call(api, 'GET', base())).body.lastSeq as number;
    // Concurrent writes (some refused) still produce consecutive seqs with nothing skipped.
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        create({
          title: { en: `Burst ${i}` },
          roomId: m.rooms[1].id,
          startsAt: `2025-11-03T0${i % 6}:00`,
          endsAt: `2025-11-03T0${i % 6}:30`,
        }),
      ),
    );
    const created = results.filter((r) => r.status === 201).length;
    expect(created).toBe(6);
    expect(results.filter((r) => r.status === 409)).toHaveLength(6);
    const feed = await call(api, 'GET', `${base()}/changes?since=${before}`, { token: sec.token });
    expect(feed.status).toBe(200);
    expect(feed.body.changes.map((c: { seq: number }) => c.seq)).toEqual(Array.from({ length: created }, (_, i) => before + i + 1));
    expect(feed.body.changes.every((c: { kind: string }) => c.kind === 'session.created')).toBe(true);
    const rows = await (
      await db()
    ).query('SELECT seq FROM meeting_change c JOIN meeting m ON m.id = c.meeting_id WHERE m.code = $1 ORDER BY seq', [m.code]);
    expect(rows.map((r: { seq: string }) => Number(r.seq))).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect((await call(api, 'GET', `${base()}/changes?since=-1`)).status).toBe(400);
  });

  it('redacts participants-only changes in the public feed', async () => {
    const before = (await call(api, 'GET', base())).body.lastSeq as number;
    const hidden = (
      await create({
        visibility: 'participants',
        title: { en: 'Friends of the President' },
        roomId: m.rooms[1].id,
        startsAt: '2025-11-06T21:00',
        endsAt: '2025-11-06T22:00',
      })
    ).body;
    const pub = await call(api, 'GET', `${base()}/changes?since=${before}`);
    expect(pub.body.changes).toEqual([
      // A session the public never saw: only that the feed moved, not even its id.
      { meeting: m.code, seq: before + 1, at: expect.any(String), kind: 'redacted' },
    ]);
    expect(JSON.stringify(pub.body)).not.toContain('Friends of the President');
    expect(JSON.stringify(pub.body)).not.toContain(hidden.id);
    const part = await call(api, 'GET', `${base()}/changes?since=${before}`, { token: delegate.token });
    expect(part.body.changes[0]).toMatchObject({ kind: 'session.created', session: { title: { en: 'Friends of the President' } } });
  });
});
