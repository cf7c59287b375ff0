import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, db, type RunningApi } from '../support/harness';
import { makePdf, PDF_TYPE } from '../support/documents';

/** A re-upload's answer and the version numbers agree; an empty document left by a failed upload can be removed. */
describe('re-uploading a language version', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let m: MeetingFixture;
  const base = () => `/api/meetings/${m.code}/documents`;
  const put = async (ref: string, data: Buffer) => {
    const res = await fetch(`${api.url}${base()}/${ref}/files/en`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${sec.token}`, 'content-type': PDF_TYPE },
      body: new Uint8Array(data),
    });
    return { status: res.status, body: (await res.json()) as { file: { version: number }; reason?: string; version?: number } };
  };

  beforeAll(async () => {
    ctx = await TestContext.start({ documents: true });
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    delegate = await ctx.newParticipant(m.code);
  });
  afterAll(() => ctx.close());

  it('refuses the same bytes again with 409 and numbers the real replacement version 2', async () => {
    expect(
      (await call(api, 'POST', base(), { token: sec.token, body: { symbol: 'UNEP/MC/COP.6/7', title: { en: 'Waste' } } })).status,
    ).toBe(201);
    const v1 = makePdf(['Waste, first']);
    expect((await put('UNEP-MC-COP.6-7', v1)).body.file.version).toBe(1);
    const again = await put('UNEP-MC-COP.6-7', v1);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ reason: 'same-file', version: 1 });
    const v2 = await put('UNEP-MC-COP.6-7', makePdf(['Waste, second']));
    expect(v2.status).toBe(201);
    expect(v2.body.file.version).toBe(2);
    const doc = await call(api, 'GET', `${base()}/UNEP-MC-COP.6-7`);
    expect(doc.body.languages[0].versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('deletes a document that has no file (secretariat only, 403 for others) and refuses a published one with 409', async () => {
    expect(
      (await call(api, 'POST', base(), { token: sec.token, body: { symbol: 'UNEP/MC/COP.6/8', title: { en: 'Empty' } } })).status,
    ).toBe(201);
    expect((await call(api, 'DELETE', `${base()}/UNEP-MC-COP.6-8`, { token: delegate.token })).status).toBe(403);
    expect((await call(api, 'DELETE', `${base()}/UNEP-MC-COP.6-8`)).status).toBe(401);
    expect((await call(api, 'DELETE', `${base()}/UNEP-MC-COP.6-8`, { token: sec.token })).status).toBe(204);
    const rows = await (
      await db()
    ).query(`SELECT 1 FROM document d JOIN meeting m ON m.id = d.meeting_id WHERE m.code = $1 AND d.symbol = $2`, [
      m.code,
      'UNEP/MC/COP.6/8',
    ]);
    expect(rows).toEqual([]);
    expect((await call(api, 'DELETE', `${base()}/UNEP-MC-COP.6-8`, { token: sec.token })).status).toBe(404);
    expect((await call(api, 'DELETE', `${base()}/UNEP-MC-COP.6-7`, { token: sec.token })).status).toBe(409);
  });

  it('corrects a mistyped symbol (secretariat only, with If-Match): 409 when it is taken, the files follow', async () => {
    const made = await call(api, 'POST', base(), { token: sec.token, body: { symbol: 'UNEP/MC/COP.6/90', title: { en: 'Mistyped' } } });
    expect((await put('UNEP-MC-COP.6-90', makePdf(['Mistyped symbol']))).status).toBe(201);
    const patch = (ref: string, body: unknown, token: string, revision: number) =>
      call(api, 'PATCH', `${base()}/${ref}`, { token, body, headers: { 'if-match': `"${revision}"` } });
    const rename = (ref: string, symbol: string, token: string, revision: number) =>
      call(api, 'PUT', `${base()}/${ref}/symbol`, { token, body: { symbol }, headers: { 'if-match': `"${revision}"` } });
    const revision = made.body.editRevision as number;
    expect((await rename('UNEP-MC-COP.6-90', 'UNEP/MC/COP.6/9', delegate.token, revision)).status).toBe(403);
    expect((await rename('UNEP-MC-COP.6-90', 'UNEP/MC/COP.6/7', sec.token, revision)).status).toBe(409);
    expect((await rename('UNEP-MC-COP.6-90', 'UNEP/MC/COP.6/CRP.0', sec.token, revision)).status).toBe(400);
    const fixed = await rename('UNEP-MC-COP.6-90', 'UNEP/MC/COP.6/9/Rev.1', sec.token, revision);
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ symbol: 'UNEP/MC/COP.6/9/Rev.1', ref: 'UNEP-MC-COP.6-9-Rev.1' });
    expect((await call(api, 'GET', `${base()}/UNEP-MC-COP.6-90`)).status).toBe(404);
    const dl = await fetch(`${api.url}${base()}/UNEP-MC-COP.6-9-Rev.1/files/en`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toContain('UNEP-MC-COP.6-9-Rev.1-E.pdf');
    // The old revision number is refused: someone else's correction came first.
    expect((await patch('UNEP-MC-COP.6-9-Rev.1', { title: { en: 'Again' } }, sec.token, revision)).status).toBe(412);
  });
});
