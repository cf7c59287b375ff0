import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudienceService } from '../../apps/api/src/auth/audience.service';
import { badgeSecret, signBadge } from '../../apps/api/src/registration/badge-token';
import { NominationWriter, type NewRegistration, type WriteResult } from '../../apps/api/src/registration/nomination-writer';
import { TestContext, type FocalPoint, type TestUser } from '../support/fixtures';
import { call, db, login, tag, testConfig, type RunningApi } from '../support/harness';
import { expectMatchesOpenApi } from '../support/openapi';
import { pdf, person, selfRegisterConfirmed, uploadLetter } from '../support/registration';

describe('registration and accreditation', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let meeting: string;
  let partyA: { code: string; name: string };
  let partyB: { code: string; name: string };
  let fpA: FocalPoint;
  let fpB: FocalPoint;
  let letterA: string;
  let letterB: string;
  const lettersDir = mkdtempSync(join(tmpdir(), 'cop-letters-'));
  const base = () => `/api/meetings/${meeting}`;
  const nominate = (fp: { token: string }, body: Record<string, unknown>, key?: string) =>
    call(api, 'POST', `${base()}/nominations`, { token: fp.token, body, headers: key ? { 'idempotency-key': key } : {} });
  const move = (id: string, body: Record<string, unknown>, token = sec.token) =>
    call(api, 'POST', `${base()}/registrations/${id}/transitions`, { token, body });

  beforeAll(async () => {
    ctx = await TestContext.start({
      env: { LETTERS_DIR: lettersDir, LETTER_MAX_BYTES: '20000', INVITATION_TTL_HOURS: '2', MAIL_QUEUE_PREFIX: `cop-test-${tag()}` },
    });
    ({ api, sec } = ctx);
    delegate = await ctx.newAccount('delegate');
    meeting = await ctx.newRegistrationMeeting();
    partyA = await ctx.newParty('African Group');
    partyB = await ctx.newParty('Western European and Others Group (WEOG)');
    fpA = await ctx.newFocalPoint({ partyCode: partyA.code });
    fpB = await ctx.newFocalPoint({ partyCode: partyB.code });
    letterA = await ctx.newLetter(meeting, fpA);
    letterB = await ctx.newLetter(meeting, fpB);
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(lettersDir, { recursive: true, force: true });
  });

  describe('Parties, organizations and focal points', () => {
    it('are created by the secretariat only, with validation', async () => {
      expect((await call(api, 'POST', '/api/parties', { token: delegate.token, body: { code: 'XYZ', name: 'X' } })).status).toBe(403);
      expect((await call(api, 'POST', '/api/parties', { body: { code: 'XYZ', name: 'X' } })).status).toBe(401);
      const bad = await call(api, 'POST', '/api/parties', {
        token: sec.token,
        body: { code: 'toolong', name: '', regionalGroup: 'Nowhere' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['code', 'name', 'regionalGroup']);
      const dup = await call(api, 'POST', '/api/parties', { token: sec.token, body: { code: partyA.code, name: `Other ${tag()}` } });
      expect(dup.status).toBe(409);
      const list = await call(api, 'GET', '/api/parties');
      expect(list.body).toEqual(expect.arrayContaining([{ ...partyA, regionalGroup: 'African Group' }]));

      const noParty = await call(api, 'POST', '/api/focal-points', {
        token: sec.token,
        body: { email: `x-${tag()}@test.cop`, displayName: 'X', partyCode: 'QQQ', password: 'long enough password' },
      });
      expect(noParty.status).toBe(404);
      const both = await call(api, 'POST', '/api/focal-points', {
        token: sec.token,
        body: { email: `x-${tag()}@test.cop`, displayName: 'X', partyCode: partyA.code, organizationId: randomUUID() },
      });
      expect(both.status).toBe(400);
      const fps = await call(api, 'GET', '/api/focal-points', { token: sec.token });
      expect(fps.body.find((f: { email: string }) => f.email === fpA.email).party.code).toBe(partyA.code);
      expect((await call(api, 'GET', '/api/focal-points', { token: fpA.token })).status).toBe(403);
    });
  });

  describe('letters of nomination', () => {
    it('accept real PDFs under the cap only, hashed and stored on disk', async () => {
      const body = pdf('hello');
      const ok = await uploadLetter(api, meeting, fpA.token, body);
      expect(ok.status).toBe(201);
      expect(ok.body.sha256).toBe(createHash('sha256').update(body).digest('hex'));
      expect(ok.body.sizeBytes).toBe(body.length);
      const [row] = await (await db()).query('SELECT storage_key FROM nomination_letter WHERE id = $1', [ok.body.id]);
      expect(readFileSync(join(lettersDir, row.storage_key)).equals(body)).toBe(true);

      const png = await uploadLetter(api, meeting, fpA.token, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), randomBytes(100)]));
      expect(png.status).toBe(422);
      expect(png.body.message).toMatch(/must be a PDF/);
      const big = await uploadLetter(api, meeting, fpA.token, Buffer.concat([pdf(), randomBytes(30_000), Buffer.from('\n%%EOF\n')]));
      expect(big.status).toBe(413);
      const json = await call(api, 'POST', `${base()}/nomination-letters`, { token: fpA.token, body: { pdf: 'no' } });
      expect(json.status).toBe(415);
      expect((await uploadLetter(api, meeting, delegate.token)).status).toBe(403);
    });

    it('are downloadable by the secretariat and the nominating focal point only; others get 404 or 403', async () => {
      const body = pdf('download');
      const { id } = (await uploadLetter(api, meeting, fpA.token, body)).body;
      const get = (token: string) =>
        fetch(`${api.url}${base()}/nomination-letters/${id}`, { headers: { authorization: `Bearer ${token}` } });
      const bySec = await get(sec.token);
      expect(bySec.status).toBe(200);
      expect(bySec.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await bySec.arrayBuffer()).equals(body)).toBe(true);
      expect((await get(fpA.token)).status).toBe(200);
      expect((await get(fpB.token)).status).toBe(404);
      expect((await get(delegate.token)).status).toBe(403);
      const missing = await fetch(`${api.url}${base()}/nomination-letters/${randomUUID()}`, {
        headers: { authorization: `Bearer ${fpB.token}` },
      });
      expect(missing.status).toBe(404);
      const [{ n }] = await (
        await db()
      ).query(`SELECT count(*)::int AS n FROM pii_access_log WHERE action = 'letter.download' AND detail->>'letterId' = $1`, [id]);
      expect(n).toBe(1);
    });
  });

  describe('nominations', () => {
    it('creates a pending registration for the focal point’s Party, with names in any script', async () => {
      const res = await nominate(fpA, { ...person({ givenName: 'فاطمة', familyName: 'الزهراء', nationality: 'eg' }), letterId: letterA });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'pending',
        category: 'party',
        party: { code: partyA.code },
        givenName: 'فاطمة',
        nationality: 'EG',
      });
      expect(res.headers.get('location')).toBe(`${base()}/registrations/${res.body.id}`);
      const zh = await nominate(fpA, { ...person({ givenName: '伟', familyName: '王', nationality: 'CN' }), letterId: letterA });
      expect(zh.status).toBe(201);
    });

    it('validates every field with a clear message', async () => {
      const res = await nominate(fpA, {
        givenName: 'R2D2',
        familyName: '',
        email: 'not-an-email',
        function: 'king',
        nationality: 'Switzerland',
        letterId: 'x',
        gender: 'x',
        preferredLanguage: 'de',
      });
      expect(res.status).toBe(400);
      expect([...new Set(res.body.details.map((d: { field: string }) => d.field))].sort()).toEqual(
        ['email', 'familyName', 'function', 'gender', 'givenName', 'letterId', 'nationality', 'preferredLanguage'].sort(),
      );
      expect(res.body.message).toMatch(/email must be an email address/);
      const extra = await nominate(fpA, { ...person(), letterId: letterA, category: 'media' });
      expect(extra.status).toBe(400);
      const otherLetter = await nominate(fpA, { ...person(), letterId: letterB });
      expect(otherLetter.status).toBe(400);
      expect(otherLetter.body.message).toMatch(/letterId/);
      expect((await nominate(delegate, { ...person(), letterId: letterA })).status).toBe(403);
      const unknownMeeting = await call(api, 'POST', `/api/meetings/nope-${tag()}/nominations`, {
        token: fpA.token,
        body: { ...person(), letterId: letterA },
      });
      expect(unknownMeeting.status).toBe(404);
    });

    it('never duplicates: same Idempotency-Key or same person answers 200 with the first registration', async () => {
      const p = { ...person(), letterId: letterA };
      const key = `k-${tag()}`;
      const first = await nominate(fpA, p, key);
      expect(first.status).toBe(201);
      const again = await nominate(fpA, p, key);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const noKey = await nominate(fpA, { ...p, givenName: 'Aminata' });
      expect(noKey.status).toBe(200);
      expect(noKey.body.id).toBe(first.body.id);
      const reused = await nominate(fpA, { ...person(), letterId: letterA }, key);
      expect(reused.status).toBe(422);
      expect(reused.body.reason).toBe('idempotency-key-reused');
      // Another Party cannot learn anything about the existing registration.
      const other = await nominate(fpB, { ...p, letterId: letterB });
      expect(other.status).toBe(409);
      expect(other.body.reason).toBe('duplicate');
      expect(JSON.stringify(other.body)).not.toContain(first.body.id);
      const [{ n }] = await (await db()).query('SELECT count(*)::int AS n FROM registration WHERE email = $1', [p.email]);
      expect(n).toBe(1);
    });

    it('creates exactly one registration when the same nomination races 12 times', async () => {
      const p = { ...person(), letterId: letterA };
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => nominate(fpA, p, i % 2 ? `race-${p.email}` : undefined)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const [{ n }] = await (await db()).query('SELECT count(*)::int AS n FROM registration WHERE email = $1', [p.email]);
      expect(n).toBe(1);
    });
    it('answers each of many concurrent nominations (sharing statements) for its own participant, with its own mail', async () => {
      // A meeting of its own (the lists tested below count this meeting's registrations).
      const code = await ctx.newRegistrationMeeting();
      const letters = [await ctx.newLetter(code, fpA), await ctx.newLetter(code, fpB)];
      const nominateHere = (fp: FocalPoint, body: Record<string, unknown>, key: string) =>
        call(api, 'POST', `/api/meetings/${code}/nominations`, { token: fp.token, body, headers: { 'idempotency-key': key } });
      // 40 people from two Parties at once, some sent twice with the same key, one also under a second key.
      const people = Array.from({ length: 40 }, (_, i) => ({
        fp: i % 2 ? fpB : fpA,
        body: { ...person({ givenName: `Concurrent${String.fromCharCode(65 + (i % 26))}` }), letterId: letters[i % 2] },
        key: `batch-${tag()}`,
      }));
      const sends = people.flatMap((p, i) => [
        nominateHere(p.fp, p.body, p.key).then((r) => ({ i, r })),
        ...(i % 5 === 0 ? [nominateHere(p.fp, p.body, p.key).then((r) => ({ i, r }))] : []),
        ...(i === 7 ? [nominateHere(p.fp, p.body, `${p.key}-other`).then((r) => ({ i, r }))] : []),
      ]);
      const answers = await Promise.all(sends);
      for (const { i, r } of answers) {
        expect([200, 201]).toContain(r.status);
        expect(r.body.email).toBe(people[i].body.email);
        expect(r.body.givenName).toBe(people[i].body.givenName);
        expect(r.body.party.code).toBe(i % 2 ? partyB.code : partyA.code);
      }
      for (const [i, p] of people.entries()) {
        const mine = answers.filter((a) => a.i === i);
        expect(mine.filter((a) => a.r.status === 201)).toHaveLength(1);
        expect(new Set(mine.map((a) => a.r.body.id)).size).toBe(1);
        const rows: { n: number; events: number; mails: number }[] = await (
          await db()
        ).query(
          `SELECT count(*)::int AS n, (SELECT count(*)::int FROM registration_event e JOIN registration r ON r.id = e.registration_id WHERE r.email = $1) AS events,
                  (SELECT count(*)::int FROM mail_outbox WHERE recipient = $1) AS mails
             FROM registration WHERE email = $1`,
          [p.body.email],
        );
        expect(rows[0]).toEqual({ n: 1, events: 1, mails: 1 });
      }
    });

    it('writes concurrent registrations in shared statements; a row that fails fails only its own request', async () => {
      const ds = await db();
      const writer = new NominationWriter(ds);
      const pool = (ds.driver as unknown as { master: { query: (...a: unknown[]) => unknown } }).master;
      const spy = jest.spyOn(pool, 'query');
      const code = await ctx.newRegistrationMeeting();
      const letter = await ctx.newLetter(code, fpA);
      const [{ id: meetingId }] = await ds.query('SELECT id FROM meeting WHERE code = $1', [code]);
      const [{ id: partyId }] = await ds.query('SELECT id FROM party WHERE code = $1', [partyA.code]);
      const row = (email: string, over: Partial<NewRegistration> = {}): NewRegistration => ({
        meetingId,
        category: 'party',
        partyId,
        organizationId: null,
        nominatedBy: fpA.id,
        selfRegistered: false,
        letterId: letter,
        title: null,
        givenName: 'Writer',
        familyName: 'Test',
        email,
        phone: null,
        jobTitle: null,
        function: 'adviser',
        gender: null,
        nationality: 'CH',
        preferredLanguage: 'en',
        idempotencyKey: null,
        anyLetter: false,
        actorId: fpA.id,
        mailVars: { name: 'Writer Test', meeting: 'Test' },
        ...over,
      });
      try {
        const emails = Array.from({ length: 16 }, () => `w-${tag()}@example.org`);
        // The unknown meeting passes every check (no settings, no letter) and then breaks its foreign key.
        const outcomes = await Promise.allSettled([
          ...emails.map((e) => writer.write(row(e))),
          writer.write(row(`w-${tag()}@example.org`, { meetingId: randomUUID(), letterId: null })),
        ]);
        expect(outcomes.slice(0, 16).map((o) => o.status === 'fulfilled' && o.value.verdict === 'ok' && o.value.created)).toEqual(
          emails.map(() => true),
        );
        expect(outcomes.slice(0, 16).map((o) => (o as PromiseFulfilledResult<WriteResult>).value.email)).toEqual(emails);
        expect(outcomes[16].status).toBe('rejected');
        // After the first four statements (one registration each), the waiting ones shared one.
        const sizes = spy.mock.calls
          .map(([q]) => q as { name?: string; values: unknown[][] })
          .filter((q) => q.name === 'registration-write')
          .map((q) => q.values[0].length);
        expect(sizes.slice(0, 4)).toEqual([1, 1, 1, 1]);
        expect(sizes[4]).toBe(13);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('deadlines and quotas', () => {
    it('answers 409 with a clear reason past the deadline or over a quota', async () => {
      const m = await ctx.newRegistrationMeeting();
      const letter = await ctx.newLetter(m, fpA);
      const settings = (body: object) => call(api, 'PUT', `/api/meetings/${m}/registration-settings`, { token: sec.token, body });
      expect((await call(api, 'PUT', `/api/meetings/${m}/registration-settings`, { token: fpA.token, body: {} })).status).toBe(403);
      expect((await settings({ perPartyQuota: 2, perCategoryQuota: { 'observer-ngo': 0 } })).status).toBe(200);
      const nom = (p = person()) =>
        call(api, 'POST', `/api/meetings/${m}/nominations`, { token: fpA.token, body: { ...p, letterId: letter } });
      const first = await nom();
      expect((await nom()).status).toBe(201);
      const over = await nom();
      expect(over.status).toBe(409);
      expect(over.body).toMatchObject({ reason: 'quota-party', quota: 2 });
      expect(over.body.message).toMatch(/quota of 2 participant\(s\)/);
      // A rejected registration frees its place.
      expect(
        (
          await call(api, 'POST', `/api/meetings/${m}/registrations/${first.body.id}/transitions`, {
            token: sec.token,
            body: { to: 'rejected', reason: 'Not eligible' },
          })
        ).status,
      ).toBe(200);
      expect((await nom()).status).toBe(201);

      const ngo = await ctx.newOrganization('ngo');
      const ngoSelf = await selfRegisterConfirmed(api, `/api/meetings/${m}/self-registrations`, {
        ...person(),
        function: 'representative',
        category: 'observer-ngo',
        organizationId: ngo.id,
      });
      expect(ngoSelf.status).toBe(409);
      expect(ngoSelf.body.reason).toBe('quota-category');

      expect((await settings({ deadline: '2020-01-01T00:00:00Z', perPartyQuota: null })).body.deadline).toBe('2020-01-01T00:00:00.000Z');
      const late = await nom();
      expect(late.status).toBe(409);
      expect(late.body.reason).toBe('deadline');
      expect(late.body.message).toMatch(/deadline for REG-TEST passed/);
      expect((await call(api, 'GET', `/api/meetings/${m}/registration-settings`)).body).toMatchObject({
        deadline: '2020-01-01T00:00:00.000Z',
      });
    });

    it('holds the Party and category quotas exactly when nominations race, and still replays racing retries', async () => {
      const m = await ctx.newRegistrationMeeting();
      const fpC = await ctx.newPartyFocalPoint();
      const fps = [fpA, fpB, fpC];
      const letters = await Promise.all(fps.map((fp) => ctx.newLetter(m, fp)));
      // First without quotas (the unlocked path), then quotas set while the meeting already has one each.
      const nom = (i: number, p = person(), key?: string) =>
        call(api, 'POST', `/api/meetings/${m}/nominations`, {
          token: fps[i].token,
          body: { ...p, letterId: letters[i] },
          headers: key ? { 'idempotency-key': key } : {},
        });
      for (let i = 0; i < 3; i++) expect((await nom(i)).status).toBe(201);
      expect(
        (
          await call(api, 'PUT', `/api/meetings/${m}/registration-settings`, {
            token: sec.token,
            body: { perPartyQuota: 3, perCategoryQuota: { party: 7 } },
          })
        ).status,
      ).toBe(200);
      // Each Party sends 6 at once (2 places left each, 6 in all), but the category has only 4 left.
      const results = await Promise.all(fps.flatMap((_, i) => Array.from({ length: 6 }, () => nom(i))));
      const created = results.filter((r) => r.status === 201);
      expect(created).toHaveLength(4);
      expect(results.some((r) => r.status === 409 && r.body.reason === 'quota-category')).toBe(true);
      expect(
        results.every((r) => r.status === 201 || (r.status === 409 && ['quota-party', 'quota-category'].includes(r.body.reason))),
      ).toBe(true);
      const counts = await (
        await db()
      ).query(
        `SELECT party_id, count(*)::int AS n FROM registration r JOIN meeting m ON m.id = r.meeting_id WHERE m.code = $1 GROUP BY party_id`,
        [m],
      );
      expect(counts.reduce((sum: number, c: { n: number }) => sum + c.n, 0)).toBe(7);
      expect(counts.every((c: { n: number }) => c.n <= 3)).toBe(true);
      // A racing retry on the locked path: one 201, the other 200 with the same registration.
      const more = { perPartyQuota: 10, perCategoryQuota: { party: 20 } };
      expect((await call(api, 'PUT', `/api/meetings/${m}/registration-settings`, { token: sec.token, body: more })).status).toBe(200);
      const p = person();
      const pair = await Promise.all([nom(0, p, `q-${p.email}`), nom(0, p, `q-${p.email}`)]);
      expect(pair.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(pair[0].body.id).toBe(pair[1].body.id);
      const [{ n }] = await (await db()).query('SELECT count(*)::int AS n FROM registration WHERE email = $1', [p.email]);
      expect(n).toBe(1);
    });
  });

  describe('personal data', () => {
    it('shows the secretariat everything, a focal point only its Party’s, others nothing', async () => {
      const a = await nominate(fpA, { ...person(), letterId: letterA });
      const b = await nominate(fpB, { ...person({ nationality: 'FR' }), letterId: letterB });
      const listA = await call(api, 'GET', `${base()}/registrations`, { token: fpA.token });
      expectMatchesOpenApi(listA, 'GET', '/api/meetings/{code}/registrations');
      expect(listA.status).toBe(200);
      expect(listA.body.items.every((r: { party: { code: string } }) => r.party.code === partyA.code)).toBe(true);
      expect(listA.body.items.map((r: { id: string }) => r.id)).toContain(a.body.id);
      expect(listA.body.items.map((r: { id: string }) => r.id)).not.toContain(b.body.id);
      expect((await call(api, 'GET', `${base()}/registrations/${b.body.id}`, { token: fpA.token })).status).toBe(404);
      expect((await call(api, 'GET', `${base()}/registrations/${randomUUID()}`, { token: fpA.token })).status).toBe(404);
      expect((await call(api, 'GET', `${base()}/registrations/${b.body.id}`, { token: fpB.token })).status).toBe(200);
      expectMatchesOpenApi(
        await call(api, 'GET', `${base()}/registrations/${b.body.id}`, { token: fpB.token }),
        'GET',
        '/api/meetings/{code}/registrations/{id}',
      );
      expect((await call(api, 'GET', `${base()}/registrations`, { token: delegate.token })).status).toBe(403);
      expect((await call(api, 'GET', `${base()}/registrations/${b.body.id}`, { token: delegate.token })).status).toBe(403);
      expect((await call(api, 'GET', `${base()}/registrations/${b.body.id}`)).status).toBe(401);
      // Someone else's registration cannot be moved either.
      expect((await move(b.body.id, { to: 'cancelled', reason: 'x' }, fpA.token)).status).toBe(404);

      const all = await call(api, 'GET', `${base()}/registrations?party=${partyB.code}`, { token: sec.token });
      expect(all.body.items.map((r: { id: string }) => r.id)).toEqual([b.body.id]);
      const region = await call(
        api,
        'GET',
        `${base()}/registrations?region=${encodeURIComponent('Western European and Others Group (WEOG)')}&status=pending`,
        {
          token: sec.token,
        },
      );
      expect(region.body.items.every((r: { party: { regionalGroup: string } }) => r.party.regionalGroup.startsWith('Western'))).toBe(true);
    });

    it('audits every secretariat read of a registration’s details', async () => {
      const a = await nominate(fpA, { ...person(), letterId: letterA });
      await call(api, 'GET', `${base()}/registrations/${a.body.id}`, { token: sec.token });
      await call(api, 'GET', `${base()}/registrations/${a.body.id}`, { token: sec.token });
      await call(api, 'GET', `${base()}/registrations/${a.body.id}`, { token: fpA.token });
      const log = await call(api, 'GET', `${base()}/registrations/${a.body.id}/access-log`, { token: sec.token });
      expect(log.body.filter((l: { action: string }) => l.action === 'registration.read')).toHaveLength(2);
      expect(log.body[0].by).toBe(sec.email);
    });
  });

  describe('review', () => {
    it('records every transition with who, when and why; rejects illegal ones', async () => {
      const r = (await nominate(fpA, { ...person(), letterId: letterA })).body;
      expect((await move(r.id, { to: 'approved' }, fpA.token)).status).toBe(403);
      const noReason = await move(r.id, { to: 'on-hold' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.message).toMatch(/reason is required/);
      const held = await move(r.id, { to: 'on-hold', reason: 'Please send the signed letter of credentials.' });
      expect(held.body).toMatchObject({ status: 'on-hold', statusReason: 'Please send the signed letter of credentials.' });
      // The focal point supplies the missing document: back to pending.
      const newLetter = await ctx.newLetter(meeting, fpA);
      const back = await move(r.id, { to: 'pending', letterId: newLetter }, fpA.token);
      expect(back.body).toMatchObject({ status: 'pending', letterId: newLetter });
      expect((await move(r.id, { to: 'approved' })).body.status).toBe('approved');
      const again = await move(r.id, { to: 'approved' });
      expect(again.status).toBe(409);
      expect((await move(r.id, { to: 'rejected', reason: 'x' })).status).toBe(409);
      const detail = await call(api, 'GET', `${base()}/registrations/${r.id}`, { token: sec.token });
      expect(detail.body.history.map((h: { from: string | null; to: string }) => `${h.from}>${h.to}`)).toEqual([
        'null>pending',
        'pending>on-hold',
        'on-hold>pending',
        'pending>approved',
      ]);
      expect(detail.body.history[1]).toMatchObject({ reason: 'Please send the signed letter of credentials.', by: { email: sec.email } });
      expect(detail.body.history[2].by.email).toBe(fpA.email);
      expect(detail.body.history.every((h: { at: string }) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
      // The focal point sees status and reason, but not the review history.
      const fpView = await call(api, 'GET', `${base()}/registrations/${r.id}`, { token: fpA.token });
      expect(fpView.body.history).toBeUndefined();
    });

    it('rejects with a reason the participant sees, and keeps rejected final', async () => {
      const r = (await nominate(fpA, { ...person(), letterId: letterA })).body;
      const rej = await move(r.id, { to: 'rejected', reason: 'Not a member of the official delegation.' });
      expect(rej.body).toMatchObject({ status: 'rejected', statusReason: 'Not a member of the official delegation.' });
      expect((await move(r.id, { to: 'pending' })).status).toBe(409);
      // The person may be nominated again: a new registration.
      const renewed = await nominate(fpA, { ...person({ email: r.email }), letterId: letterA });
      expect(renewed.status).toBe(201);
      expect(renewed.body.id).not.toBe(r.id);
    });

    it('approves in bulk, answering per registration', async () => {
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await nominate(fpB, { ...person(), letterId: letterB })).body.id);
      const res = await call(api, 'POST', `${base()}/registrations/transitions`, {
        token: sec.token,
        body: { ids: [...ids, randomUUID()], to: 'approved' },
      });
      expect(res.status).toBe(200);
      expect(res.body.results.filter((r: { ok: boolean }) => r.ok)).toHaveLength(3);
      expect(res.body.results[3]).toMatchObject({ ok: false, message: 'No such registration.' });
    });
  });

  describe('approved participants: invitation, badge, check-in', () => {
    let security: TestUser;
    let participant: { id: string; email: string; token: string };
    beforeAll(async () => {
      security = await ctx.newAccount('security');
    });

    it('invites the approved participant by a single-use, expiring link to set a password', async () => {
      const r = (await nominate(fpA, { ...person({ preferredLanguage: 'es' }), letterId: letterA })).body;
      await move(r.id, { to: 'approved' });
      const [mail] = await (
        await db()
      ).query(`SELECT language, vars FROM mail_outbox WHERE registration_id = $1 AND template = 'approved'`, [r.id]);
      expect(mail.language).toBe('es');
      const token = String(mail.vars.link).split('#')[1];
      expect(token).toBeTruthy();
      const [user] = await (
        await db()
      ).query('SELECT u.role, u.password_hash FROM app_user u JOIN registration r ON r.user_id = u.id WHERE r.id = $1', [r.id]);
      expect(user.role).toBe('delegate');
      expect(user.password_hash).not.toMatch(/^\$argon2/);

      const short = await call(api, 'POST', '/api/invitations/accept', { body: { token, password: 'short' } });
      expect(short.status).toBe(400);
      const password = 'my own long password 1';
      const ok = await call(api, 'POST', '/api/invitations/accept', { body: { token, password } });
      expect(ok.status).toBe(200);
      expect(ok.body.user.email).toBe(r.email);
      const [after] = await (await db()).query('SELECT password_hash FROM app_user WHERE email = $1', [r.email]);
      expect(after.password_hash).toMatch(/^\$argon2id\$/);
      const reuse = await call(api, 'POST', '/api/invitations/accept', { body: { token, password: 'another long password' } });
      expect(reuse.status).toBe(410);
      expect(reuse.body.reason).toBe('used');
      expect(
        (await call(api, 'POST', '/api/invitations/accept', { body: { token: randomBytes(32).toString('base64url'), password } })).status,
      ).toBe(404);
      participant = { id: r.id, email: r.email, token: await login(api, r.email, password) };
      const mine = await call(api, 'GET', '/api/me/registrations', { token: participant.token });
      expectMatchesOpenApi(mine, 'GET', '/api/me/registrations');
      expect(mine.body.map((x: { id: string }) => x.id)).toEqual([r.id]);
    });

    it('refuses an expired invitation link', async () => {
      const r = (await nominate(fpA, { ...person(), letterId: letterA })).body;
      await move(r.id, { to: 'approved' });
      const [mail] = await (await db()).query(`SELECT vars FROM mail_outbox WHERE registration_id = $1 AND template = 'approved'`, [r.id]);
      await (await db()).query(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE registration_id = $1`, [r.id]);
      const res = await call(api, 'POST', '/api/invitations/accept', {
        body: { token: String(mail.vars.link).split('#')[1], password: 'long enough password' },
      });
      expect(res.status).toBe(410);
      expect(res.body.reason).toBe('expired');
    });

    it('serves the badge as PNG and JSON with a signed token, and checks people in once', async () => {
      const png = await fetch(`${api.url}/api/me/badge.png`, { headers: { authorization: `Bearer ${participant.token}` } });
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(
        Buffer.from(await png.arrayBuffer())
          .subarray(0, 8)
          .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      ).toBe(true);
      const badge = await call(api, 'GET', `/api/me/badge?meeting=${meeting}`, { token: participant.token });
      expect(badge.body).toMatchObject({ meeting: { code: meeting }, category: 'party', partyOrOrganization: partyA.name });
      expect(badge.body.qr).toMatch(/^data:image\/png;base64,/);
      expect(badge.body.token.split('.')).toHaveLength(3);
      expect(badge.body.token).not.toContain(participant.id); // signed and encoded, not a bare id
      expect((await call(api, 'GET', '/api/me/badge', { token: delegate.token })).status).toBe(404);

      const scan = (token: string, who = security.token, m = meeting) =>
        call(api, 'POST', `/api/meetings/${m}/check-in`, { token: who, body: { token } });
      const first = await scan(badge.body.token);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        ok: true,
        status: 'checked-in',
        participant: { partyOrOrganization: partyA.name, category: 'party' },
      });
      expect(Object.keys(first.body.participant).sort()).toEqual(['category', 'name', 'partyOrOrganization']);
      const second = await scan(badge.body.token, sec.token);
      expect(second.body.status).toBe('already-checked-in');
      expect(second.body.message).toMatch(/^Already checked in at \d{2}:\d{2}\.$/);
      expect(second.body.firstCheckedInAt).toBe(first.body.firstCheckedInAt);
      expect((await scan(badge.body.token, delegate.token)).status).toBe(403);
      expect((await scan(badge.body.token, fpA.token)).status).toBe(403);

      const [h, p, s] = badge.body.token.split('.');
      const forged = await scan(`${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`);
      expect(forged.status).toBe(422);
      expect(forged.body.reason).toBe('forged');
      expect((await scan('not a badge')).body.reason).toBe('malformed');
      const secret = badgeSecret(testConfig());
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      const expired = await scan(signBadge({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, secret));
      expect(expired.body).toMatchObject({ reason: 'expired', message: 'This badge has expired.' });
      const other = await ctx.newRegistrationMeeting();
      const elsewhere = await scan(badge.body.token, security.token, other);
      expect(elsewhere.body.reason).toBe('other-meeting');

      // Revoking the registration revokes the badge at once.
      const participation = api.app.get(AudienceService);
      expect(await participation.isApprovedParticipant(await userIdOf(participant.email), meeting)).toBe(true);
      expect((await move(participant.id, { to: 'cancelled', reason: 'Badge reported stolen' })).body.status).toBe('cancelled');
      const revoked = await scan(badge.body.token);
      expect(revoked.status).toBe(422);
      expect(revoked.body).toMatchObject({ reason: 'revoked' });
      expect(await participation.isApprovedParticipant(await userIdOf(participant.email), meeting)).toBe(false);
      expect((await call(api, 'GET', '/api/me/badge', { token: participant.token })).status).toBe(404);
    });
  });

  describe('exports and the public list', () => {
    it('exports CSV for the secretariat only, with formula cells neutralised', async () => {
      const r = await nominate(fpB, { ...person({ familyName: 'Smith-Jones', jobTitle: '=HYPERLINK("http://evil")' }), letterId: letterB });
      const res = await fetch(`${api.url}${base()}/registrations.csv?party=${partyB.code}`, {
        headers: { authorization: `Bearer ${sec.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const text = (await res.text()).replace(/^\uFEFF/, '');
      const [header, ...rows] = text.trim().split('\r\n');
      expect(header.split(',').slice(0, 5)).toEqual(['id', 'status', 'category', 'party_code', 'party']);
      const line = rows.find((l) => l.startsWith(r.body.id))!;
      expect(line).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(line).toContain(r.body.email);
      expect((await fetch(`${api.url}${base()}/registrations.csv`, { headers: { authorization: `Bearer ${fpB.token}` } })).status).toBe(
        403,
      );
      const [{ n }] = await (await db()).query(`SELECT count(*)::int AS n FROM pii_access_log WHERE action = 'registrations.export'`);
      expect(n).toBeGreaterThan(0);
    });

    it('publishes the list of participants only when told, without email, phone or nationality', async () => {
      const m = await ctx.newRegistrationMeeting();
      const letter = await ctx.newLetter(m, fpA);
      const approved = await call(api, 'POST', `/api/meetings/${m}/nominations`, {
        token: fpA.token,
        body: { ...person({ function: 'head-of-delegation', phone: '+41 22 917 8111' }), letterId: letter },
      });
      await call(api, 'POST', `/api/meetings/${m}/nominations`, {
        token: fpA.token,
        body: { ...person({ givenName: 'Pending' }), letterId: letter },
      });
      await call(api, 'POST', `/api/meetings/${m}/registrations/${approved.body.id}/transitions`, {
        token: sec.token,
        body: { to: 'approved' },
      });
      expect((await call(api, 'GET', `/api/meetings/${m}/participants`)).status).toBe(404);
      await call(api, 'PUT', `/api/meetings/${m}/registration-settings`, { token: sec.token, body: { publicListPublished: true } });
      const list = await call(api, 'GET', `/api/meetings/${m}/participants`);
      expectMatchesOpenApi(list, 'GET', '/api/meetings/{code}/participants');
      expect(list.status).toBe(200);
      expect(list.body.participants).toEqual([
        { name: 'Ms. Amina Diallo', partyOrOrganization: partyA.name, category: 'party', function: 'head-of-delegation' },
      ]);
      const raw = JSON.stringify(list.body);
      for (const secret of [approved.body.email, '+41 22 917 8111', '"SN"']) expect(raw).not.toContain(secret);
    });
  });

  describe('self-registration', () => {
    it('accepts media and NGO people for their organization without revealing duplicates; their contact sees them', async () => {
      const media = await ctx.newOrganization('media');
      const contact = await ctx.newFocalPoint({ organizationId: media.id });
      const body = { ...person({ function: 'journalist' }), category: 'media', organizationId: media.id };
      const a = await selfRegisterConfirmed(api, `${base()}/self-registrations`, body);
      const b = await selfRegisterConfirmed(api, `${base()}/self-registrations`, body);
      expect(a.status).toBe(202);
      expect(b.status).toBe(202);
      expect(b.body).toEqual(a.body);
      const [{ n }] = await (await db()).query('SELECT count(*)::int AS n FROM registration WHERE email = $1', [body.email]);
      expect(n).toBe(1);
      const wrongKind = await selfRegisterConfirmed(api, `${base()}/self-registrations`, {
        ...body,
        category: 'observer-ngo',
        email: `z-${tag()}@x.org`,
      });
      expect(wrongKind.status).toBe(400);
      const seen = await call(api, 'GET', `${base()}/registrations`, { token: contact.token });
      expect(seen.body.items).toHaveLength(1);
      expect(seen.body.items[0]).toMatchObject({
        email: body.email,
        category: 'media',
        selfRegistered: true,
        organization: { id: media.id },
      });
      // The contact nominates colleagues as media too.
      const letter = await ctx.newLetter(meeting, contact);
      const colleague = await nominate(contact, { ...person({ function: 'journalist' }), letterId: letter });
      expect(colleague.body).toMatchObject({ category: 'media', organization: { id: media.id } });
    });

    it('goes to the organization’s contact, who confirms (on to the secretariat) or declines; nobody else may', async () => {
      const ngo = await ctx.newOrganization('ngo');
      const otherNgo = await ctx.newOrganization('ngo');
      const contact = await ctx.newFocalPoint({ organizationId: ngo.id });
      const otherContact = await ctx.newFocalPoint({ organizationId: otherNgo.id });
      const selfRegister = async (organizationId: string) => {
        const body = { ...person({ function: 'representative' }), category: 'observer-ngo', organizationId };
        expect((await selfRegisterConfirmed(api, `${base()}/self-registrations`, body)).status).toBe(202);
        const [r] = await (await db()).query('SELECT id, status FROM registration WHERE email = $1', [body.email]);
        return { ...r, email: body.email } as { id: string; status: string; email: string };
      };
      const [kept, declined] = [await selfRegister(ngo.id), await selfRegister(ngo.id)];
      expect(kept.status).toBe('unconfirmed');
      // An organization without a contact: straight to the secretariat.
      const noContactOrg = await ctx.newOrganization('ngo');
      expect((await selfRegister(noContactOrg.id)).status).toBe('pending');

      const queue = await call(api, 'GET', `${base()}/registrations?status=unconfirmed`, { token: contact.token });
      expect(queue.body.items.map((r: { id: string }) => r.id).sort()).toEqual([kept.id, declined.id].sort());
      expect((await call(api, 'GET', `${base()}/registrations?status=unconfirmed`, { token: otherContact.token })).body.items).toEqual([]);

      const confirm = (id: string, body: object, token?: string) =>
        call(api, 'POST', `${base()}/self-registrations/${id}/confirmation`, { token, body });
      for (const token of [otherContact.token, fpA.token]) {
        const r = await confirm(kept.id, { decision: 'confirm' }, token);
        expect(r.status).toBe(403);
        expect(r.body.message).toMatch(/contact of the organization/);
      }
      expect((await confirm(kept.id, { decision: 'confirm' }, delegate.token)).status).toBe(403);
      expect((await confirm(kept.id, { decision: 'confirm' }, sec.token)).status).toBe(403);
      expect((await confirm(kept.id, { decision: 'confirm' })).status).toBe(401);
      expect((await confirm(randomUUID(), { decision: 'confirm' }, contact.token)).status).toBe(404);
      expect((await confirm(kept.id, { decision: 'maybe' }, contact.token)).status).toBe(400);
      const noReason = await confirm(declined.id, { decision: 'decline' }, contact.token);
      expect(noReason.status).toBe(400);
      expect(noReason.body.details).toEqual([{ field: 'reason', message: 'is required to decline' }]);
      // The contact may not approve: the secretariat keeps the final word.
      expect((await move(kept.id, { to: 'approved' }, contact.token)).status).toBe(403);

      const ok = await confirm(kept.id, { decision: 'confirm' }, contact.token);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ id: kept.id, status: 'pending', selfRegistered: true });
      expect((await confirm(kept.id, { decision: 'confirm' }, contact.token)).status).toBe(409);
      const no = await confirm(declined.id, { decision: 'decline', reason: 'Not a member of our organization' }, contact.token);
      expect(no.body).toMatchObject({ status: 'rejected', statusReason: 'Not a member of our organization' });

      const history = (id: string) =>
        call(api, 'GET', `${base()}/registrations/${id}`, { token: sec.token }).then((r) =>
          r.body.history.map((e: { from: string; to: string; by: { email: string } | null; reason: string | null }) => [
            e.from,
            e.to,
            e.by?.email ?? null,
            e.reason,
          ]),
        );
      expect(await history(kept.id)).toEqual([
        [null, 'unconfirmed', null, null],
        ['unconfirmed', 'pending', contact.email, null],
      ]);
      expect(await history(declined.id)).toEqual([
        [null, 'unconfirmed', null, null],
        ['unconfirmed', 'rejected', contact.email, 'Not a member of our organization'],
      ]);
      expect((await move(kept.id, { to: 'approved' })).body.status).toBe('approved');
    });
  });

  it('stores letters only under LETTERS_DIR', () => {
    expect(existsSync(lettersDir)).toBe(true);
  });
});

function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}

async function userIdOf(email: string): Promise<string> {
  const [u] = await (await db()).query('SELECT id FROM app_user WHERE email = $1', [email]);
  return u.id;
}
