import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, db, eventually, type RunningApi } from '../support/harness';
import { makePdf } from '../support/documents';
import { launchChromium, signedInContext, startPortalContext } from '../support/portal';

/**
 * The documents page's search, and the secretariat's console (in Chromium, against the real
 * API): a failed upload leaves no empty document and says what to do in the reader's language;
 * a document's details are corrected and it is withdrawn from the page itself.
 */
describe('documents page: search and the secretariat console (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const docsUrl = (query = '') => `${api.url}/meetings/${m.code}/documents${query}`;
  const documentRows = (symbol: string) =>
    db().then((pg) =>
      pg.query(`SELECT d.id FROM document d JOIN meeting m ON m.id = d.meeting_id WHERE m.code = $1 AND d.symbol = $2`, [m.code, symbol]),
    );

  beforeAll(async () => {
    ctx = await startPortalContext();
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    await ctx.newDocument(
      m.code,
      { symbol: 'UNEP/MC/COP.6/12', title: 'Mercury waste thresholds' },
      makePdf(['Thresholds for mercury waste']),
    );
    await ctx.newDocument(
      m.code,
      { symbol: 'UNEP/MC/COP.6/13', title: 'Budget for the biennium' },
      makePdf(['Programme of work and budget']),
    );
    browser = await launchChromium();
    context = await signedInContext(browser, sec);
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('searches the full text as you type, keeps the query in the address, marks the words and says when nothing matches', async () => {
    await page.goto(docsUrl('?q=mercury'));
    await page.locator('#doc-search-results [data-result-symbol="UNEP/MC/COP.6/12"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#doc-search').inputValue()).toBe('mercury');
    expect(await page.locator('#doc-search-results [data-result-symbol]').count()).toBe(1);
    expect((await page.locator('#doc-search-results mark').allTextContents()).map((s) => s.toLowerCase())).toContain('mercury');

    // Typing another query replaces the results and the address (the API stems: "budgets" finds "Budget").
    await page.locator('#doc-search').fill('budgets');
    await page.locator('#doc-search-results [data-result-symbol="UNEP/MC/COP.6/13"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#doc-search-results [data-result-symbol="UNEP/MC/COP.6/12"]').count()).toBe(0);
    await page.waitForURL((u) => u.searchParams.get('q') === 'budgets');

    await page.locator('#doc-search').fill('zyxwvut');
    await page.locator('#doc-search-results [data-no-results]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#doc-search-results').textContent()).toContain('No document matches “zyxwvut”');

    await page.locator('#doc-search').fill('');
    await page.locator('[data-symbol="UNEP/MC/COP.6/13"]').waitFor();
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);
  });

  it('leaves no empty document when the upload fails, and says what to do in the reader’s language', async () => {
    const french = await signedInContext(browser, sec);
    await french.addInitScript(() => localStorage.setItem('cop.lang', 'fr'));
    const fr = await french.newPage();
    try {
      await fr.goto(`${api.url}/console/${m.code}/documents`);
      await fr.locator('#upload-symbol').waitFor({ timeout: 15_000 });
      await fr.locator('#upload-symbol').fill('UNEP/MC/COP.6/INF/40');
      await fr.locator('#upload-title-en').fill('Not a PDF');
      await fr.locator('#upload-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text') });
      await fr.locator('#upload-submit').click();
      await fr.waitForFunction(() => document.querySelector('#upload-status')?.getAttribute('data-tone') === 'error', null, {
        timeout: 10_000,
      });
      expect(await fr.locator('#upload-status').textContent()).toContain('n’est pas un document PDF, DOCX ou XLSX');
      await eventually(async () => (await documentRows('UNEP/MC/COP.6/INF/40')).length === 0, 5000, 'the empty document to be removed');
      // The same form then publishes it with the right file.
      await fr
        .locator('#upload-file')
        .setInputFiles({ name: 'note.pdf', mimeType: 'application/pdf', buffer: makePdf(['Information note']) });
      await fr.locator('#upload-submit').click();
      await fr.waitForFunction(() => document.querySelector('#upload-status')?.getAttribute('data-tone') === 'ok', null, {
        timeout: 10_000,
      });
      expect(await fr.locator('#upload-status').textContent()).not.toContain('existe');
    } finally {
      await french.close();
    }
  });

  it('corrects a document’s title and agenda items from the console, then withdraws it', async () => {
    await page.goto(`${api.url}/console/${m.code}/documents`);
    const row = page.locator('[data-symbol="UNEP/MC/COP.6/12"]');
    await row.locator('[data-edit]').click();
    await row.locator('input[name="title-en"]').fill('Mercury waste: thresholds (corrected)');
    await row.locator('input[name="title-fr"]').fill('Déchets de mercure : seuils');
    await row.locator(`input[name="agendaItem"][value="${m.agendaItems[1].id}"]`).check();
    await row.locator('[data-save]').click();
    await row.locator('.doc-title', { hasText: 'Mercury waste: thresholds (corrected)' }).waitFor({ timeout: 10_000 });
    const doc = await call(api, 'GET', `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-12`);
    expect(doc.body.title).toEqual({ en: 'Mercury waste: thresholds (corrected)', fr: 'Déchets de mercure : seuils' });
    expect(doc.body.agendaItems.map((a: { id: string }) => a.id)).toEqual([m.agendaItems[1].id]);

    await row.locator('[data-withdraw]').click();
    await row.locator('[data-withdraw-confirm]').click();
    await row.locator('.tag-restricted').waitFor({ timeout: 10_000 });
    expect((await call(api, 'GET', `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-12`)).status).toBe(404);
    expect((await call(api, 'GET', `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-12`, { token: sec.token })).body.distribution).toBe(
      'secretariat',
    );
  });

  it('corrects a mistyped symbol from the console; a taken one is refused with what to check', async () => {
    await page.goto(`${api.url}/console/${m.code}/documents`);
    const row = page.locator('[data-symbol="UNEP/MC/COP.6/13"]');
    await row.locator('[data-edit]').click();
    await row.locator('input[name="symbol"]').fill('UNEP/MC/COP.6/INF/40');
    await row.locator('[data-save]').click();
    await row.locator('.doc-edit-status', { hasText: 'Check the symbol' }).waitFor({ timeout: 10_000 });
    await row.locator('input[name="symbol"]').fill('UNEP/MC/COP.6/14');
    await row.locator('[data-save]').click();
    await page.locator('[data-symbol="UNEP/MC/COP.6/14"]').waitFor({ timeout: 10_000 });
    expect((await call(api, 'GET', `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-14`)).body.title.en).toBe('Budget for the biennium');
  });
});
