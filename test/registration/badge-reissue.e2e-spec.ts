import { TestContext, type FocalPoint, type TestUser } from '../support/fixtures';
import { call, type RunningApi } from '../support/harness';

/** A lost badge: the secretariat replaces it; the old one is refused at the desk, the new one admits. */
describe('badge reissue', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let security: TestUser;
  let holder: TestUser;
  let fp: FocalPoint;
  let meeting: string;
  let approved: string;
  const base = () => `/api/meetings/${meeting}`;
  const reissue = (id: string, body: unknown, token = sec.token) =>
    call(api, 'POST', `${base()}/registrations/${id}/badge-reissues`, { token, body });
  const badge = async () => (await call(api, 'GET', `/api/me/badge?meeting=${meeting}`, { token: holder.token })).body.token as string;
  const scan = (token: string) => call(api, 'POST', `${base()}/check-in`, { token: security.token, body: { token } });

  beforeAll(async () => {
    ctx = await TestContext.start();
    ({ api, sec } = ctx);
    security = await ctx.newAccount('security');
    holder = await ctx.newAccount('delegate');
    meeting = await ctx.newRegistrationMeeting();
    fp = await ctx.newPartyFocalPoint();
    approved = await ctx.newRegistration(meeting, { email: holder.email, state: 'approved' });
  });
  afterAll(() => ctx.close());

  it('revokes every earlier badge and issues a new one, recorded in the history with who and why', async () => {
    const lost = await badge();
    expect((await scan(lost)).body).toMatchObject({ ok: true, status: 'checked-in' });

    const res = await reissue(approved, { reason: 'Lost at the venue on day 2' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ registrationId: approved, badgeVersion: 2, reissuedAt: expect.any(String) });

    const refused = await scan(lost);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ reason: 'revoked', participant: { name: expect.any(String) }, status: 'approved' });
    const replacement = await badge();
    expect(replacement).not.toBe(lost);
    // The same person: their first entry stays recorded, the new badge is simply accepted.
    expect((await scan(replacement)).body).toMatchObject({ ok: true, status: 'already-checked-in' });

    const detail = await call(api, 'GET', `${base()}/registrations/${approved}`, { token: sec.token });
    expect(detail.body.history.at(-1)).toMatchObject({
      from: 'approved',
      to: 'approved',
      reason: 'Badge replaced (earlier badges revoked): Lost at the venue on day 2',
      by: { email: sec.email },
    });
  });

  it('is the secretariat’s alone, needs a reason, and only an approved registration has a badge', async () => {
    for (const user of [security, holder, fp]) expect((await reissue(approved, { reason: 'x' }, user.token)).status).toBe(403);
    const anonymous = await call(api, 'POST', `${base()}/registrations/${approved}/badge-reissues`, { body: { reason: 'x' } });
    expect(anonymous.status).toBe(401);
    const empty = await reissue(approved, { reason: '  ' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('Say why the badge is replaced.');
    const pending = await ctx.newRegistration(meeting, { state: 'pending' });
    const notYet = await reissue(pending, { reason: 'Lost' });
    expect(notYet.status).toBe(409);
    expect(notYet.body.message).toBe('Only an approved registration has a badge; this one is pending.');
    expect((await reissue('00000000-0000-4000-8000-000000000000', { reason: 'Lost' })).status).toBe(404);
    // Nothing of the refused attempts reached the history or the badge.
    const detail = await call(api, 'GET', `${base()}/registrations/${approved}`, { token: sec.token });
    expect(detail.body.history.filter((h: { reason: string | null }) => h.reason?.startsWith('Badge replaced'))).toHaveLength(1);
  });
});
