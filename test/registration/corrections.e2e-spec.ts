import { badgeSecret, signBadge } from '../../apps/api/src/registration/badge-token';
import { TestContext, type FocalPoint, type TestUser } from '../support/fixtures';
import { call, db, tag, testConfig, type RunningApi } from '../support/harness';
import { person } from '../support/registration';

/** The secretariat corrects a name or an email as an audited change; a refused badge names its holder. */
describe('registration corrections and refused badges', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let fp: FocalPoint;
  let meeting: string;
  let letter: string;
  const base = () => `/api/meetings/${meeting}`;
  const nominate = (over: Record<string, unknown> = {}) =>
    call(api, 'POST', `${base()}/nominations`, { token: fp.token, body: { ...person(over), letterId: letter } });
  const correct = (id: string, body: unknown, ifMatch: string | null, token = sec.token) =>
    call(api, 'PATCH', `${base()}/registrations/${id}`, { token, body, headers: ifMatch === null ? {} : { 'if-match': `"${ifMatch}"` } });

  beforeAll(async () => {
    ctx = await TestContext.start();
    ({ api, sec } = ctx);
    delegate = await ctx.newAccount('delegate');
    meeting = await ctx.newRegistrationMeeting();
    fp = await ctx.newPartyFocalPoint();
    letter = await ctx.newLetter(meeting, fp);
  });
  afterAll(() => ctx.close());

  it('corrects a typo in the names and email, recorded with who, when and what', async () => {
    const r = (await nominate({ givenName: 'Amnia', familyName: 'Dialo' })).body;
    const email = `fixed-${tag()}@example.org`;
    const res = await correct(r.id, { givenName: 'Amina', familyName: 'Diallo', email: email.toUpperCase() }, r.updatedAt);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ givenName: 'Amina', familyName: 'Diallo', email, status: 'pending' });

    const detail = await call(api, 'GET', `${base()}/registrations/${r.id}`, { token: sec.token });
    expect(detail.body.corrections).toEqual([
      {
        at: expect.any(String),
        by: sec.email,
        changes: [
          { field: 'givenName', from: 'Amnia', to: 'Amina' },
          { field: 'familyName', from: 'Dialo', to: 'Diallo' },
          { field: 'email', from: r.email, to: email },
        ],
      },
    ]);
    const log = await call(api, 'GET', `${base()}/registrations/${r.id}/access-log`, { token: sec.token });
    expect(log.body.some((l: { action: string; by: string }) => l.action === 'registration.correct' && l.by === sec.email)).toBe(true);
  });

  it('needs the version last read: 428 without If-Match, 412 when changed since', async () => {
    const r = (await nominate()).body;
    expect((await correct(r.id, { givenName: 'Aminata' }, null)).status).toBe(428);
    const first = await correct(r.id, { givenName: 'Aminata' }, r.updatedAt);
    expect(first.status).toBe(200);
    const stale = await correct(r.id, { familyName: 'Ba' }, r.updatedAt);
    expect(stale.status).toBe(412);
    expect(stale.body.currentUpdatedAt).toBe(first.body.updatedAt);
    const [{ family_name }] = await (await db()).query('SELECT family_name FROM registration WHERE id = $1', [r.id]);
    expect(family_name).toBe('Diallo');
  });

  it('answers 409 for an email another live registration of the meeting uses', async () => {
    const a = (await nominate()).body;
    const b = (await nominate()).body;
    const clash = await correct(b.id, { email: a.email }, b.updatedAt);
    expect(clash.status).toBe(409);
    const [{ email }] = await (await db()).query('SELECT email FROM registration WHERE id = $1', [b.id]);
    expect(email).toBe(b.email);
  });

  it('validates the fields and lets only the secretariat correct', async () => {
    const r = (await nominate()).body;
    const bad = await correct(r.id, { givenName: '', phone: '1' }, r.updatedAt);
    expect(bad.status).toBe(400);
    expect((await correct(r.id, {}, r.updatedAt)).status).toBe(400);
    expect((await correct(r.id, { givenName: 'X' }, r.updatedAt, fp.token)).status).toBe(403);
    expect((await correct(r.id, { givenName: 'X' }, r.updatedAt, delegate.token)).status).toBe(403);
    expect((await call(api, 'PATCH', `${base()}/registrations/${r.id}`, { body: { givenName: 'X' } })).status).toBe(401);
  });

  it('names the holder of an expired or revoked badge, and when it stopped being valid', async () => {
    const security = await ctx.newAccount('security');
    const holder = await ctx.newAccount('delegate');
    const id = await ctx.newRegistration(meeting, { email: holder.email, state: 'approved' });
    const [m] = await (await db()).query('SELECT id FROM meeting WHERE code = $1', [meeting]);
    const secret = badgeSecret(testConfig());
    const exp = Math.floor(Date.now() / 1000) - 3600;
    const scan = (token: string) => call(api, 'POST', `${base()}/check-in`, { token: security.token, body: { token } });

    const expired = await scan(signBadge({ rid: id, mid: m.id, v: 1, exp }, secret));
    expect(expired.status).toBe(422);
    expect(expired.body).toMatchObject({
      reason: 'expired',
      message: 'This badge has expired.',
      validUntil: new Date(exp * 1000).toISOString(),
      participant: { name: 'Ms. Amina Diallo', category: 'party' },
      status: 'approved',
    });

    const replaced = await scan(signBadge({ rid: id, mid: m.id, v: 0, exp: exp + 86_400 * 365 }, secret));
    expect(replaced.body).toMatchObject({ reason: 'revoked', participant: { name: 'Ms. Amina Diallo' }, status: 'approved' });
    // A forged badge names no one.
    expect((await scan('a.b.c')).body.participant).toBeUndefined();
  });
});
