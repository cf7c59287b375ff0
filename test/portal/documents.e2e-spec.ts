import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, type RunningApi } from '../support/harness';
import { makePdf } from '../support/documents';
import { launchChromium, PORTAL_DIR, signedInContext, startPortalContext } from '../support/portal';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The documents page in real Chromium against the real API: the secretariat uploads a PDF
 * through the form while a delegate has the page open in another browser context; the document
 * appears live on the delegate's page, and the file downloaded there is the file uploaded.
 */
describe('portal documents page (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let m: MeetingFixture;
  let browser: Browser;
  let secContext: BrowserContext;
  let delContext: BrowserContext;
  let secPage: Page;
  let delPage: Page;
  const pdf = makePdf(['Draft decision on mercury waste', 'Annex: thresholds']);
  const symbol = 'UNEP/MC/COP.6/CRP.3';
  const docsPath = () => `/meetings/${m.code}/documents`;

  /** Creates a public document and uploads its English PDF through the API (not the form). */
  const publish = async (sym: string, title: string, file: Buffer, agendaItemIds: string[] = []) =>
    ctx.newDocument(m.code, { symbol: sym, title, agendaItemIds }, file);

  const fillForm = async (
    page: Page,
    fields: { symbol: string; title: string; distribution?: string; file: { name: string; mimeType: string; buffer: Buffer } },
  ) => {
    await page.locator('#upload-symbol').fill(fields.symbol);
    await page.locator('#upload-title-en').fill(fields.title);
    await page.locator('#upload-distribution').selectOption(fields.distribution ?? 'public');
    await page.locator('#upload-language').selectOption('en');
    await page.locator('#upload-file').setInputFiles(fields.file);
  };

  beforeAll(async () => {
    ctx = await startPortalContext();
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    // Participants-only content on the live and change feeds is for approved participants of the meeting.
    delegate = await ctx.newParticipant(m.code);
    // One public document already there before the delegate's first visit.
    await publish('UNEP/MC/COP.6/INF/26', 'List of participants', makePdf(['List of participants']), [m.agendaItems[0].id]);
    browser = await launchChromium();
    secContext = await signedInContext(browser, sec);
    delContext = await signedInContext(browser, delegate, { acceptDownloads: true });
    secPage = await secContext.newPage();
    delPage = await delContext.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('is a chunk of its own, without zod, outside what the schedule page loads', () => {
    const assets = join(PORTAL_DIR, 'assets');
    const html = readFileSync(join(PORTAL_DIR, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)]
      .map((x) => readFileSync(join(assets, x[1]), 'utf8'))
      .join('\n');
    expect({ uploadFormInInitialBundle: initial.includes('upload-progress') }).toEqual({ uploadFormInInitialBundle: false });
    const chunks = readdirSync(assets).filter((f) => /^documents-.*\.js$/.test(f));
    expect(chunks).toHaveLength(1);
    const chunk = readFileSync(join(assets, chunks[0]), 'utf8');
    expect(chunk).toContain('upload-progress');
    expect({ zodInDocumentsChunk: chunk.includes('ZodError') }).toEqual({ zodInDocumentsChunk: false });
  });

  it('lists documents by agenda item with their SHA-256, and is linked from the meeting navigation', async () => {
    await delPage.goto(`${api.url}/meetings/${m.code}/schedule`);
    await delPage.locator('nav.meeting-nav a', { hasText: 'Documents' }).click();
    await delPage.waitForURL((u) => u.pathname === docsPath());
    const inf = delPage.locator('[data-symbol="UNEP/MC/COP.6/INF/26"]');
    await inf.waitFor({ timeout: 5000 });
    expect(await delPage.locator(`[data-agenda-item="${m.agendaItems[0].id}"] .doc-group-title`).textContent()).toContain('Agenda item 1');
    expect(await inf.locator('.doc-sha256').first().textContent()).toBe(sha256(makePdf(['List of participants'])));
    // First visit: nothing is marked new.
    expect(await delPage.locator('.doc-new').count()).toBe(0);
    // The delegate only sees the form's absence; the bundle link names the item and language.
    expect(await delPage.locator('#upload-symbol').count()).toBe(0);
    expect(await delPage.locator(`[data-agenda-item="${m.agendaItems[0].id}"] .doc-bundle`).getAttribute('href')).toContain(
      `/document-bundles/${m.agendaItems[0].id}?language=en`,
    );
    await delPage.waitForFunction(() => document.querySelector('.conn')?.textContent === 'Live', null, { timeout: 5000, polling: 50 });
  });

  it('shows clear errors from the API in the upload form (bad symbol, wrong file type)', async () => {
    await secPage.goto(`${api.url}/console/${m.code}/documents`);
    await secPage.locator('#upload-symbol').waitFor({ timeout: 15_000 });
    await fillForm(secPage, {
      symbol: 'UNEP/MC/COP.6/CRP.0',
      title: 'Bad symbol',
      file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: pdf },
    });
    await secPage.locator('#upload-submit').click();
    await secPage.waitForFunction(() => document.querySelector('#upload-status')?.textContent?.includes('is not a document number'), null, {
      timeout: 5000,
    });
    expect(await secPage.locator('#upload-status').getAttribute('data-tone')).toBe('error');

    await fillForm(secPage, {
      symbol: 'UNEP/MC/COP.6/INF/27',
      title: 'Not a PDF',
      file: { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some text, not a document') },
    });
    await secPage.locator('#upload-submit').click();
    await secPage.waitForFunction(() => /The upload failed: .+/.test(document.querySelector('#upload-status')?.textContent ?? ''), null, {
      timeout: 5000,
    });
    expect(await secPage.locator('#upload-status').textContent()).toMatch(/PDF|DOCX|XLSX|not/i);
  });

  it('uploads a PDF with a progress bar; the delegate sees it live, marked new, and downloads the same bytes', async () => {
    await fillForm(secPage, {
      symbol,
      title: 'Draft decision on mercury waste',
      distribution: 'participants',
      file: { name: 'crp3.pdf', mimeType: 'application/pdf', buffer: pdf },
    });
    await secPage.locator(`.upload-items input[value="${m.agendaItems[1].id}"]`).check();
    await secPage.locator('#upload-submit').click();
    await secPage.waitForFunction(
      () => document.querySelector('#upload-status')?.textContent?.startsWith('Published UNEP/MC/COP.6/CRP.3'),
      null,
      {
        timeout: 10_000,
      },
    );
    const uploadedAt = Date.now();
    expect(await secPage.locator('#upload-progress').evaluate((p) => (p as HTMLProgressElement).value)).toBe(100);

    // Within a second on the delegate's page: the toast, the screen-reader announcement, the document itself.
    await delPage.waitForFunction(
      () => [...document.querySelectorAll('[data-toast="new"]')].some((e) => e.textContent === 'New: CRP.3 (English)'),
      null,
      { timeout: 3000, polling: 25 },
    );
    const crp = delPage.locator(`[data-agenda-item="${m.agendaItems[1].id}"] [data-symbol="${symbol}"]`);
    await crp.waitFor({ timeout: 1000 });
    expect(Date.now() - uploadedAt).toBeLessThan(1500);
    await delPage.waitForFunction(() => document.querySelector('[data-announcer]')?.textContent === 'New: CRP.3 (English)', null, {
      timeout: 2000,
    });
    expect(await crp.getAttribute('class')).toContain('doc-new');
    expect(await crp.locator('.tag-restricted').textContent()).toBe('Participants only');
    await delPage.waitForFunction(
      ([s, hash]) => document.querySelector(`[data-symbol="${s}"] .doc-sha256`)?.textContent === hash,
      [symbol, sha256(pdf)] as const,
      { timeout: 3000 },
    );

    // Download through the page (a signed link) and compare the bytes.
    const [download] = await Promise.all([
      delPage.waitForEvent('download', { timeout: 10_000 }),
      crp.locator('[data-download="en"]').first().click(),
    ]);
    expect(download.suggestedFilename()).toBe('UNEP-MC-COP.6-CRP.3-E.pdf');
    const bytes = await readFile((await download.path())!);
    expect(bytes.equals(pdf)).toBe(true);
  });

  it('adds a second version through the form (the document exists) and shows both in the history', async () => {
    const v2 = makePdf(['Draft decision on mercury waste, version 2']);
    await fillForm(secPage, {
      symbol,
      title: 'Draft decision on mercury waste',
      distribution: 'participants',
      file: { name: 'crp3-v2.pdf', mimeType: 'application/pdf', buffer: v2 },
    });
    await secPage.locator('#upload-submit').click();
    await secPage.waitForFunction(() => document.querySelector('#upload-status')?.textContent?.includes('version 2'), null, {
      timeout: 10_000,
    });
    expect(await secPage.locator('#upload-status').textContent()).toContain('already exists');
    // The delegate's page shows the latest version's hash, and the history lists both.
    const crp = delPage.locator(`[data-agenda-item="${m.agendaItems[1].id}"] [data-symbol="${symbol}"]`);
    await delPage.waitForFunction(
      ([s, hash]) => document.querySelector(`[data-symbol="${s}"] .doc-file .doc-sha256`)?.textContent === hash,
      [symbol, sha256(v2)] as const,
      { timeout: 3000 },
    );
    await crp.locator('.doc-history summary').click();
    await crp.locator('.doc-history-body li').nth(1).waitFor({ timeout: 5000 });
    const hashes = await crp.locator('.doc-history-body .doc-sha256').allTextContents();
    expect(hashes.sort()).toEqual([sha256(pdf), sha256(v2)].sort());
  });

  it('downloads an agenda item as one ZIP in the chosen language (with the bearer token, for restricted documents)', async () => {
    const link = delPage.locator(`[data-agenda-item="${m.agendaItems[1].id}"] .doc-bundle`);
    expect(await link.textContent()).toBe('Download all (English, ZIP)');
    const [download] = await Promise.all([delPage.waitForEvent('download', { timeout: 10_000 }), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const zip = await readFile((await download.path())!);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(zip.toString('latin1')).toContain('UNEP-MC-COP.6-CRP.3-E.pdf');
  });

  it('remembers the document language and marks what is new since the last visit', async () => {
    await delPage.locator('#doc-filter-language').selectOption('fr');
    expect(await delPage.locator('.empty').textContent()).toBe('No documents match the filters.');
    await delPage.reload();
    await delPage.locator('#doc-filter-language').waitFor();
    expect(await delPage.locator('#doc-filter-language').inputValue()).toBe('fr');
    await delPage.locator('#doc-filter-language').selectOption('');
    // Seen on the last visit: CRP.3 is no longer new. A document published since is.
    expect(await delPage.locator(`[data-symbol="${symbol}"]`).getAttribute('class')).not.toContain('doc-new');
    await delPage.goto(`${api.url}/meetings/${m.code}/schedule`);
    await publish('UNEP/MC/COP.6/CRP.4', 'Elements for a decision', makePdf(['Elements']));
    await delPage.goto(`${api.url}${docsPath()}`);
    const crp4 = delPage.locator('[data-symbol="UNEP/MC/COP.6/CRP.4"]');
    await crp4.waitFor({ timeout: 5000 });
    expect(await crp4.getAttribute('class')).toContain('doc-new');
    expect(await delPage.locator(`[data-symbol="${symbol}"]`).getAttribute('class')).not.toContain('doc-new');
  });

  it('applies corrections live: a new title for the delegate, and the public page gains and loses a document as its distribution changes', async () => {
    const anonContext = await browser.newContext();
    try {
      const anonPage = await anonContext.newPage();
      await anonPage.goto(`${api.url}${docsPath()}`);
      await anonPage.locator('[data-symbol="UNEP/MC/COP.6/INF/26"]').waitFor({ timeout: 10_000 });
      expect(await anonPage.locator(`[data-symbol="${symbol}"]`).count()).toBe(0);
      await delPage.goto(`${api.url}${docsPath()}`);
      const crpOnDelegate = delPage.locator(`[data-symbol="${symbol}"]`);
      await crpOnDelegate.waitFor({ timeout: 10_000 });
      const correct = async (body: Record<string, unknown>) => {
        const ref = 'UNEP-MC-COP.6-CRP.3';
        const current = await call(api, 'GET', `/api/meetings/${m.code}/documents/${ref}`, { token: sec.token });
        const res = await call(api, 'PATCH', `/api/meetings/${m.code}/documents/${ref}`, {
          token: sec.token,
          headers: { 'if-match': String(current.body.editRevision) },
          body,
        });
        expect(res.status).toBe(200);
      };

      await correct({ title: { en: 'Draft decision on mercury waste thresholds (corrected)' } });
      await delPage.waitForFunction(
        (sym) => document.querySelector(`[data-symbol="${sym}"] .doc-title`)?.textContent?.includes('(corrected)'),
        symbol,
        { timeout: 10_000 },
      );

      await correct({ distribution: 'public' });
      const crpOnPublic = anonPage.locator(`[data-symbol="${symbol}"]`);
      await crpOnPublic.waitFor({ timeout: 10_000 });
      expect(await crpOnPublic.locator('.doc-title').textContent()).toContain('(corrected)');

      await correct({ distribution: 'participants' });
      await crpOnPublic.waitFor({ state: 'detached', timeout: 10_000 });
      // Still there for the delegate, marked participants-only again.
      await delPage.waitForFunction(
        (sym) => document.querySelector(`[data-symbol="${sym}"] .tag-restricted`)?.textContent === 'Participants only',
        symbol,
        { timeout: 10_000 },
      );
      expect(await anonPage.locator('[data-symbol="UNEP/MC/COP.6/INF/26"]').count()).toBe(1);
    } finally {
      await anonContext.close();
    }
  });
});
