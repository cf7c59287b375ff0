import { TestContext, type FocalPoint } from '../support/fixtures';
import { call, db, tag, type RunningApi } from '../support/harness';
import { person, selfRegisterConfirmed } from '../support/registration';

/** Anonymous self-registration: nothing stored before the address is confirmed, limited, one-line text. */
describe('anonymous self-registration under abuse', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let meeting: string;
  let media: { id: string };

  beforeAll(async () => {
    ctx = await TestContext.start({ env: { SELF_REGISTRATIONS_PER_IP: '8' } });
    api = ctx.api;
    meeting = await ctx.newRegistrationMeeting();
    media = await ctx.newOrganization('media');
  });
  afterAll(() => ctx.close());

  const path = () => `/api/meetings/${meeting}/self-registrations`;
  const body = (over: Record<string, unknown> = {}) => ({
    ...person({ function: 'journalist', email: `self-${tag()}@example.org`, ...over }),
    category: 'media',
    organizationId: media.id,
  });
  const rows = async (email: string) =>
    (await (await db()).query<{ n: number }[]>('SELECT count(*)::int AS n FROM registration WHERE email = $1', [email]))[0].n;
  const mails = async (email: string) =>
    (
      await (
        await db()
      ).query<{ template: string; vars: Record<string, string> }[]>(
        'SELECT template, vars FROM mail_outbox WHERE recipient = $1 ORDER BY created_at',
        [email],
      )
    ).map((m) => m.template);

  it('writes no registration and mails only the address until the link is used', async () => {
    const b = body();
    const asked = await call(api, 'POST', path(), { body: b });
    expect(asked.status).toBe(202);
    expect(await rows(b.email)).toBe(0);
    expect(await mails(b.email)).toEqual(['address-confirmation']);

    const confirmed = await selfRegisterConfirmed(api, path(), b);
    expect(confirmed.status).toBe(202);
    expect(await rows(b.email)).toBe(1);
    expect(await mails(b.email)).toEqual(['address-confirmation', 'address-confirmation', 'nomination-received']);
  });

  it('refuses a forged, altered or other meeting’s link, writing nothing', async () => {
    const b = body();
    expect((await call(api, 'POST', path(), { body: b })).status).toBe(202);
    const [{ link }] = await (
      await db()
    ).query<{ link: string }[]>(`SELECT vars->>'link' AS link FROM mail_outbox WHERE recipient = $1`, [b.email]);
    const [payload, sig] = link.split('#')[1].split('.');
    const altered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), request: { ...b, email: 'victim@example.org' } }),
    ).toString('base64url');
    for (const token of [`${altered}.${sig}`, `${payload}.${'A'.repeat(43)}`, 'x'.repeat(40)]) {
      const res = await call(api, 'POST', `${path()}/address-confirmation`, { body: { token } });
      expect(res.status).toBe(400);
      expect(res.body.reason).toBe('invalid-token');
    }
    const other = await ctx.newRegistrationMeeting();
    const elsewhere = await call(api, 'POST', `/api/meetings/${other}/self-registrations/address-confirmation`, {
      body: { token: `${payload}.${sig}` },
    });
    expect(elsewhere.status).toBe(400);
    expect(await rows(b.email)).toBe(0);
    expect(await rows('victim@example.org')).toBe(0);
  });

  it('limits requests per address, with 429 and Retry-After', async () => {
    const b = body();
    for (let i = 0; i < 3; i++) expect((await call(api, 'POST', path(), { body: b })).status).toBe(202);
    const fourth = await call(api, 'POST', path(), { body: b });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await mails(b.email)).toHaveLength(3);
  });

  it('limits requests per client address across addresses', async () => {
    const own = await ctx.newRegistrationMeeting(); // its own count: the tests above used the first meeting's
    const at = (b: ReturnType<typeof body>) => call(api, 'POST', `/api/meetings/${own}/self-registrations`, { body: b });
    for (let i = 0; i < 8; i++) expect((await at(body())).status).toBe(202);
    const b = body();
    const refused = await at(b);
    expect(refused.status).toBe(429);
    expect(await mails(b.email)).toEqual([]);
  });

  it('refuses control characters in every text field of self-registrations, with the field named', async () => {
    const probes: Record<string, unknown>[] = [
      { givenName: 'Peter\nBcc: all@example.org' },
      { familyName: 'Beispiel\r\nSubject: urgent' },
      { familyName: 'Bei\tspiel' },
      { givenName: 'Pe\u0000ter' },
      { jobTitle: 'Editor\u202eroF' },
      { jobTitle: 'Editor\nin chief' },
    ];
    for (const over of probes) {
      const b = body(over);
      const res = await call(api, 'POST', path(), { body: b });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(Object.keys(over));
      expect(await mails(b.email)).toEqual([]);
    }
    // Names in any script, with their spaces, still pass.
    expect((await call(api, 'POST', path(), { body: body({ givenName: 'Nguyễn Thị', familyName: 'عبد الله' }) })).status).toBe(202);
  });

  describe('nominations', () => {
    let fp: FocalPoint;
    let letter: string;
    beforeAll(async () => {
      fp = await ctx.newPartyFocalPoint();
      letter = await ctx.newLetter(meeting, fp);
    });

    it('refuses control characters in the nominee’s text fields, writing nothing', async () => {
      for (const over of [{ givenName: 'Amina\nDiallo' }, { jobTitle: 'Adviser\u0007' }, { familyName: 'Dial\u2028lo' }]) {
        const p = person({ ...over, email: `nom-${tag()}@example.org` });
        const res = await call(api, 'POST', `/api/meetings/${meeting}/nominations`, { token: fp.token, body: { ...p, letterId: letter } });
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(Object.keys(over));
        expect(await rows(p.email)).toBe(0);
      }
    });
  });
});
