import type { Browser } from 'playwright-core';
import { TestContext, type MeetingFixture } from '../support/fixtures';
import type { RunningApi } from '../support/harness';
import { assertChromium, launchChromium, PORTAL_DIR } from '../support/portal';

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Arabic and Russian write the longest day names: their day tabs must fit a 375 px phone. */
describe('day tabs on a 375 px phone in Arabic and Russian (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let m: MeetingFixture;
  let browser: Browser;

  beforeAll(async () => {
    assertChromium();
    ctx = await TestContext.start({ env: { PORTAL_DIR } });
    api = ctx.api;
    m = await ctx.newMeeting();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it.each(['ar', 'ru'])('%s: no page overflow, no text spilling out of a tab, every tab on screen', async (code) => {
    const context = await browser.newContext({ ...PHONE, locale: code });
    try {
      const page = await context.newPage();
      await page.goto(`${api.url}/meetings/${m.code}/schedule?lang=${code}&day=2025-11-03`);
      await page.locator('.day-tab').first().waitFor();
      const o = await page.evaluate(() => {
        const list = document.querySelector<HTMLElement>('.day-tabs')!;
        const tabs = [...document.querySelectorAll<HTMLElement>('.day-tab')];
        return {
          page: document.documentElement.scrollWidth,
          listScrolls: list.scrollWidth > list.clientWidth,
          spilling: tabs.filter((t) => t.scrollWidth > t.clientWidth).map((t) => t.textContent),
          offscreen: tabs.filter((t) => {
            const r = t.getBoundingClientRect();
            return r.left < 0 || r.right > window.innerWidth;
          }).length,
        };
      });
      expect(o).toEqual({ page: 375, listScrolls: false, spilling: [], offscreen: 0 });
    } finally {
      await context.close();
    }
  });
});
