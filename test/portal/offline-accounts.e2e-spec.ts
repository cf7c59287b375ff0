import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { eventually, type RunningApi } from '../support/harness';
import { makePdf } from '../support/documents';
import { launchChromium, signedInContext, startPortalContext } from '../support/portal';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const subjectOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string }).sub;

/**
 * The service worker's kept participants-only documents belong to one account: an expired or
 * forged link, or another account, is never answered from them, and signing in as someone else
 * without signing out forgets them (in real Chromium, against the real API).
 */
describe('portal offline: kept documents and accounts (service worker, browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let m: MeetingFixture;
  let delegate: TestUser;
  let other: TestUser;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const crp = makePdf(['Draft decision on mercury waste, for participants']);
  const kept = (hash: string) => page.evaluate(async (h) => !!(await caches.match(`/__offline/documents/${h}`)), hash);

  beforeAll(async () => {
    ctx = await startPortalContext();
    ({ api } = ctx);
    m = await ctx.newMeeting();
    delegate = await ctx.newParticipant(m.code);
    other = await ctx.newAccount('delegate');
    await ctx.newDocument(m.code, { symbol: 'UNEP/MC/COP.6/CRP.3', title: 'Draft decision', distribution: 'participants' }, crp);
    browser = await launchChromium();
    context = await signedInContext(browser, delegate, { acceptDownloads: true });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('keeps a downloaded participants-only document for its account only, and never for an expired or forged link', async () => {
    await page.goto(`${api.url}/meetings/${m.code}/documents`);
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 });
    await page.reload();
    await page.locator('[data-symbol="UNEP/MC/COP.6/CRP.3"]').waitFor({ timeout: 10_000 });
    const signedLink: Promise<string> = page
      .waitForRequest((r) => r.url().includes('/api/document-links/'), { timeout: 10_000 })
      .then((r) => r.url());
    await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.locator('[data-symbol="UNEP/MC/COP.6/CRP.3"] [data-download="en"]').first().click(),
    ]);
    const link = new URL(await signedLink);
    await eventually(() => kept(sha256(crp)), 5000, 'the document kept by the service worker');

    const fetchStatus = (path: string) => page.evaluate((p) => fetch(p).then((r) => r.status), path);
    // The same link path with an expiry long past, for the holder or for nobody: the network refuses it.
    expect(await fetchStatus(`${link.pathname}?by=${subjectOf(delegate.token)}&expires=1&sig=forged`)).toBe(403);
    expect(await fetchStatus(`${link.pathname}?by=&expires=1&sig=forged`)).toBe(403);
    // The real link, still valid, is answered from what was kept.
    expect(await fetchStatus(`${link.pathname}${link.search}`)).toBe(200);
  });

  it('forgets the first account’s documents when another signs in without signing out', async () => {
    expect(await kept(sha256(crp))).toBe(true);
    await page.goto(`${api.url}/login?next=${encodeURIComponent(`/meetings/${m.code}/documents`)}`);
    await page.locator('#login-email').fill(other.email);
    await page.locator('#login-password').fill(other.password);
    await page.locator('#login-password').press('Enter');
    await page.waitForURL((u) => u.pathname !== '/login', { timeout: 10_000 });
    await eventually(async () => !(await kept(sha256(crp))), 5000, 'the first account’s kept document to be forgotten');
    expect(await page.locator('[data-symbol="UNEP/MC/COP.6/CRP.3"]').count()).toBe(0);
  });
});
