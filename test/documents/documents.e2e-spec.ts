import { createHash, createHmac } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { ChangeCursor, LiveEvents, type ChangeEvent, type DocumentDto } from '@cop/contracts';
import { zipDirectory, zipEntryNames } from '../../apps/api/src/documents/file-format';
import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, connectLive, db, eventually, type RunningApi } from '../support/harness';
import { expectMatchesOpenApi } from '../support/openapi';
import { DOCX_TYPE, makeDocx, makePdf, makeXlsx, makeZip, PDF_TYPE, XLSX_TYPE } from '../support/documents';

const MAX_BYTES = 512 * 1024;
const LINK_SECRET = `link-secret-${'x'.repeat(40)}`;

describe('documents API', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let m: MeetingFixture;
  let dir: string;
  const base = () => `/api/meetings/${m.code}/documents`;

  const create = (body: Record<string, unknown>, token = sec.token) => call(api, 'POST', base(), { token, body });
  const put = async (ref: string, lang: string, data: Buffer, type = PDF_TYPE, token = sec.token, headers: Record<string, string> = {}) => {
    const res = await fetch(`${api.url}${base()}/${ref}/files/${lang}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': type, ...headers },
      body: new Uint8Array(data),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const get = (path: string, headers: Record<string, string> = {}, token?: string) =>
    fetch(`${api.url}${path}`, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const incoming = () => (existsSync(join(dir, '.incoming')) ? readdirSync(join(dir, '.incoming')) : []);

  beforeAll(async () => {
    ctx = await TestContext.start({
      documents: true,
      env: {
        DOCUMENT_MAX_BYTES: String(MAX_BYTES),
        DOCUMENT_LINK_SECRET: LINK_SECRET,
        DOCUMENT_CACHE_MAX_FILE_BYTES: String(64 * 1024),
        RUN_WORKER: 'true',
      },
    });
    ({ api, sec, dir } = ctx);
    m = await ctx.newMeeting();
    // Participants-only content on the live and change feeds is for approved participants of the meeting.
    delegate = await ctx.newParticipant(m.code);
  });
  afterAll(async () => {
    // Let processing jobs still running finish, so the worker closes without work in hand.
    await eventually(
      async () =>
        (
          await (
            await db()
          ).query(
            `SELECT 1 FROM document_file f JOIN document d ON d.id = f.document_id JOIN meeting m ON m.id = d.meeting_id
              WHERE f.processing = 'pending' AND m.code = $1 LIMIT 1`,
            [m.code],
          )
        ).length === 0,
      20_000,
      'processing jobs to finish',
    ).catch(() => undefined);
    await ctx.close();
  });

  describe('creating and uploading', () => {
    it('creates a document from its symbol (secretariat only) and refuses symbols that do not parse', async () => {
      const res = await create({ symbol: 'UNEP/MC/COP.6/INF/26', title: { en: 'Minamata Exchange Platform' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        symbol: 'UNEP/MC/COP.6/INF/26',
        ref: 'UNEP-MC-COP.6-INF-26',
        series: 'INF',
        type: 'information',
        distribution: 'public',
        publishedAt: null,
        languages: [],
      });
      // Not yet published: invisible to everyone but the secretariat.
      expect((await call(api, 'GET', `${base()}/UNEP-MC-COP.6-INF-26`)).status).toBe(404);
      expect((await call(api, 'GET', `${base()}/UNEP-MC-COP.6-INF-26`, { token: sec.token })).status).toBe(200);

      const dup = await create({ symbol: 'UNEP/MC/COP.6/INF/26', title: { en: 'Again' } });
      expect(dup.status).toBe(409);
      const badSymbol = await create({ symbol: 'UNEP/MC/COP.6/INF/26/rev.1', title: { en: 'x' } });
      expect(badSymbol.status).toBe(400);
      expect(badSymbol.body.message).toMatch(/symbol .*not a suffix/);
      expect((await create({ symbol: 'UNEP/MC/COP.6/../../etc/passwd', title: { en: 'x' } })).status).toBe(400);
      expect((await create({ symbol: 'UNEP/MC/COP.6/CRP.9', title: { en: 'x' } }, delegate.token)).status).toBe(403);
      expect((await call(api, 'POST', base(), { body: { symbol: 'UNEP/MC/COP.6/CRP.9', title: { en: 'x' } } })).status).toBe(401);
    });

    it('stores a PDF: hash, size, version 1, published, page count after processing', async () => {
      const pdf = makePdf(['Minamata Exchange Platform', 'Mercury trade data and artisanal gold mining']);
      const res = await put('UNEP-MC-COP.6-INF-26', 'en', pdf);
      expect(res.status).toBe(201);
      expect(res.body.file).toMatchObject({
        version: 1,
        sha256: sha(pdf),
        size: pdf.length,
        mediaType: PDF_TYPE,
        format: 'pdf',
        fileName: 'UNEP-MC-COP.6-INF-26-E.pdf',
      });
      expect(res.body.document.publishedAt).not.toBeNull();
      const [row] = await (await db()).query('SELECT uploaded_by FROM document_file WHERE sha256 = $1', [sha(pdf)]);
      expect(row.uploaded_by).toBeTruthy();
      await eventually(
        async () => {
          const d = await call(api, 'GET', `${base()}/UNEP-MC-COP.6-INF-26`);
          return d.body?.languages?.[0]?.latest?.processing === 'done';
        },
        20_000,
        'processing job',
      );
      const d = await call(api, 'GET', `${base()}/UNEP-MC-COP.6-INF-26`);
      expect(d.body.languages[0].latest.pageCount).toBe(2);
      expectMatchesOpenApi(d, 'GET', '/api/meetings/{code}/documents/{ref}');
    });

    it('accepts DOCX and XLSX by their content, and refuses other content with 415', async () => {
      await create({ symbol: 'UNEP/MC/COP.6/INF/38', title: { en: 'Programme of work and budget' } });
      const docx = await put('UNEP-MC-COP.6-INF-38', 'fr', await makeDocx(), DOCX_TYPE);
      expect(docx.status).toBe(201);
      expect(docx.body.file).toMatchObject({ format: 'docx', fileName: 'UNEP-MC-COP.6-INF-38-F.docx' });
      const xlsx = await put('UNEP-MC-COP.6-INF-38', 'es', await makeXlsx(), 'application/octet-stream');
      expect(xlsx.status).toBe(201);
      expect(xlsx.body.file).toMatchObject({ format: 'xlsx', mediaType: XLSX_TYPE });

      const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(100)]);
      expect((await put('UNEP-MC-COP.6-INF-38', 'en', png, PDF_TYPE)).status).toBe(415);
      const plainZip = await makeZip({ 'readme.txt': 'not an office document' });
      expect((await put('UNEP-MC-COP.6-INF-38', 'en', plainZip, 'application/octet-stream')).status).toBe(415);
      // Declared as a PDF but is a DOCX.
      expect((await put('UNEP-MC-COP.6-INF-38', 'en', await makeDocx(), PDF_TYPE)).status).toBe(415);
      // A content type no upload accepts.
      expect((await put('UNEP-MC-COP.6-INF-38', 'en', makePdf(['x']), 'image/png')).status).toBe(415);
      // A file body is not accepted anywhere else.
      const elsewhere = await fetch(`${api.url}/api/meetings/${m.code}/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sec.token}`, 'content-type': PDF_TYPE },
        body: new Uint8Array(makePdf(['x'])),
      });
      expect(elsewhere.status).toBe(415);
      // A PDF cut short (no %%EOF) is refused.
      const cut = makePdf(['Cut short']);
      expect((await put('UNEP-MC-COP.6-INF-38', 'en', cut.subarray(0, cut.length - 40))).status).toBe(422);
      const [{ n }] = await (
        await db()
      ).query(
        `SELECT count(*)::int AS n FROM document_file f JOIN document d ON d.id = f.document_id WHERE d.symbol = 'UNEP/MC/COP.6/INF/38' AND d.meeting_id = (SELECT id FROM meeting WHERE code = $1)`,
        [m.code],
      );
      expect(n).toBe(2);
      expect(incoming()).toEqual([]);
    });

    it('refuses uploads from other roles (403) and to unknown documents or languages (404)', async () => {
      expect((await put('UNEP-MC-COP.6-INF-26', 'en', makePdf(['x']), PDF_TYPE, delegate.token)).status).toBe(403);
      expect((await put('UNEP-MC-COP.6-INF-99', 'en', makePdf(['x']))).status).toBe(404);
      expect((await put('UNEP-MC-COP.6-INF-26', 'de', makePdf(['x']))).status).toBe(404);
      expect((await put('UNEP-MC-COP.6-INF-26', '..%2F..%2Fetc', makePdf(['x']))).status).toBe(404);
    });

    it('refuses oversized uploads with 413, by Content-Length and while streaming', async () => {
      const big = makePdf(['big'], MAX_BYTES + 10);
      expect((await put('UNEP-MC-COP.6-INF-26', 'ar', big)).status).toBe(413);
      // Chunked: no Content-Length, the cap is enforced as bytes arrive.
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(`${api.url}${base()}/UNEP-MC-COP.6-INF-26/files/ar`);
        const req = httpRequest(
          {
            method: 'PUT',
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            headers: { authorization: `Bearer ${sec.token}`, 'content-type': PDF_TYPE },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        for (let i = 0; i < big.length; i += 64 * 1024) req.write(big.subarray(i, i + 64 * 1024));
        req.end();
      });
      expect(status).toBe(413);
      await eventually(() => incoming().length === 0, 5000, 'temp files removed');
      const d = await call(api, 'GET', `${base()}/UNEP-MC-COP.6-INF-26`);
      expect(d.body.languages.map((l: { language: string }) => l.language)).toEqual(['en']);
    });

    it('leaves nothing visible when the client disconnects mid-upload', async () => {
      await create({ symbol: 'UNEP/MC/COP.6/CRP.1', title: { en: 'Truncated' }, distribution: 'participants' });
      const pdf = makePdf(['Never complete'], 200 * 1024);
      await new Promise<void>((resolve) => {
        const url = new URL(`${api.url}${base()}/UNEP-MC-COP.6-CRP.1/files/en`);
        const req = httpRequest({
          method: 'PUT',
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: { authorization: `Bearer ${sec.token}`, 'content-type': PDF_TYPE, 'content-length': String(pdf.length) },
        });
        req.on('error', () => resolve());
        req.write(pdf.subarray(0, 100 * 1024), () => setTimeout(() => (req.destroy(), resolve()), 200));
      });
      await eventually(() => incoming().length === 0, 5000, 'the partial temp file to be removed');
      const rows = await (
        await db()
      ).query(
        `SELECT f.id FROM document_file f JOIN document d ON d.id = f.document_id WHERE d.symbol = 'UNEP/MC/COP.6/CRP.1' AND d.meeting_id = (SELECT id FROM meeting WHERE code = $1)`,
        [m.code],
      );
      expect(rows).toEqual([]);
      const doc = await call(api, 'GET', `${base()}/UNEP-MC-COP.6-CRP.1`, { token: sec.token });
      expect(doc.body).toMatchObject({ publishedAt: null, languages: [] });
      expect((await call(api, 'GET', `${base()}/UNEP-MC-COP.6-CRP.1`, { token: delegate.token })).status).toBe(404);
    });

    it('never uses a client-supplied name for the path: traversal in names goes nowhere', async () => {
      const pdf = makePdf(['Traversal attempt']);
      const res = await put('UNEP-MC-COP.6-INF-26', 'ru', pdf, PDF_TYPE, sec.token, {
        'content-disposition': 'attachment; filename="../../../../tmp/evil.pdf"',
      });
      expect(res.status).toBe(201);
      expect(existsSync(join(dir, 'sha256', sha(pdf).slice(0, 2), sha(pdf)))).toBe(true);
      const dl = await get(`${base()}/UNEP-MC-COP.6-INF-26/files/ru`);
      expect(dl.headers.get('content-disposition')).toBe(
        `attachment; filename="UNEP-MC-COP.6-INF-26-R.pdf"; filename*=UTF-8''UNEP-MC-COP.6-INF-26-R.pdf`,
      );
      for (const ref of ['..%2F..%2Fetc%2Fpasswd', '..', 'UNEP-MC-COP.6-INF-26%2F..%2F..', '%2E%2E%2F%2E%2E']) {
        expect((await get(`${base()}/${ref}/files/en`)).status).toBe(404);
        expect((await get(`${base()}/${ref}`)).status).toBe(404);
      }
      expect((await get(`${base()}/UNEP-MC-COP.6-INF-26/files/..%2F..%2Fen`)).status).toBe(404);
    });
  });

  describe('downloading', () => {
    let pdf: Buffer;
    beforeAll(async () => {
      await create({ symbol: 'UNEP/MC/COP.6/19', title: { en: 'Knowledge management and digitalization' } });
      pdf = makePdf(['Knowledge management'], 100 * 1024); // larger than the cache's per-file limit: streamed
      expect((await put('UNEP-MC-COP.6-19', 'en', pdf)).status).toBe(201);
    });

    it('streams the file with ETag = hash, a UN file name and public cache headers', async () => {
      for (let i = 0; i < 2; i++) {
        for (const path of [`${base()}/UNEP-MC-COP.6-19/files/en`, `${base()}/UNEP-MC-COP.6-INF-26/files/en`]) {
          const res = await get(path);
          expect(res.status).toBe(200);
          expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
          expect(sha(await bytes(res))).toBe(res.headers.get('etag')!.slice(1, -1));
          expect(res.headers.get('cache-control')).toBe('public, no-cache');
          expect(res.headers.get('accept-ranges')).toBe('bytes');
          expect(res.headers.get('content-type')).toBe(PDF_TYPE);
        }
      }
      const res = await get(`${base()}/UNEP-MC-COP.6-19/files/en`);
      expect(res.headers.get('etag')).toBe(`"${sha(pdf)}"`);
      expect(res.headers.get('content-disposition')).toContain('filename="UNEP-MC-COP.6-19-E.pdf"');
      // The symbol itself works as the reference too.
      expect((await get(`${base()}/${encodeURIComponent('UNEP/MC/COP.6/19')}/files/en`)).status).toBe(200);
      const versioned = await get(`${base()}/UNEP-MC-COP.6-19/files/en?version=1`);
      expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    });

    it('answers If-None-Match with 304 and Range with 206, and a range beyond the end with 416', async () => {
      const etag = `"${sha(pdf)}"`;
      expect((await get(`${base()}/UNEP-MC-COP.6-19/files/en`, { 'if-none-match': etag })).status).toBe(304);
      expect((await get(`${base()}/UNEP-MC-COP.6-19/files/en`, { 'if-none-match': '"other"' })).status).toBe(200);
      for (const path of [`${base()}/UNEP-MC-COP.6-19/files/en`, `${base()}/UNEP-MC-COP.6-INF-26/files/en`]) {
        const whole = await bytes(await get(path));
        const part = await get(path, { range: 'bytes=100-199' });
        expect(part.status).toBe(206);
        expect(part.headers.get('content-range')).toBe(`bytes 100-199/${whole.length}`);
        expect((await bytes(part)).equals(whole.subarray(100, 200))).toBe(true);
        const tail = await get(path, { range: 'bytes=-10' });
        expect(tail.status).toBe(206);
        expect((await bytes(tail)).equals(whole.subarray(whole.length - 10))).toBe(true);
        const open = await get(path, { range: `bytes=${whole.length - 5}-` });
        expect((await bytes(open)).length).toBe(5);
        const beyond = await get(path, { range: `bytes=${whole.length}-${whole.length + 100}` });
        expect(beyond.status).toBe(416);
        expect(beyond.headers.get('content-range')).toBe(`bytes */${whole.length}`);
        // If-Range with another ETag: the whole (changed) file instead of a part.
        expect((await get(path, { range: 'bytes=0-9', 'if-range': '"stale"' })).status).toBe(200);
      }
    });

    it('keeps every version: a new upload becomes the latest, older ones stay addressable', async () => {
      const v2 = makePdf(['Knowledge management, second version']);
      const res = await put('UNEP-MC-COP.6-19', 'en', v2);
      expect(res.body.file.version).toBe(2);
      expect(sha(await bytes(await get(`${base()}/UNEP-MC-COP.6-19/files/en`)))).toBe(sha(v2));
      expect(sha(await bytes(await get(`${base()}/UNEP-MC-COP.6-19/files/en?version=1`)))).toBe(sha(pdf));
      expect((await get(`${base()}/UNEP-MC-COP.6-19/files/en?version=3`)).status).toBe(404);
      const doc = await call(api, 'GET', `${base()}/UNEP-MC-COP.6-19`);
      expect(doc.body.languages[0].versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    });
  });

  describe('access', () => {
    let crp: Buffer;
    beforeAll(async () => {
      await create({ symbol: 'UNEP/MC/COP.6/CRP.3', title: { en: 'Draft decision on mercury waste' }, distribution: 'participants' });
      crp = makePdf(['Draft decision on mercury waste thresholds']);
      expect((await put('UNEP-MC-COP.6-CRP.3', 'en', crp)).status).toBe(201);
      await create({ symbol: 'UNEP/MC/COP.6/INF/40', title: { en: 'Internal note' }, distribution: 'secretariat' });
      expect((await put('UNEP-MC-COP.6-INF-40', 'en', makePdf(['internal']))).status).toBe(201);
    });

    it('hides participants-only documents from outsiders with 404, the same as for a symbol that does not exist', async () => {
      const hidden = await call(api, 'GET', `${base()}/UNEP-MC-COP.6-CRP.3`);
      const missing = await call(api, 'GET', `${base()}/UNEP-MC-COP.6-CRP.99`);
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(hidden.body.message.replace('CRP.3', 'X')).toBe(missing.body.message.replace('CRP.99', 'X'));
      expect((await get(`${base()}/UNEP-MC-COP.6-CRP.3/files/en`)).status).toBe(404);
      const list = await call(api, 'GET', base());
      expectMatchesOpenApi(list, 'GET', '/api/meetings/{code}/documents');
      expect(list.body.documents.map((d: DocumentDto) => d.symbol)).not.toContain('UNEP/MC/COP.6/CRP.3');
      // Secretariat-only documents are hidden from delegates too.
      expect((await call(api, 'GET', `${base()}/UNEP-MC-COP.6-INF-40`, { token: delegate.token })).status).toBe(404);
      expect((await get(`${base()}/UNEP-MC-COP.6-INF-40/files/en`, {}, delegate.token)).status).toBe(404);
      expect((await get(`${base()}/UNEP-MC-COP.6-INF-40/files/en`, {}, sec.token)).status).toBe(200);
    });

    it('lets participants download them, privately cached, and audits each download', async () => {
      // This meeting's audit rows only: other test files download other meetings' documents meanwhile.
      const audited = async () =>
        (
          await (
            await db()
          ).query(
            `SELECT count(*)::int AS n FROM document_download a JOIN document_file f ON f.id = a.file_id
               JOIN document d ON d.id = f.document_id JOIN meeting m ON m.id = d.meeting_id WHERE m.code = $1`,
            [m.code],
          )
        )[0].n as number;
      const before = await audited();
      const res = await get(`${base()}/UNEP-MC-COP.6-CRP.3/files/en`, {}, delegate.token);
      expect(res.status).toBe(200);
      expect((await bytes(res)).equals(crp)).toBe(true);
      expect(res.headers.get('cache-control')).toBe('private, no-cache');
      expect(res.headers.get('vary')).toMatch(/Authorization/);
      const partial = await get(`${base()}/UNEP-MC-COP.6-CRP.3/files/en`, { range: 'bytes=0-9' }, delegate.token);
      expect(partial.status).toBe(206);
      const rows = await (
        await db()
      ).query(
        `SELECT a.user_id, a.via, a.range_start, a.range_end, f.version, f.sha256 FROM document_download a
           JOIN document_file f ON f.id = a.file_id JOIN app_user u ON u.id = a.user_id
          WHERE u.email = $1 ORDER BY a.id`,
        [delegate.email],
      );
      expect(rows).toEqual([
        expect.objectContaining({ via: 'bearer', version: 1, sha256: sha(crp), range_start: null }),
        expect.objectContaining({ via: 'bearer', range_start: '0', range_end: '9' }),
      ]);
      // Public downloads are not audited.
      await get(`${base()}/UNEP-MC-COP.6-19/files/en`);
      expect((await audited()) - before).toBe(2);
    });

    it('issues signed links that work without a bearer header and refuses expired or tampered ones with 403', async () => {
      expect((await call(api, 'POST', `${base()}/UNEP-MC-COP.6-CRP.3/files/en/link`, { body: {} })).status).toBe(404);
      const link = await call(api, 'POST', `${base()}/UNEP-MC-COP.6-CRP.3/files/en/link`, { token: delegate.token, body: {} });
      expect(link.status).toBe(200);
      expect(link.body.url).toMatch(/^\/api\/document-links\/[0-9a-f-]{36}\/UNEP-MC-COP.6-CRP.3-E.pdf\?/);
      const res = await get(link.body.url);
      expect(res.status).toBe(200);
      expect((await bytes(res)).equals(crp)).toBe(true);
      const [audit] = await (
        await db()
      ).query(`SELECT a.via FROM document_download a JOIN app_user u ON u.id = a.user_id WHERE u.email = $1 ORDER BY a.id DESC LIMIT 1`, [
        delegate.email,
      ]);
      expect(audit.via).toBe('signed-link');

      const url = new URL(link.body.url, api.url);
      const tamper = (k: string, v: string) => {
        const u = new URL(url);
        u.searchParams.set(k, v);
        return `${u.pathname}${u.search}`;
      };
      expect((await get(tamper('expires', String(Number(url.searchParams.get('expires')) + 3600)))).status).toBe(403);
      expect((await get(tamper('by', sec.email))).status).toBe(403);
      expect((await get(tamper('sig', `${url.searchParams.get('sig')!.slice(0, -2)}AA`))).status).toBe(403);
      expect((await get(`${url.pathname}`)).status).toBe(403);
      const otherFile = url.pathname.replace(/document-links\/[0-9a-f-]{36}/, 'document-links/00000000-0000-4000-8000-000000000000');
      expect((await get(`${otherFile}${url.search}`)).status).toBe(403);
      // Expired, though correctly signed.
      const fileId = url.pathname.split('/')[3];
      const by = url.searchParams.get('by')!;
      const expires = String(Math.floor(Date.now() / 1000) - 5);
      const sig = createHmac('sha256', Buffer.from(LINK_SECRET)).update([fileId, by, expires].join('\n')).digest('base64url');
      const expired = await get(`${url.pathname}?${new URLSearchParams({ by, expires, sig }).toString()}`);
      expect(expired.status).toBe(403);
      expect(((await expired.json()) as { message: string }).message).toMatch(/expired/);
    });
  });

  describe('revisions, listing and search', () => {
    beforeAll(async () => {
      const [item1, item4a] = m.agendaItems;
      await create({
        symbol: 'UNEP/MC/COP.6/1',
        title: { en: 'Provisional agenda', fr: 'Ordre du jour provisoire' },
        agendaItemIds: [item1.id],
      });
      await put('UNEP-MC-COP.6-1', 'en', makePdf(['Provisional agenda']));
      await put('UNEP-MC-COP.6-1', 'fr', makePdf(['Ordre du jour provisoire']));
      await create({
        symbol: 'UNEP/MC/COP.6/1/Rev.1',
        title: { en: 'Provisional agenda (revised)', fr: 'Ordre du jour provisoire révisé' },
        agendaItemIds: [item1.id],
      });
      await put('UNEP-MC-COP.6-1-Rev.1', 'en', makePdf(['Provisional agenda, revised']));
      await create({ symbol: 'UNEP/MC/COP.6/1/Add.1', title: { en: 'Annotations to the provisional agenda' }, agendaItemIds: [item1.id] });
      await put('UNEP-MC-COP.6-1-Add.1', 'original', makePdf(['Annotations']));
      await create({
        symbol: 'UNEP/MC/COP.6/L.2',
        title: { en: 'Draft decision on dental amalgam' },
        agendaItemIds: [item4a.id],
        type: 'limited',
      });
      await put('UNEP-MC-COP.6-L.2', 'en', makePdf(['The Conference of the Parties decides to phase out dental amalgam']));
    });

    it('lists the latest revision with links to what it supersedes; history shows all', async () => {
      const list = await call(api, 'GET', base());
      const symbols = list.body.documents.map((d: DocumentDto) => d.symbol);
      expect(symbols).toContain('UNEP/MC/COP.6/1/Rev.1');
      expect(symbols).not.toContain('UNEP/MC/COP.6/1');
      const rev = list.body.documents.find((d: DocumentDto) => d.symbol === 'UNEP/MC/COP.6/1/Rev.1');
      expect(rev).toMatchObject({ base: 'UNEP/MC/COP.6/1', supersedes: ['UNEP/MC/COP.6/1'], supersededBy: null });
      const add = list.body.documents.find((d: DocumentDto) => d.symbol === 'UNEP/MC/COP.6/1/Add.1');
      expect(add).toMatchObject({ base: 'UNEP/MC/COP.6/1', supersedes: [] });
      const history = await call(api, 'GET', `${base()}?history=true`);
      const original = history.body.documents.find((d: DocumentDto) => d.symbol === 'UNEP/MC/COP.6/1');
      expect(original).toMatchObject({ supersededBy: 'UNEP/MC/COP.6/1/Rev.1' });
      expect(original.languages.map((l: { language: string }) => l.language)).toEqual(['en', 'fr']);
    });

    it('filters by agenda item, type, language, distribution and "new since" (seq or time)', async () => {
      const [item1, item4a] = m.agendaItems;
      const syms = async (query: string, token?: string) =>
        (await call(api, 'GET', `${base()}?${query}`, { token })).body.documents.map((d: DocumentDto) => d.symbol).sort();
      expect(await syms(`agendaItem=${item1.id}`)).toEqual(['UNEP/MC/COP.6/1/Add.1', 'UNEP/MC/COP.6/1/Rev.1']);
      expect(await syms(`agendaItem=${item4a.id}`)).toEqual(['UNEP/MC/COP.6/L.2']);
      expect(await syms('type=limited')).toEqual(['UNEP/MC/COP.6/L.2']);
      expect(await syms('language=original')).toEqual(['UNEP/MC/COP.6/1/Add.1']);
      expect(await syms('distribution=participants')).toEqual([]);
      expect(await syms('distribution=participants', delegate.token)).toEqual(['UNEP/MC/COP.6/CRP.3']);
      const head = (await call(api, 'GET', base())).body.lastSeq;
      const since = new Date().toISOString();
      expect(await syms(`since=${head}`)).toEqual([]);
      await create({ symbol: 'UNEP/MC/COP.6/INF/4', title: { en: 'Organization of work' } });
      await put('UNEP-MC-COP.6-INF-4', 'en', makePdf(['Organization of work']));
      expect(await syms(`since=${head}`)).toEqual(['UNEP/MC/COP.6/INF/4']);
      expect(await syms(`since=${encodeURIComponent(since)}`)).toEqual(['UNEP/MC/COP.6/INF/4']);
      expect((await call(api, 'GET', `${base()}?since=yesterday`)).status).toBe(400);
      expect((await call(api, 'GET', `${base()}?colour=red`)).status).toBe(400);
    });

    it('searches titles and extracted text with the language’s text search configuration', async () => {
      const search = async (q: string, extra = '', token?: string) =>
        (await call(api, 'GET', `${base()}?q=${encodeURIComponent(q)}${extra}`, { token })).body.documents.map(
          (d: DocumentDto) => d.symbol,
        );
      // Title, English stemming: "platforms" finds "Platform".
      expect(await search('exchange platforms')).toEqual(['UNEP/MC/COP.6/INF/26']);
      // French stemming on the French title: "révisés" ~ "révisé".
      expect(await search('ordres provisoires révisés', '&language=fr')).toEqual([]);
      expect(await search('ordre provisoire', '&language=fr')).toEqual(['UNEP/MC/COP.6/1']);
      // Text from the PDF, once the processing job has run: "amalgams" ~ "amalgam" in the body only.
      await eventually(async () => (await search('phase out amalgams')).includes('UNEP/MC/COP.6/L.2'), 20_000, 'text extraction');
      await eventually(async () => (await search('thresholds', '', delegate.token)).includes('UNEP/MC/COP.6/CRP.3'), 20_000, 'CRP text');
      // Restricted documents never show up in an outsider's results.
      expect(await search('thresholds')).toEqual([]);
    });
  });

  describe('bundles', () => {
    it('streams a ZIP per agenda item and language with the current versions and SHA256SUMS', async () => {
      const [item1] = m.agendaItems;
      const res = await get(`/api/meetings/${m.code}/document-bundles/${item1.id}?language=en`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      expect(res.headers.get('content-disposition')).toContain(`filename="${m.code}-item-1-E.zip"`);
      const zip = await bytes(res);
      const dirInfo = zipDirectory(zip.subarray(Math.max(0, zip.length - 65_557)));
      const names = zipEntryNames(zip.subarray(dirInfo.offset, dirInfo.offset + dirInfo.size), dirInfo.entries);
      // Add.1 exists only as the original; Rev.1 in English; the superseded base is left out.
      expect(names).toEqual(['UNEP-MC-COP.6-1-Add.1.pdf', 'UNEP-MC-COP.6-1-Rev.1-E.pdf', 'SHA256SUMS']);
      const stored = zip.indexOf(Buffer.from('%PDF-'));
      expect(stored).toBeGreaterThan(0);
      expect((await get(`/api/meetings/${m.code}/document-bundles/${item1.id}?language=xx`)).status).toBe(404);
      expect((await get(`/api/meetings/${m.code}/document-bundles/00000000-0000-4000-8000-000000000000?language=en`)).status).toBe(404);
    });
  });

  describe('live', () => {
    it('announces document.published on the change feed with the next seq, redacted for the public', async () => {
      const start = (await call(api, 'GET', base())).body.lastSeq;
      const participant = connectLive(api.url, delegate.token);
      const outsider = connectLive(api.url);
      const got: { p: ChangeEvent[]; o: ChangeEvent[] } = { p: [], o: [] };
      const applied: ChangeEvent[] = [];
      const cursor = new ChangeCursor<ChangeEvent>(start, (e) => applied.push(e));
      participant.on(LiveEvents.CalendarChanged, (e: ChangeEvent) => {
        got.p.push(e);
        cursor.offer(e);
      });
      outsider.on(LiveEvents.CalendarChanged, (e: ChangeEvent) => got.o.push(e));
      try {
        for (const s of [participant, outsider]) {
          const ready = new Promise((resolve) => s.once(LiveEvents.Subscribed, resolve));
          s.emit(LiveEvents.Subscribe, { meeting: m.code, since: start });
          await ready;
        }
        await create({ symbol: 'UNEP/MC/COP.6/CRP.4', title: { en: 'Conference room paper 4' }, distribution: 'participants' });
        const pdf = makePdf(['CRP 4']);
        const t0 = Date.now();
        await put('UNEP-MC-COP.6-CRP.4', 'en', pdf);
        await eventually(() => got.p.length >= 1 && got.o.length >= 1, 5000, 'document.published');
        expect(Date.now() - t0).toBeLessThan(1000);
        expect(got.p[0]).toMatchObject({
          seq: start + 1,
          kind: 'document.published',
          document: {
            symbol: 'UNEP/MC/COP.6/CRP.4',
            ref: 'UNEP-MC-COP.6-CRP.4',
            language: 'en',
            version: 1,
            sha256: sha(pdf),
            fileName: 'UNEP-MC-COP.6-CRP.4-E.pdf',
            distribution: 'participants',
          },
        });
        expect(applied.map((e) => e.seq)).toEqual([start + 1]);
        // The public learns only that the feed moved, not what was published.
        expect(got.o[0]).toEqual({ meeting: m.code, seq: start + 1, at: expect.any(String), kind: 'redacted' });
        expect(JSON.stringify(got.o[0])).not.toContain('CRP.4');
        // The same entry in catch-up (REST) and the document's own seq.
        const feed = await call(api, 'GET', `/api/meetings/${m.code}/changes?since=${start}`, { token: delegate.token });
        expect(feed.body.changes[0]).toEqual(got.p[0]);
        const doc = await call(api, 'GET', `${base()}/UNEP-MC-COP.6-CRP.4`, { token: delegate.token });
        expect(doc.body.seq).toBe(start + 1);
        // A new language version is announced too.
        await put('UNEP-MC-COP.6-CRP.4', 'fr', makePdf(['CRP 4 fr']));
        await eventually(() => got.p.length >= 2, 5000, 'second document.published');
        expect(got.p[1]).toMatchObject({ seq: start + 2, document: { language: 'fr', fileName: 'UNEP-MC-COP.6-CRP.4-F.pdf' } });
        // Secretariat-only documents are not announced at all.
        await create({ symbol: 'UNEP/MC/COP.6/INF/41', title: { en: 'Internal' }, distribution: 'secretariat' });
        await put('UNEP-MC-COP.6-INF-41', 'en', makePdf(['internal']));
        expect((await call(api, 'GET', base())).body.lastSeq).toBe(start + 2);
      } finally {
        participant.disconnect();
        outsider.disconnect();
      }
    });
  });
});
