import type { Browser, Page } from 'playwright-core';
import { TestContext, type FocalPoint, type TestUser } from '../support/fixtures';
import { makePdf } from '../support/documents';
import { assertChromium, launchChromium, PORTAL_DIR, signedInContext } from '../support/portal';

/** A phone: 375 × 812 CSS pixels, touch, as the portal's delegates carry into the plenary hall. */
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' };

/**
 * Every page of the portal on a phone-sized screen in real Chromium: nothing scrolls sideways
 * (the page is no wider than the screen), the meeting navigation and the header's links are on
 * screen and big enough to tap.
 */
describe('portal on a 375 px phone (browser)', () => {
  let ctx: TestContext;
  let sec: TestUser;
  let delegate: TestUser;
  let fp: FocalPoint;
  let code: string;
  let browser: Browser;

  beforeAll(async () => {
    assertChromium();
    ctx = await TestContext.start({ documents: true, env: { PORTAL_DIR } });
    sec = ctx.sec;
    delegate = await ctx.newAccount('delegate');
    code = await ctx.newRegistrationMeeting();
    fp = await ctx.newPartyFocalPoint();
    const room = await ctx.post<{ id: string }>(`/api/meetings/${code}/rooms`, { name: 'Plenary hall (Room 1), CICG level 0' });
    const item = await ctx.post<{ id: string }>(`/api/meetings/${code}/agenda-items`, {
      number: '4 (a)',
      title: { en: 'Matters for action by the Conference of the Parties: mercury waste thresholds' },
    });
    await ctx.newSession(code, {
      type: 'contact-group',
      title: { en: 'Contact group on mercury waste thresholds and the interim storage of mercury other than waste mercury' },
      roomId: room.id,
      startsAt: '2030-06-11T10:00',
      endsAt: '2030-06-11T13:00',
      agendaItemIds: [item.id],
    });
    await ctx.newDocument(
      code,
      { symbol: 'UNEP/MC/COP.6/INF/26/Add.1', title: 'List of participants: addendum', agendaItemIds: [item.id] },
      makePdf(['List of participants']),
    );
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  /** How far the page reaches beyond the screen's right edge, and which elements stick out. */
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((e) => e.getBoundingClientRect().right > width + 0.5 && e.getClientRects().length > 0)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`)
        .slice(0, 8);
      return { scrollWidth: document.scrollingElement!.scrollWidth, width, wide };
    });

  /** Links and buttons in the header and the meeting navigation: on screen, and a comfortable size to tap. */
  const navTargets = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.site-header a, .site-header button, .site-header select, .meeting-nav a')].map((e) => {
        const r = e.getBoundingClientRect();
        return { what: e.textContent?.trim() || e.tagName, left: r.left, right: r.right, height: r.height };
      }),
    );

  const pages: [string, () => TestUser | { token: string; email: string; role: string } | null, () => string, string][] = [
    ['meetings', () => null, () => '/meetings', 'h1'],
    ['login', () => null, () => '/login', 'form'],
    ['schedule', () => delegate, () => `/meetings/${code}/schedule?day=2030-06-11`, '.session-list > li'],
    ['documents', () => delegate, () => `/meetings/${code}/documents`, '[data-symbol]'],
    ['live', () => delegate, () => `/meetings/${code}/live`, 'h1'],
    ['my registration', () => delegate, () => `/meetings/${code}/me`, 'h1'],
    ['nominate', () => ({ token: fp.token, email: fp.email, role: 'focal-point' }), () => `/meetings/${code}/nominate`, 'form'],
    ['review queue', () => sec, () => `/console/${code}/registrations`, 'h1'],
    ['check-in', () => sec, () => `/console/${code}/check-in`, 'h1'],
    ['documents console', () => sec, () => `/console/${code}/documents`, '#upload-symbol'],
    ['stream console', () => sec, () => `/console/${code}/streams`, 'h1'],
    ['invitation', () => null, () => '/invitation?token=not-a-real-token', 'h1'],
  ];

  it.each(pages)('%s: no sideways scrolling at 375 px, navigation on screen', async (_name, who, path, ready) => {
    const user = who();
    const context = user ? await signedInContext(browser, user, PHONE) : await browser.newContext(PHONE);
    try {
      const page = await context.newPage();
      await page.goto(`${ctx.url}${path()}`);
      await page.locator(ready).first().waitFor({ timeout: 10_000 });
      await page.waitForLoadState('networkidle').catch(() => undefined);
      const o = await overflow(page);
      expect({ scrollWidth: o.scrollWidth, wide: o.scrollWidth > 375 ? o.wide : [] }).toEqual({ scrollWidth: 375, wide: [] });
      // Signed in, the role's tools are folded behind "Menu": open it, then every link must be reachable.
      const menu = page.locator('.menu-button');
      if (user) {
        expect(await menu.getAttribute('aria-expanded')).toBe('false');
        expect(await page.locator('.site-menu').isHidden()).toBe(true);
        await menu.click();
        expect(await menu.getAttribute('aria-expanded')).toBe('true');
      } else expect(await menu.count()).toBe(0);
      const targets = await navTargets(page);
      expect(targets.length).toBeGreaterThan(0);
      for (const t of targets) {
        expect({ ...t, onScreen: t.left >= 0 && t.right <= 375 }).toMatchObject({ onScreen: true });
        expect({ what: t.what, tall: t.height >= 24 }).toEqual({ what: t.what, tall: true });
      }
      if (path().startsWith('/meetings/') || path().startsWith('/console/')) {
        // The meeting navigation: all four links (overview, schedule, live, documents), each on screen and at least 40 px tall.
        const nav = page.locator('nav.meeting-nav a');
        expect(await nav.count()).toBe(4);
        for (const box of await nav.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
          expect(box.height).toBeGreaterThanOrEqual(40);
          expect(box.right).toBeLessThanOrEqual(375);
        }
      }
    } finally {
      await context.close();
    }
  });

  const viewers: [string, () => TestUser | null][] = [
    ['a visitor', () => null],
    ['a delegate', () => delegate],
    ['the secretariat', () => sec],
  ];
  it.each(viewers)('schedule on a 375 × 667 phone: %s sees a session on the first screen', async (_name, who) => {
    const user = who();
    const small = { ...PHONE, viewport: { width: 375, height: 667 } };
    const context = user ? await signedInContext(browser, user, small) : await browser.newContext(small);
    try {
      const page = await context.newPage();
      await page.goto(`${ctx.url}/meetings/${code}/schedule?day=2030-06-11`);
      const row = page.locator('.session-list > li').first();
      await row.waitFor({ timeout: 10_000 });
      const top = await row.evaluate((e) => e.getBoundingClientRect().top);
      // The row's time and title, at least, above the fold.
      expect(top + 48).toBeLessThanOrEqual(667);
    } finally {
      await context.close();
    }
  });
});
