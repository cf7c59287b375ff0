import type { Socket } from 'socket.io-client';
import { LiveEvents, type ChangeEvent, type SessionDto } from '@cop/contracts';
import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, connectLive, db, eventually, type RunningApi } from '../support/harness';

/** Reasons for cancelling and postponing, who made each change, and undo. */
describe('calendar changes: reasons, actors, undo', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let m: MeetingFixture;
  const sockets: Socket[] = [];
  const base = () => `/api/meetings/${m.code}`;
  let hour = 8;
  const newSession = (title = `Session ${hour}`) => {
    const h = String(hour++).padStart(2, '0');
    return ctx.newSession(m.code, {
      type: 'plenary',
      title: { en: title },
      roomId: m.rooms[0].id,
      startsAt: `2025-11-03T${h}:00`,
      endsAt: `2025-11-03T${h}:30`,
    });
  };
  const patch = (s: SessionDto, body: Record<string, unknown>, token = sec.token) =>
    call(api, 'PATCH', `${base()}/sessions/${s.id}`, { token, body, headers: { 'if-match': String(s.revision) } });
  const listen = (token?: string) => {
    const socket = connectLive(api.url, token);
    sockets.push(socket);
    const got: ChangeEvent[] = [];
    socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => got.push(c));
    let subscribed = false;
    socket.on(LiveEvents.Subscribed, () => (subscribed = true));
    return { socket, got, ready: () => eventually(() => subscribed, 5000, 'subscribed') };
  };

  beforeAll(async () => {
    ctx = await TestContext.start();
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    delegate = await ctx.newParticipant(m.code);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await ctx.close();
  });

  describe('a reason for cancelling or postponing', () => {
    it('is stored, returned and sent on the feed when a session is cancelled with DELETE', async () => {
      const s = await newSession();
      const feed = listen();
      const { lastSeq } = (await call(api, 'GET', base())).body as { lastSeq: number };
      feed.socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: lastSeq });
      await feed.ready();
      const res = await call(api, 'DELETE', `${base()}/sessions/${s.id}`, {
        token: sec.token,
        headers: { 'if-match': '1' },
        body: { reason: '  Room flooded  ' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', statusReason: 'Room flooded' });
      const one = await call(api, 'GET', `${base()}/sessions/${s.id}`);
      expect(one.body.statusReason).toBe('Room flooded');
      const ics = await (await fetch(`${api.url}${base()}/calendar.ics`)).text();
      expect(ics).toContain('DESCRIPTION:Cancelled: Room flooded');
      await eventually(() => feed.got.length === 1, 3000, 'cancel on the feed');
      expect(feed.got[0]).toMatchObject({ kind: 'session.cancelled', session: { id: s.id, statusReason: 'Room flooded' } });
    });

    it('is taken with a PATCH to postponed, kept while postponed and dropped when rescheduled', async () => {
      const s = await newSession();
      expect(s.statusReason).toBeNull();
      const postponed = await patch(s, { status: 'postponed', reason: 'Awaiting the contact group' });
      expect(postponed.status).toBe(200);
      expect(postponed.body.statusReason).toBe('Awaiting the contact group');
      const renamed = await patch(postponed.body, { title: { en: 'Renamed while postponed' } });
      expect(renamed.body).toMatchObject({ status: 'postponed', statusReason: 'Awaiting the contact group' });
      const back = await patch(renamed.body, { status: 'scheduled' });
      expect(back.body).toMatchObject({ status: 'scheduled', statusReason: null });
    });

    it('answers 422 for a reason on a session that is not cancelled or postponed, and 400 for a blank or long one', async () => {
      const s = await newSession();
      const live = await patch(s, { status: 'live', reason: 'why not' });
      expect(live.status).toBe(422);
      expect(live.body.details).toEqual([{ field: 'reason', message: 'only a cancelled or postponed session has one' }]);
      expect((await patch(s, { status: 'cancelled', reason: '   ' })).status).toBe(400);
      expect((await patch(s, { status: 'cancelled', reason: 'x'.repeat(501) })).status).toBe(400);
      const del = await call(api, 'DELETE', `${base()}/sessions/${s.id}`, {
        token: sec.token,
        headers: { 'if-match': '1' },
        body: { why: 'x' },
      });
      expect(del.status).toBe(400);
      // Nothing was written by the refused requests.
      expect((await call(api, 'GET', `${base()}/sessions/${s.id}`)).body).toMatchObject({ revision: 1, status: 'scheduled' });
    });
  });

  describe("who made each change, and the day's log", () => {
    it('lists the day with time, kind, session title and the actor, newest first, for the secretariat', async () => {
      const s = await newSession('Logged session');
      await patch(s, { status: 'postponed', reason: 'Logged' });
      const [{ display_name }] = await (
        await db()
      ).query<{ display_name: string }[]>('SELECT display_name FROM app_user WHERE email = $1', [sec.email]);
      const today = await call(api, 'GET', `${base()}/changes/today`, { token: sec.token });
      expect(today.status).toBe(200);
      expect(today.body.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const mine = today.body.changes.filter((c: { subject: { id: string } }) => c.subject.id === s.id);
      expect(mine).toEqual([
        expect.objectContaining({ kind: 'session.updated', subject: { type: 'session', id: s.id, title: { en: 'Logged session' } } }),
        expect.objectContaining({ kind: 'session.created' }),
      ]);
      expect(mine[0].actor).toEqual({ id: expect.any(String), displayName: display_name });
      expect(Date.parse(mine[0].at)).toBeGreaterThan(Date.now() - 60_000);
      const seqs = today.body.changes.map((c: { seq: number }) => c.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      // Rooms and agenda items made by the fixture today are calendar changes too.
      const room = today.body.changes.find((c: { kind: string }) => c.kind === 'room.created');
      expect(room).toMatchObject({ subject: { type: 'room', title: { en: 'Room 2' } }, actor: { displayName: display_name } });

      const otherDay = await call(api, 'GET', `${base()}/changes/today?day=2020-01-01`, { token: sec.token });
      expect(otherDay.body).toEqual({ meeting: m.code, day: '2020-01-01', changes: [] });
    });

    it('refuses the log to anyone but the secretariat, and a bad day with 400', async () => {
      expect((await call(api, 'GET', `${base()}/changes/today`)).status).toBe(401);
      expect((await call(api, 'GET', `${base()}/changes/today`, { token: delegate.token })).status).toBe(403);
      const observer = await ctx.newAccount('observer');
      expect((await call(api, 'GET', `${base()}/changes/today`, { token: observer.token })).status).toBe(403);
      expect((await call(api, 'GET', `${base()}/changes/today?day=2025-02-30`, { token: sec.token })).status).toBe(400);
      expect((await call(api, 'GET', `${base()}/changes/today?day=soon`, { token: sec.token })).status).toBe(400);
      expect((await call(api, 'GET', `/api/meetings/no-such-meeting/changes/today`, { token: sec.token })).status).toBe(404);
    });

    it('keeps the actor out of every feed payload, public and participant, REST and socket', async () => {
      const s = await newSession('No PII');
      const feed = listen(delegate.token);
      const { lastSeq } = (await call(api, 'GET', base())).body as { lastSeq: number };
      feed.socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: lastSeq });
      await feed.ready();
      await patch(s, { title: { en: 'No PII, renamed' } });
      await eventually(() => feed.got.length === 1, 3000, 'socket change');
      const rest = await call(api, 'GET', `${base()}/changes?since=0`);
      const asParticipant = await call(api, 'GET', `${base()}/changes?since=0`, { token: delegate.token });
      const bare = JSON.stringify([feed.got, rest.body, asParticipant.body]);
      expect(bare).not.toMatch(/actor/i);
      expect(bare).not.toContain(sec.email);
      const [{ id, display_name }] = await (
        await db()
      ).query<{ id: string; display_name: string }[]>('SELECT id, display_name FROM app_user WHERE email = $1', [sec.email]);
      expect(bare).not.toContain(id);
      expect(bare).not.toContain(display_name);
    });
  });

  describe('undo of the last change', () => {
    it('moves the session back with a new change that observers receive on the feed', async () => {
      const s = await newSession('Undo me');
      const moved = await patch(s, { roomId: m.rooms[1].id, startsAt: '2025-11-05T15:00', endsAt: '2025-11-05T16:00' });
      expect(moved.status).toBe(200);
      const feed = listen();
      const { lastSeq } = (await call(api, 'GET', base())).body as { lastSeq: number };
      feed.socket.emit(LiveEvents.Subscribe, { meeting: m.code, since: lastSeq });
      await feed.ready();

      const undone = await call(api, 'POST', `${base()}/sessions/${s.id}/undo`, { token: sec.token, headers: { 'if-match': '2' } });
      expect(undone.status).toBe(200);
      expect(undone.body).toMatchObject({ room: { id: m.rooms[0].id }, startsAt: s.startsAt, endsAt: s.endsAt, revision: 3 });
      await eventually(() => feed.got.length === 1, 3000, 'undo on the feed');
      expect(feed.got[0]).toMatchObject({
        seq: lastSeq + 1,
        kind: 'session.updated',
        session: { id: s.id, room: { id: m.rooms[0].id }, startsAt: s.startsAt, revision: 3 },
      });
      expect((await call(api, 'GET', `${base()}/sessions/${s.id}`)).body).toMatchObject({
        room: { id: m.rooms[0].id },
        startsAt: s.startsAt,
      });
    });

    it('restores a cancelled session to scheduled, without its reason', async () => {
      const s = await newSession();
      await call(api, 'DELETE', `${base()}/sessions/${s.id}`, { token: sec.token, headers: { 'if-match': '1' }, body: { reason: 'Oops' } });
      const undone = await call(api, 'POST', `${base()}/sessions/${s.id}/undo`, { token: sec.token, headers: { 'if-match': '2' } });
      expect(undone.body).toMatchObject({ status: 'scheduled', statusReason: null });
    });

    it('checks If-Match, refuses a session never changed, and other roles', async () => {
      const s = await newSession();
      const url = `${base()}/sessions/${s.id}/undo`;
      expect((await call(api, 'POST', url, { token: sec.token, headers: { 'if-match': '1' } })).status).toBe(409);
      const moved = await patch(s, { startsAt: '2025-11-06T08:00', endsAt: '2025-11-06T09:00' });
      expect((await call(api, 'POST', url, { token: sec.token })).status).toBe(428);
      expect((await call(api, 'POST', url, { token: sec.token, headers: { 'if-match': '1' } })).status).toBe(412);
      expect((await call(api, 'POST', url, { token: delegate.token, headers: { 'if-match': '2' } })).status).toBe(403);
      expect((await call(api, 'POST', url, { headers: { 'if-match': '2' } })).status).toBe(401);
      expect((await call(api, 'GET', `${base()}/sessions/${s.id}`)).body.revision).toBe(moved.body.revision);
    });

    it('answers 409 when the old slot has been taken meanwhile, and changes nothing', async () => {
      const s = await newSession();
      const moved = await patch(s, { startsAt: '2025-11-06T12:00', endsAt: '2025-11-06T12:30' });
      // Someone else books the slot it left.
      await ctx.newSession(m.code, {
        type: 'other',
        title: { en: 'Taker' },
        roomId: m.rooms[0].id,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
      });
      const undo = await call(api, 'POST', `${base()}/sessions/${s.id}/undo`, { token: sec.token, headers: { 'if-match': '2' } });
      expect(undo.status).toBe(409);
      expect((await call(api, 'GET', `${base()}/sessions/${s.id}`)).body).toMatchObject({ revision: 2, startsAt: moved.body.startsAt });
    });
  });
});
