import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, type RunningApi } from '../support/harness';

describe('PATCH /api/meetings/:code (the secretariat edits the meeting itself)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;
  const base = () => `/api/meetings/${m.code}`;
  const patch = (body: unknown, ifMatch?: string, token = sec.token) =>
    call(api, 'PATCH', base(), { token, body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
  const revision = async () => (await call(api, 'GET', base())).body.revision as number;

  beforeAll(async () => {
    ctx = await TestContext.start();
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    // A session on the meeting's second day, so shrinking the dates past it is refused.
    const s = await call(api, 'POST', `${base()}/sessions`, {
      token: sec.token,
      body: { type: 'plenary', title: { en: 'Opening' }, roomId: m.rooms[0].id, startsAt: '2025-11-04T10:00', endsAt: '2025-11-04T13:00' },
    });
    expect(s.status).toBe(201);
  });
  afterAll(() => ctx.close());

  it('is for the secretariat only: 401 anonymous, 403 a participant', async () => {
    const delegate = await ctx.newParticipant(m.code);
    expect((await call(api, 'PATCH', base(), { body: { venue: 'X' }, headers: { 'if-match': '1' } })).status).toBe(401);
    expect((await patch({ venue: 'X' }, '1', delegate.token)).status).toBe(403);
    expect((await call(api, 'GET', base())).body.venue).toBe('CICG, Geneva');
  });

  it('edits titles in six languages, short title, venue, dates and zone, bumps the revision and emits meeting.updated', async () => {
    const before = await call(api, 'GET', base());
    expect(before.body.revision).toBe(1);
    const title = { ar: 'اجتماع', zh: '会议', en: 'Edited meeting', fr: 'Réunion modifiée', ru: 'Совещание', es: 'Reunión' };
    const res = await patch(
      { title, shortTitle: 'EDIT', venue: 'Palais des Nations', startDate: '2025-11-02', endDate: '2025-11-08', timeZone: 'Europe/Paris' },
      String(before.body.revision),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: m.code,
      title,
      shortTitle: 'EDIT',
      venue: 'Palais des Nations',
      startDate: '2025-11-02',
      endDate: '2025-11-08',
      timeZone: 'Europe/Paris',
      revision: 2,
      lastSeq: before.body.lastSeq + 1,
    });
    expect(res.body.rooms).toHaveLength(2);
    const feed = await call(api, 'GET', `${base()}/changes?since=${before.body.lastSeq}`);
    expect(feed.body.changes).toEqual([{ meeting: m.code, seq: before.body.lastSeq + 1, at: expect.any(String), kind: 'meeting.updated' }]);
    // The schedule reads the new zone at once (no stale cache in this process).
    expect((await call(api, 'GET', `${base()}/sessions`)).body.timeZone).toBe('Europe/Paris');
  });

  it('needs If-Match (428) and answers a stale one with 412 and the meeting as it now is', async () => {
    expect((await patch({ venue: 'Nowhere' })).status).toBe(428);
    const stale = await patch({ venue: 'Nowhere' }, '1');
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ currentRevision: 2, current: { venue: 'Palais des Nations', revision: 2, shortTitle: 'EDIT' } });
    expect(stale.body.message).toMatch(/changed this meeting first/);
    expect((await patch({ venue: 'Nowhere' }, 'abc')).status).toBe(412);
    expect(await revision()).toBe(2);
  });

  it('validates: 400 for a bad zone, an empty body or an unknown field; 422 when the end would precede the start', async () => {
    const zone = await patch({ timeZone: 'Mars/Olympus' }, '2');
    expect(zone.status).toBe(400);
    expect(JSON.stringify(zone.body)).toMatch(/IANA time zone/);
    expect((await patch({}, '2')).status).toBe(400);
    expect((await patch({ code: 'other' }, '2')).status).toBe(400);
    // The end before the start, whether both are sent or only the end (against the stored start).
    expect((await patch({ startDate: '2025-11-04', endDate: '2025-11-03' }, '2')).status).toBe(422);
    const order = await patch({ endDate: '2025-11-01' }, '2');
    expect(order.status).toBe(422);
    expect(order.body.message).toMatch(/end \(2025-11-01\) before it starts \(2025-11-02\)/);
    expect(await revision()).toBe(2);
  });

  it('refuses (409) dates that would leave sessions outside the meeting, naming them and their day', async () => {
    const before = await call(api, 'GET', base());
    const res = await patch({ startDate: '2025-11-05' }, '2');
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/1 session\(s\) would fall outside 2025-11-05 – 2025-11-08 \(on 2025-11-04\)/);
    expect(res.body.sessions).toEqual([{ id: expect.any(String), title: { en: 'Opening' }, day: '2025-11-04' }]);
    // Nothing half-written: same fields, same revision, no change on the feed.
    const after = await call(api, 'GET', base());
    expect(after.body).toEqual(before.body);
    // Read in a zone far to the west, the 10:00 session starts the day before (23:00 on 11-03).
    const zone = await patch({ timeZone: 'Pacific/Pago_Pago', startDate: '2025-11-04' }, '2');
    expect(zone.status).toBe(409);
    expect(zone.body.sessions[0].day).toBe('2025-11-03');
  });
});
