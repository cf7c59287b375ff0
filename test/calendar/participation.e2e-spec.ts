import { LiveEvents, type ChangeEvent } from '@cop/contracts';
import { TestContext, type TestUser } from '../support/fixtures';
import { call, connectLive, eventually, type RunningApi } from '../support/harness';

/** Participants-only sessions are for the secretariat and the approved participants of THAT meeting. */
describe('calendar access by participation', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let a: string;
  let b: string;
  const hidden: Record<string, string> = {};

  const sessionIds = async (meeting: string, token?: string) =>
    (await call(api, 'GET', `/api/meetings/${meeting}/sessions`, { token })).body.sessions.map((s: { id: string }) => s.id) as string[];
  const rooms: Record<string, string> = {};
  const createHidden = async (meeting: string, title: string) =>
    (
      await ctx.newSession(meeting, {
        type: 'contact-group',
        title: { en: title },
        roomId: rooms[meeting],
        startsAt: '2025-11-04T18:30',
        endsAt: '2025-11-04T21:00',
        visibility: 'participants',
      })
    ).id;

  beforeAll(async () => {
    ctx = await TestContext.start({ env: { LIVE_HEAD_INTERVAL_MS: '300', OUTBOX_POLL_MS: '200' } });
    ({ api, sec } = ctx);
    for (const m of [await ctx.newMeeting(), await ctx.newMeeting()]) rooms[m.code] = m.rooms[0].id;
    [a, b] = Object.keys(rooms);
    delegate = await ctx.newParticipant(a);
    hidden[a] = await createHidden(a, 'Budget contact group A');
    hidden[b] = await createHidden(b, 'Budget contact group B');
  });
  afterAll(() => ctx.close());

  it('shows a delegate the participants-only sessions of the meeting they are approved for, not of another', async () => {
    expect(await sessionIds(a, delegate.token)).toContain(hidden[a]);
    expect(await sessionIds(b, delegate.token)).not.toContain(hidden[b]);
    expect((await call(api, 'GET', `/api/meetings/${b}/sessions/${hidden[b]}`, { token: delegate.token })).status).toBe(404);
    expect((await call(api, 'GET', `/api/meetings/${a}/calendar.ics`, { token: delegate.token })).body).toContain('Budget contact group A');
    expect((await call(api, 'GET', `/api/meetings/${b}/calendar.ics`, { token: delegate.token })).body).not.toContain(
      'Budget contact group B',
    );
    // The secretariat sees both.
    expect(await sessionIds(b, sec.token)).toContain(hidden[b]);
  });

  it('decides the live audience per meeting at subscribe, on one connection', async () => {
    const socket = connectLive(api.url, delegate.token);
    const got: ChangeEvent[] = [];
    const subscribed: string[] = [];
    socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => got.push(c));
    socket.on(LiveEvents.Subscribed, (s: { meeting: string }) => subscribed.push(s.meeting));
    try {
      socket.emit(LiveEvents.Subscribe, { meeting: a, since: 0 });
      socket.emit(LiveEvents.Subscribe, { meeting: b, since: 0 });
      await eventually(() => subscribed.length === 2, 3000, 'subscribed to both');
      const fromA = got.filter((c) => c.meeting === a && c.kind === 'session.created');
      const fromB = got.filter((c) => c.meeting === b);
      expect(JSON.stringify(fromA)).toContain('Budget contact group A');
      expect(JSON.stringify(fromB)).not.toContain('Budget contact group B');

      // Approved for B as well: the next subscribe to B gets the full view.
      await ctx.newRegistration(b, { email: delegate.email, state: 'approved' });
      got.length = 0;
      socket.emit(LiveEvents.Subscribe, { meeting: b, since: 0 });
      await eventually(() => subscribed.length === 3, 3000, 're-subscribed');
      expect(JSON.stringify(got.filter((c) => c.meeting === b))).toContain('Budget contact group B');
      expect(await sessionIds(b, delegate.token)).toContain(hidden[b]);
    } finally {
      socket.disconnect();
    }
  });
});
