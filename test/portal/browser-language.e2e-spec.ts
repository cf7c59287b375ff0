import type { Browser, BrowserContext } from 'playwright-core';
import { TestContext, type MeetingFixture } from '../support/fixtures';
import type { RunningApi } from '../support/harness';
import { assertChromium, launchChromium, PORTAL_DIR } from '../support/portal';

/** The first visit follows the browser's languages when one is a UN language; a choice or ?lang= still wins. */
describe('first visit in the browser language (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let m: MeetingFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A fresh browser (nothing stored) whose navigator.languages is `languages`. */
  const visitor = async (languages: string[]) => {
    const context = await browser.newContext({ locale: languages[0], viewport: { width: 1280, height: 900 } });
    await context.addInitScript((langs) => Object.defineProperty(navigator, 'languages', { get: () => langs }), languages);
    contexts.push(context);
    return context.newPage();
  };
  const heading = async (page: Awaited<ReturnType<typeof visitor>>, path = `/meetings/${m.code}/schedule`) => {
    await page.goto(`${api.url}${path}`);
    await page.locator('#schedule-heading').waitFor();
    return { lang: await page.locator('html').getAttribute('lang'), heading: await page.locator('#schedule-heading').textContent() };
  };

  beforeAll(async () => {
    assertChromium();
    ctx = await TestContext.start({ env: { PORTAL_DIR } });
    api = ctx.api;
    m = await ctx.newMeeting();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await ctx?.close();
  });

  it('picks the first of navigator.languages that is one of the six, by its primary subtag', async () => {
    expect(await heading(await visitor(['fr-CH', 'en']))).toEqual({ lang: 'fr', heading: 'Programme' });
    expect(await heading(await visitor(['de-DE', 'ja', 'ru-RU', 'en']))).toEqual({ lang: 'ru', heading: 'Расписание' });
    expect(await heading(await visitor(['ar-EG']))).toEqual({ lang: 'ar', heading: 'الجدول الزمني' });
    // None of the six: English.
    expect(await heading(await visitor(['de-DE', 'ja']))).toEqual({ lang: 'en', heading: 'Schedule' });
  });

  it('lets ?lang= and an explicit choice win over the browser, and remembers the choice', async () => {
    const page = await visitor(['es-MX']);
    expect(await heading(page, `/meetings/${m.code}/schedule?lang=zh`)).toEqual({ lang: 'zh', heading: '日程' });
    const other = await visitor(['es-MX']);
    expect(await heading(other)).toEqual({ lang: 'es', heading: 'Programa' });
    await other.locator('#language-select').selectOption('en');
    await other.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await heading(other)).toEqual({ lang: 'en', heading: 'Schedule' });
  });
});
