import type { Socket } from 'socket.io-client';
import { LiveEvents, type ChangeEvent, type DocumentDto } from '@cop/contracts';
import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, connectLive, eventually, type RunningApi } from '../support/harness';
import { makePdf } from '../support/documents';

/**
 * Metadata corrections by the secretariat (PATCH .../documents/:ref): validation, concurrency
 * with If-Match, the change feed, and distribution changes deciding who may see the document
 * (the public learning nothing of participants-only details).
 */
describe('document corrections', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let m: MeetingFixture;
  const sockets: Socket[] = [];
  const base = () => `/api/meetings/${m.code}/documents`;
  const patch = (ref: string, body: unknown, ifMatch?: string, token = sec.token) =>
    call(api, 'PATCH', `${base()}/${ref}`, { token, body, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });
  const publish = (symbol: string, title: string, distribution: string, text: string) =>
    ctx.newDocument(m.code, { symbol, title, distribution }, makePdf([text]));
  const head = async () => (await call(api, 'GET', base(), { token: sec.token })).body.lastSeq as number;
  /** A live subscriber from `since`, recording the changes it is sent. */
  const subscribe = async (since: number, token?: string) => {
    const socket = connectLive(api.url, token);
    sockets.push(socket);
    const got: ChangeEvent[] = [];
    socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => got.push(c));
    const ready = new Promise((resolve) => socket.once(LiveEvents.Subscribed, resolve));
    socket.emit(LiveEvents.Subscribe, { meeting: m.code, since });
    await ready;
    return got;
  };
  const symbols = async (token?: string, query = '') =>
    (await call(api, 'GET', `${base()}${query}`, { token })).body.documents.map((d: DocumentDto) => d.symbol);

  beforeAll(async () => {
    ctx = await TestContext.start({ documents: true, env: { RUN_WORKER: 'true' } });
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    delegate = await ctx.newParticipant(m.code);
    await publish('UNEP/MC/COP.6/INF/30', 'Report on mercury waste', 'public', 'Waste thresholds');
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await ctx.close();
  });

  it('corrects titles, type and agenda items with If-Match; search follows the new title at once', async () => {
    const res = await patch(
      'UNEP-MC-COP.6-INF-30',
      {
        title: { en: 'Report on mercury wastes and tailings', fr: 'Rapport sur les déchets de mercure' },
        type: 'non-paper',
        agendaItemIds: [m.agendaItems[1].id],
      },
      '1',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      symbol: 'UNEP/MC/COP.6/INF/30',
      type: 'non-paper',
      title: { en: 'Report on mercury wastes and tailings', fr: 'Rapport sur les déchets de mercure' },
      agendaItems: [{ id: m.agendaItems[1].id, number: m.agendaItems[1].number }],
      distribution: 'public',
      editRevision: 2,
    });
    // The version history is untouched.
    expect(res.body.languages[0].versions).toHaveLength(1);
    expect(await symbols(undefined, `?q=tailings`)).toEqual(['UNEP/MC/COP.6/INF/30']);
    expect(await symbols(undefined, `?agendaItem=${m.agendaItems[1].id}`)).toEqual(['UNEP/MC/COP.6/INF/30']);
    expect(await symbols(undefined, `?agendaItem=${m.agendaItems[0].id}`)).toEqual([]);
    // W/"2" and "2" name the same revision.
    expect((await patch('UNEP-MC-COP.6-INF-30', { agendaItemIds: [] }, 'W/"2"')).body.editRevision).toBe(3);
  });

  it('refuses what it must: 428 without If-Match, 412 on a stale one, 400/422 naming the field, 404, 403, 401', async () => {
    const without = await patch('UNEP-MC-COP.6-INF-30', { type: 'official' });
    expect(without.status).toBe(428);
    expect(without.body.message).toMatch(/If-Match .*revision \(now 3\)/);
    const stale = await patch('UNEP-MC-COP.6-INF-30', { type: 'official' }, '2');
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ currentRevision: 3 });
    expect((await patch('UNEP-MC-COP.6-INF-30', { type: 'official' }, 'soon')).status).toBe(412);

    const badType = await patch('UNEP-MC-COP.6-INF-30', { type: 'memo' }, '3');
    expect(badType.status).toBe(400);
    expect(badType.body.details).toEqual([expect.objectContaining({ field: 'type' })]);
    const noEnglish = await patch('UNEP-MC-COP.6-INF-30', { title: { fr: 'Rapport' } }, '3');
    expect(noEnglish.status).toBe(400);
    expect(noEnglish.body.details[0].field).toBe('title.en');
    expect((await patch('UNEP-MC-COP.6-INF-30', { symbol: 'UNEP/MC/COP.6/INF/31' }, '3')).body.message).toMatch(
      /unknown field\(s\): symbol/,
    );
    expect((await patch('UNEP-MC-COP.6-INF-30', {}, '3')).status).toBe(400);
    expect((await patch('UNEP-MC-COP.6-INF-30', { distribution: 'everyone' }, '3')).body.details[0].field).toBe('distribution');
    const unknownItem = await patch('UNEP-MC-COP.6-INF-30', { agendaItemIds: ['00000000-0000-4000-8000-000000000000'] }, '3');
    expect(unknownItem.status).toBe(422);
    expect(unknownItem.body.message).toMatch(/^agendaItemIds: no agenda item/);

    expect((await patch('UNEP-MC-COP.6-INF-99', { type: 'official' }, '1')).status).toBe(404);
    expect((await patch('UNEP-MC-COP.6-INF-30', { type: 'official' }, '3', delegate.token)).status).toBe(403);
    expect(
      (await call(api, 'PATCH', `${base()}/UNEP-MC-COP.6-INF-30`, { body: { type: 'official' }, headers: { 'if-match': '3' } })).status,
    ).toBe(401);
    // Nothing was written by any of these.
    const doc = await call(api, 'GET', `${base()}/UNEP-MC-COP.6-INF-30`);
    expect(doc.body).toMatchObject({ editRevision: 3, type: 'non-paper' });
  });

  it('lets only the first of two concurrent corrections with the same If-Match through', async () => {
    const results = await Promise.all(['official', 'statement'].map((type) => patch('UNEP-MC-COP.6-INF-30', { type }, '3')));
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    expect((await call(api, 'GET', `${base()}/UNEP-MC-COP.6-INF-30`)).body.editRevision).toBe(4);
  });

  it('announces corrections on the change feed and moves documents between audiences without leaking', async () => {
    const crp = await publish('UNEP/MC/COP.6/CRP.7', 'Draft decision on the effectiveness evaluation', 'participants', 'Effectiveness');
    const start = await head();
    const outsider = await subscribe(start);
    const participant = await subscribe(start, delegate.token);
    const anonymous = { download: () => fetch(`${api.url}${base()}/UNEP-MC-COP.6-CRP.7/files/en`) };

    // 1. A correction of a participants-only document: participants see it; the public a bare entry.
    await patch('UNEP-MC-COP.6-CRP.7', { title: { en: 'Draft decision on effectiveness evaluation (corrected)' } }, '1');
    await eventually(() => outsider.length === 1 && participant.length === 1, 5000, 'first correction');
    expect(participant[0]).toMatchObject({
      seq: start + 1,
      kind: 'document.updated',
      document: {
        id: crp.id,
        ref: 'UNEP-MC-COP.6-CRP.7',
        title: { en: 'Draft decision on effectiveness evaluation (corrected)' },
        editRevision: 2,
      },
    });
    expect(outsider[0]).toEqual({ meeting: m.code, seq: start + 1, at: expect.any(String), kind: 'redacted' });

    // 2. Made public: everyone gets it in full, and may list and download it.
    await patch('UNEP-MC-COP.6-CRP.7', { distribution: 'public' }, '2');
    await eventually(() => outsider.length === 2 && participant.length === 2, 5000, 'made public');
    expect(outsider[1]).toMatchObject({ kind: 'document.updated', document: { id: crp.id, distribution: 'public' } });
    expect(await symbols()).toContain('UNEP/MC/COP.6/CRP.7');
    expect((await anonymous.download()).status).toBe(200);

    // 3. Back to participants: the public, which saw it, is told to remove it — by id, nothing else.
    await patch('UNEP-MC-COP.6-CRP.7', { distribution: 'participants' }, '3');
    await eventually(() => outsider.length === 3 && participant.length === 3, 5000, 'withdrawn from the public');
    expect(outsider[2]).toEqual({
      meeting: m.code,
      seq: start + 3,
      at: expect.any(String),
      kind: 'document.removed',
      document: { id: crp.id },
    });
    expect(participant[2]).toMatchObject({ kind: 'document.updated', document: { distribution: 'participants' } });
    expect(await symbols()).not.toContain('UNEP/MC/COP.6/CRP.7');
    expect((await call(api, 'GET', `${base()}/UNEP-MC-COP.6-CRP.7`)).status).toBe(404);
    expect((await anonymous.download()).status).toBe(404);
    expect(await symbols(delegate.token)).toContain('UNEP/MC/COP.6/CRP.7');

    // 4. Secretariat only: participants are told to remove it; the public learns nothing.
    await patch('UNEP-MC-COP.6-CRP.7', { distribution: 'secretariat' }, '4');
    await eventually(() => outsider.length === 4 && participant.length === 4, 5000, 'withdrawn from participants');
    expect(participant[3]).toMatchObject({ kind: 'document.removed', document: { id: crp.id } });
    expect(outsider[3]).toEqual({ meeting: m.code, seq: start + 4, at: expect.any(String), kind: 'redacted' });
    expect((await call(api, 'GET', `${base()}/UNEP-MC-COP.6-CRP.7`, { token: delegate.token })).status).toBe(404);
    expect((await call(api, 'GET', `${base()}/UNEP-MC-COP.6-CRP.7`, { token: sec.token })).status).toBe(200);

    // 5. Corrections of secretariat-only or unpublished documents are not announced.
    await patch('UNEP-MC-COP.6-CRP.7', { type: 'non-paper' }, '5');
    const draft = await call(api, 'POST', base(), { token: sec.token, body: { symbol: 'UNEP/MC/COP.6/CRP.8', title: { en: 'Draft' } } });
    expect((await patch(draft.body.ref, { title: { en: 'Draft, retitled' } }, '1')).status).toBe(200);
    expect(await head()).toBe(start + 4);

    // The public's catch-up (REST) says the same as its live feed: nothing restricted, anywhere.
    const feed = await call(api, 'GET', `/api/meetings/${m.code}/changes?since=${start}`);
    expect(feed.body.changes).toEqual(outsider);
    for (const c of [outsider[0], outsider[2], outsider[3]]) expect(JSON.stringify(c)).not.toMatch(/effectiveness|CRP/i);
  });
});
