import { TestContext, type TestUser } from '../support/fixtures';
import { call, type RunningApi } from '../support/harness';
import { makePdf } from '../support/documents';

/** What anonymous callers get back: no staff identities, no inputs that reach SQL unbounded. */
describe('public answers and unbounded inputs', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let code: string;

  beforeAll(async () => {
    ctx = await TestContext.start();
    ({ api, sec } = ctx);
    code = (await ctx.newMeeting()).code;
  });
  afterAll(() => ctx?.close());

  it('names the uploading secretariat account only to the secretariat', async () => {
    const doc = await ctx.newDocument(
      code,
      { symbol: `UNEP/MC/COP.6/INF/${1 + Math.floor(Math.random() * 900)}`, title: 'Public' },
      makePdf(['One']),
    );
    const me = (await call(api, 'GET', '/api/auth/me', { token: sec.token })).body.id as string;
    const anonymous = await call(api, 'GET', `/api/meetings/${code}/documents`);
    expect(anonymous.status).toBe(200);
    expect(JSON.stringify(anonymous.body)).not.toContain(me);
    expect(anonymous.body.documents[0].languages[0].latest.uploadedBy).toBeNull();
    const one = await call(api, 'GET', `/api/meetings/${code}/documents/${doc.ref}`);
    expect(JSON.stringify(one.body)).not.toContain(me);
    const staff = await call(api, 'GET', `/api/meetings/${code}/documents/${doc.ref}`, { token: sec.token });
    expect(staff.body.languages[0].latest.uploadedBy).toBe(me);
  });

  it('refuses an offset past what PostgreSQL reads as an integer with 400, not 500', async () => {
    const res = await call(api, 'GET', `/api/meetings/${code}/registrations?offset=1e21`, { token: sec.token });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/offset/);
    expect((await call(api, 'GET', `/api/meetings/${code}/registrations?offset=5&limit=2`, { token: sec.token })).status).toBe(200);
  });
});
