import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, type RunningApi } from '../support/harness';
import { makePdf } from '../support/documents';

/** A signed link is judged at each use, like a download with a token: it outlives no change of access. */
describe('signed download links after access changes', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;
  let n = 0;

  beforeAll(async () => {
    ctx = await TestContext.start({ documents: true, env: { DOCUMENT_LINK_SECRET: `link-secret-${'y'.repeat(40)}` } });
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
  });
  afterAll(() => ctx?.close());

  /** A participants-only CRP with an English PDF, and a link to it issued to `to`. */
  async function linkedDocument(to: TestUser): Promise<{ ref: string; url: string }> {
    const doc = await ctx.newDocument(
      m.code,
      { symbol: `UNEP/MC/COP.6/CRP.${++n}`, title: `Draft ${n}`, distribution: 'participants' },
      makePdf([`Draft ${n}`]),
    );
    const link = await call(api, 'POST', `/api/meetings/${m.code}/documents/${doc.ref}/files/en/link`, { token: to.token, body: {} });
    expect(link.status).toBe(200);
    expect((await fetch(`${api.url}${link.body.url}`)).status).toBe(200);
    return { ref: doc.ref, url: link.body.url };
  }

  it('stops working when the document becomes secretariat-only', async () => {
    const delegate = await ctx.newParticipant(m.code);
    const { ref, url } = await linkedDocument(delegate);
    const current = await call(api, 'GET', `/api/meetings/${m.code}/documents/${ref}`, { token: sec.token });
    const narrowed = await call(api, 'PATCH', `/api/meetings/${m.code}/documents/${ref}`, {
      token: sec.token,
      body: { distribution: 'secretariat' },
      headers: { 'if-match': String(current.body.editRevision) },
    });
    expect(narrowed.status).toBe(200);
    // Past the download-level memo (1 s), as for a token download.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await fetch(`${api.url}${url}`)).status).toBe(403);
  });

  it("stops working when the holder's registration is cancelled", async () => {
    const delegate = await ctx.newAccount('delegate');
    const registration = await ctx.newRegistration(m.code, { email: delegate.email, state: 'approved' });
    const { url } = await linkedDocument(delegate);
    const cancelled = await call(api, 'POST', `/api/meetings/${m.code}/registrations/${registration}/transitions`, {
      token: sec.token,
      body: { to: 'cancelled', reason: 'Left the delegation' },
    });
    expect(cancelled.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await fetch(`${api.url}${url}`)).status).toBe(403);
  });
});
