import type { DocumentDto } from '@cop/contracts';
import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, db, eventually, privateRedis, type RedisProcess, type RunningApi } from '../support/harness';
import { DOCX_TYPE, makeWordDocx, makeWorkbook, makeZip, uploadFile, XLSX_TYPE } from '../support/documents';

/** The processing row of the latest file of `symbol`'s `lang` version. */
async function fileRow(code: string, symbol: string, lang: string) {
  const [row] = await (
    await db()
  ).query(
    `SELECT f.processing, f.processing_error, f.queued_at, length(f.extracted_text) AS text_length
       FROM document_file f JOIN document d ON d.id = f.document_id JOIN meeting m ON m.id = d.meeting_id
      WHERE m.code = $1 AND d.symbol = $2 AND f.language = $3 ORDER BY f.version DESC LIMIT 1`,
    [code, symbol, lang],
  );
  return row as { processing: string; processing_error: string | null; queued_at: Date | null; text_length: number | null };
}

/**
 * The processing job for DOCX and XLSX language versions (their text made searchable, within
 * bounds) and its durability: a file stored while Redis is away is processed once it is back.
 */
describe('document processing', () => {
  let redis: RedisProcess;
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;
  const search = async (q: string) =>
    (await call(api, 'GET', `/api/meetings/${m.code}/documents?q=${encodeURIComponent(q)}`)).body.documents.map(
      (d: DocumentDto) => d.symbol,
    );
  const create = (symbol: string, title: string) => ctx.newDocument(m.code, { symbol, title }, null);
  const put = (ref: string, lang: string, data: Buffer, type?: string) => uploadFile(api.url, sec.token, m.code, ref, lang, data, type);

  beforeAll(async () => {
    // A Redis of its own, so this test can stop and restart it.
    redis = await privateRedis();
    ctx = await TestContext.start({
      documents: true,
      env: {
        REDIS_URL: redis.url,
        RUN_WORKER: 'true',
        DOCUMENT_PROCESSING_SWEEP_MS: '300',
        DOCUMENT_UNPACK_MAX_BYTES: String(2 * 1024 * 1024),
        DOCUMENT_TEXT_MAX_CHARS: '5000',
      },
    });
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
  }, 60_000);

  afterAll(async () => {
    await ctx?.close();
    await redis?.kill();
  });

  it('extracts the text of a DOCX and of every sheet of an XLSX, so search finds their language versions', async () => {
    await create('UNEP/MC/COP.6/INF/12', 'Report on mercury-added products');
    const docx = await makeWordDocx(['Phase-out dates for mercury-added products', 'Compact fluorescent lamps and cosmetics']);
    expect((await put('UNEP-MC-COP.6-INF-12', 'en', docx, DOCX_TYPE)).status).toBe(201);
    await create('UNEP/MC/COP.6/INF/13', 'Budget tables');
    const xlsx = await makeWorkbook({
      'Trust fund': [
        ['Party', 'Contribution (USD)'],
        ['Norway', 125000],
      ],
      'Special programme': [['Voluntary contributions for capacity-building']],
    });
    expect((await put('UNEP-MC-COP.6-INF-13', 'es', xlsx, XLSX_TYPE)).status).toBe(201);

    // Words only in the bodies (English stemming: "lamp" finds "lamps"; Spanish config for the XLSX's es version).
    await eventually(async () => (await search('fluorescent lamp')).includes('UNEP/MC/COP.6/INF/12'), 30_000, 'DOCX text');
    await eventually(async () => (await search('Norway')).includes('UNEP/MC/COP.6/INF/13'), 30_000, 'XLSX text (first sheet)');
    expect(await search('capacity-building')).toEqual(['UNEP/MC/COP.6/INF/13']); // the second sheet
    expect(await fileRow(m.code, 'UNEP/MC/COP.6/INF/12', 'en')).toMatchObject({ processing: 'done', processing_error: null });
    const doc = await call(api, 'GET', `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-INF-12`);
    expect(doc.body.languages[0].latest).toMatchObject({ processing: 'done', pageCount: null });
  });

  it('keeps at most DOCUMENT_TEXT_MAX_CHARS of text', async () => {
    await create('UNEP/MC/COP.6/INF/14', 'A long document');
    expect(
      (await put('UNEP-MC-COP.6-INF-14', 'en', await makeWordDocx(Array.from({ length: 800 }, (_, i) => `Paragraph ${i} of many`)))).status,
    ).toBe(201);
    await eventually(async () => (await fileRow(m.code, 'UNEP/MC/COP.6/INF/14', 'en')).processing === 'done', 30_000, 'processing');
    expect((await fileRow(m.code, 'UNEP/MC/COP.6/INF/14', 'en')).text_length).toBe(5000);
  });

  it('refuses a ZIP bomb without retrying and a malformed DOCX after retries, recording why; the worker keeps working', async () => {
    await create('UNEP/MC/COP.6/INF/15', 'Bomb');
    // 20 MB of zeros deflate to a few KB; the cap is 2 MiB unpacked.
    const bomb = await makeWordDocx(['innocent'], { 'word/media/image1.bin': '0'.repeat(20_000_000) });
    expect(bomb.length).toBeLessThan(100_000);
    expect((await put('UNEP-MC-COP.6-INF-15', 'en', bomb)).status).toBe(201);
    await create('UNEP/MC/COP.6/INF/16', 'Malformed');
    const malformed = await makeZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': 'this is <not xml' });
    expect((await put('UNEP-MC-COP.6-INF-16', 'en', malformed)).status).toBe(201);

    await eventually(async () => (await fileRow(m.code, 'UNEP/MC/COP.6/INF/15', 'en')).processing === 'failed', 15_000, 'bomb refused');
    expect((await fileRow(m.code, 'UNEP/MC/COP.6/INF/15', 'en')).processing_error).toMatch(/unpacks to more than 2097152 bytes/);
    // Four attempts with backoff (1 s, 2 s, 4 s) before giving up.
    await eventually(
      async () => (await fileRow(m.code, 'UNEP/MC/COP.6/INF/16', 'en')).processing === 'failed',
      30_000,
      'malformed given up',
    );
    expect((await fileRow(m.code, 'UNEP/MC/COP.6/INF/16', 'en')).processing_error).toMatch(/^DOCX could not be read/);
    // Still downloadable, marked failed; and the worker processes the next file.
    const doc = await call(api, 'GET', `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-INF-15`);
    expect(doc.body.languages[0].latest.processing).toBe('failed');
    expect((await fetch(`${api.url}/api/meetings/${m.code}/documents/UNEP-MC-COP.6-INF-15/files/en`)).status).toBe(200);
    await create('UNEP/MC/COP.6/INF/17', 'After the bomb');
    await put('UNEP-MC-COP.6-INF-17', 'en', await makeWordDocx(['Artisanal and small-scale gold mining']));
    await eventually(async () => (await search('artisanal gold')).includes('UNEP/MC/COP.6/INF/17'), 30_000, 'next file processed');
  }, 60_000);

  it('stores an upload while Redis is down and processes it once Redis is back (the sweeper queues it)', async () => {
    await create('UNEP/MC/COP.6/INF/18', 'Stored during an outage');
    await redis.kill();
    const t0 = Date.now();
    const res = await put('UNEP-MC-COP.6-INF-18', 'fr', await makeWordDocx(['Stockage provisoire écologiquement rationnel du mercure']));
    expect(res.status).toBe(201);
    expect(Date.now() - t0).toBeLessThan(5000); // the upload does not wait for Redis
    expect(res.body.file.processing).toBe('pending');
    // Visible at once, downloadable; but no job could be queued, and the sweeper cannot either while Redis is away.
    expect((await fetch(`${api.url}/api/meetings/${m.code}/documents/UNEP-MC-COP.6-INF-18/files/fr`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await fileRow(m.code, 'UNEP/MC/COP.6/INF/18', 'fr')).toMatchObject({ processing: 'pending', queued_at: null });
    expect(await search('écologiquement')).toEqual([]);

    await redis.start(); // empty: nothing of the old queue survives
    await eventually(async () => (await search('écologiquement')).includes('UNEP/MC/COP.6/INF/18'), 30_000, 'processed after the outage');
    const row = await fileRow(m.code, 'UNEP/MC/COP.6/INF/18', 'fr');
    expect(row.processing).toBe('done');
    expect(row.queued_at).not.toBeNull();
  }, 60_000);
});
