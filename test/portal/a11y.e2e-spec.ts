import type { Browser, BrowserContext, Page } from 'playwright-core';
import { auditPage, expectAccessible } from '../support/axe';
import { type TestContext, type FocalPoint, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, db, tag, type RunningApi } from '../support/harness';
import { ensureSample, MEDIA_DIR } from '../support/media';
import { launchChromium, signedInContext, startPortalContext } from '../support/portal';
import { person } from '../support/registration';

const DAY = '2025-11-04';
// Axe on a full page takes seconds on a busy two-core machine.
jest.setTimeout(90_000);

/**
 * Every portal page in real Chromium, in the state a visitor meets it (with data), checked with
 * axe-core against WCAG 2.1 A/AA: serious and critical violations fail. Then the keyboard: Tab
 * order through the header and the schedule, arrow keys in the day tabs, a visible focus ring,
 * and schedule changes announced in a live region.
 */
describe('portal accessibility (browser, axe-core)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let fp: FocalPoint;
  let m: MeetingFixture;
  let reg: string; // a meeting in the future, for registration (badges are valid until its end)
  let browser: Browser;
  let anon: BrowserContext;
  /** The Arabic audits' own visitor: ?lang=ar is remembered, and the other audits are in English. */
  let arabic: BrowserContext;
  let secContext: BrowserContext;
  let delContext: BrowserContext;
  let fpContext: BrowserContext;
  let badgeToken: string;
  let inviteHash: string;
  let addressHash: string;
  const sessions: Record<string, { id: string; revision: number }> = {};
  /** Pages opened by a test, closed after it (a playing video left open would slow every later one). */
  const opened: Page[] = [];

  const post = async (path: string, body: unknown, token = sec.token) => {
    const res = await call(api, 'POST', path, { token, body });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const patchSession = async (name: string, body: Record<string, unknown>) => {
    sessions[name] = await ctx.updateSession(m.code, sessions[name], body);
  };

  /** auditPage on `path` of the api; the page is closed after the test. */
  const audit = async (context: BrowserContext, path: string, ready: string, name: string): Promise<Page> => {
    const page = await auditPage(context, `${api.url}${path}`, ready, name);
    opened.push(page);
    return page;
  };

  beforeAll(async () => {
    ensureSample();
    ctx = await startPortalContext({ MEDIA_DIR });
    ({ api, sec } = ctx);
    delegate = await ctx.newAccount('delegate');

    // The schedule, documents and live stream of one meeting.
    m = await ctx.newMeeting();
    const base = `/api/meetings/${m.code}`;
    const session = async (name: string, body: Record<string, unknown>) => (sessions[name] = await ctx.newSession(m.code, body));
    await session('plenary', {
      type: 'plenary',
      title: { en: 'Opening plenary', fr: 'Séance plénière d’ouverture', ar: 'الجلسة العامة الافتتاحية' },
      roomId: m.rooms[0].id,
      startsAt: `${DAY}T10:00`,
      endsAt: `${DAY}T13:00`,
      agendaItemIds: [m.agendaItems[0].id],
    });
    await session('contact', {
      type: 'contact-group',
      title: { en: 'Contact group on mercury waste' },
      roomId: m.rooms[1].id,
      startsAt: `${DAY}T10:00`,
      endsAt: `${DAY}T13:00`,
      agendaItemIds: [m.agendaItems[1].id],
    });
    await session('side', {
      type: 'side-event',
      title: { en: 'Side event: mercury-free dentistry' },
      roomId: m.rooms[1].id,
      startsAt: `${DAY}T13:15`,
      endsAt: `${DAY}T14:45`,
    });
    await session('bureau', {
      type: 'bureau',
      title: { en: 'Bureau meeting' },
      roomId: m.rooms[0].id,
      startsAt: `${DAY}T08:30`,
      endsAt: `${DAY}T09:30`,
      visibility: 'participants',
    });
    await session('press', {
      type: 'press-briefing',
      title: { en: 'Press briefing' },
      roomId: m.rooms[0].id,
      startsAt: `${DAY}T14:00`,
      endsAt: `${DAY}T14:30`,
    });
    await patchSession('plenary', { status: 'live' });
    await patchSession('side', { status: 'postponed' });
    await patchSession('press', { status: 'concluded' });
    const cancelled = await call(api, 'DELETE', `${base}/sessions/${sessions.contact.id}`, {
      token: sec.token,
      headers: { 'if-match': `"${sessions.contact.revision}"` },
    });
    expect(cancelled.status).toBe(200);

    await ctx.newDocument(m.code, { symbol: 'UNEP/MC/COP.6/INF/26', title: 'List of participants', agendaItemIds: [m.agendaItems[0].id] });
    await ctx.newDocument(m.code, { symbol: 'UNEP/MC/COP.6/1', title: 'Provisional agenda' }, null);

    const stream = await ctx.newStream(m.code, { name: 'Plenary — Room 1', roomId: m.rooms[0].id, media: '/media/vod' });
    const live = await call(api, 'PATCH', `${base}/streams/${stream.id}/status`, {
      token: sec.token,
      body: { status: 'live', sessionId: sessions.plenary.id, agendaItemId: m.agendaItems[0].id },
    });
    expect(live.status).toBe(200);

    // Registration: a focal point with a pending nomination, a delegate approved with a badge,
    // and an invited participant whose invitation link is in the outbox.
    reg = await ctx.newRegistrationMeeting();
    fp = await ctx.newPartyFocalPoint();
    const letter = await ctx.newLetter(reg, fp);
    await post(`/api/meetings/${reg}/nominations`, person({ letterId: letter, givenName: 'Kwame', familyName: 'Mensah' }), fp.token);
    await ctx.newRegistration(m.code, { email: delegate.email, state: 'approved' });
    await ctx.newRegistration(reg, { email: delegate.email, state: 'approved' });
    const invited = await ctx.newRegistration(reg, { email: `invited-${tag()}@example.org`, state: 'approved' });
    const [mail] = await (await db()).query(`SELECT vars FROM mail_outbox WHERE registration_id = $1 AND template = 'approved'`, [invited]);
    inviteHash = String(mail.vars.link).split('#')[1];
    // A journalist's self-registration, waiting for the address to be confirmed from its mail.
    const press = await ctx.newOrganization('media');
    const journalist = {
      ...person({ function: 'journalist', email: `press-${tag()}@example.org` }),
      category: 'media',
      organizationId: press.id,
    };
    expect((await call(api, 'POST', `/api/meetings/${reg}/self-registrations`, { body: journalist })).status).toBe(202);
    const [asked] = await (
      await db()
    ).query(`SELECT vars FROM mail_outbox WHERE recipient = $1 AND template = 'address-confirmation'`, [journalist.email]);
    addressHash = String(asked.vars.link).split('#')[1];
    badgeToken = (await call(api, 'GET', `/api/me/badge?meeting=${reg}`, { token: delegate.token })).body.token;
    expect(badgeToken).toEqual(expect.any(String));

    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
    anon = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    arabic = await browser.newContext({ locale: 'ar', viewport: { width: 1280, height: 900 } });
    secContext = await signedInContext(browser, sec);
    delContext = await signedInContext(browser, delegate);
    fpContext = await signedInContext(browser, { token: fp.token, email: fp.email, role: 'focal-point' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  describe('axe-core finds no serious or critical violation', () => {
    afterEach(async () => {
      for (const page of opened.splice(0)) await page.close();
    });

    it('meetings list', async () => {
      await audit(anon, '/meetings', '.meeting-card', 'meetings list');
    });

    it('schedule with live, postponed, cancelled, concluded and participants-only sessions', async () => {
      const page = await audit(
        delContext,
        `/meetings/${m.code}/schedule?day=${DAY}`,
        `[data-session-id="${sessions.bureau.id}"]`,
        'schedule',
      );
      for (const status of ['live', 'postponed', 'cancelled', 'concluded'])
        expect(await page.locator(`.session[data-status="${status}"]`).count()).toBe(1);
    });

    it('schedule in Arabic', async () => {
      const page = await audit(arabic, `/meetings/${m.code}/schedule?day=${DAY}&lang=ar`, '.session[data-status="live"]', 'schedule (ar)');
      // The Arabic title is marked as such, right to left, whatever the interface language.
      const title = page.locator('.session[data-status="live"] .session-title-text');
      expect([await title.getAttribute('lang'), await title.getAttribute('dir')]).toEqual(['ar', 'rtl']);
      expect(await title.textContent()).toContain('الجلسة العامة الافتتاحية');
    });

    it('schedule, filtered to nothing (empty state)', async () => {
      await audit(anon, `/meetings/${m.code}/schedule?day=${DAY}&type=committee`, '.day-panel .empty:not([hidden])', 'schedule (empty)');
    });

    it('meeting overview with the live banner, now and next, latest documents', async () => {
      await audit(anon, `/meetings/${m.code}`, '.home-live-title', 'meeting overview');
    });

    it('meeting overview in Arabic', async () => {
      await audit(arabic, `/meetings/${m.code}?lang=ar`, '.home-live-title', 'meeting overview (ar)');
    });

    it('session page of the plenary on air, with agenda items and documents', async () => {
      await audit(anon, `/meetings/${m.code}/sessions/${sessions.plenary.id}`, '.session-on-air a', 'session');
    });

    it('session page in Arabic', async () => {
      await audit(arabic, `/meetings/${m.code}/sessions/${sessions.plenary.id}?lang=ar`, '.session-on-air a', 'session (ar)');
    });

    it('documents page with documents', async () => {
      await audit(delContext, `/meetings/${m.code}/documents`, '[data-symbol="UNEP/MC/COP.6/INF/26"]', 'documents');
    });

    it('documents page in Arabic', async () => {
      await audit(arabic, `/meetings/${m.code}/documents?lang=ar`, '[data-symbol="UNEP/MC/COP.6/INF/26"]', 'documents (ar)');
    });

    it('documents console with the upload form', async () => {
      await audit(secContext, `/console/${m.code}/documents`, '#upload-symbol', 'documents console');
    });

    it('documents search results, and the console’s editor open', async () => {
      await audit(
        delContext,
        `/meetings/${m.code}/documents?q=participants`,
        '#doc-search-results [data-result-symbol]',
        'documents search',
      );
      const page = await audit(secContext, `/console/${m.code}/documents`, '[data-edit]', 'documents console editor');
      await page.locator('[data-edit]').first().click();
      await page.locator('form.doc-edit').waitFor();
      await expectAccessible(page);
    });

    it('live page playing a live stream', async () => {
      const page = await audit(anon, `/meetings/${m.code}/live`, '.player-host video', 'live');
      expect(await page.locator('h1 .stream-status').textContent()).toBe('Live');
    });

    it('live page in Arabic', async () => {
      await audit(arabic, `/meetings/${m.code}/live?lang=ar`, '.player-host video', 'live (ar)');
    });

    it('streams console', async () => {
      await audit(secContext, `/console/${m.code}/streams`, '#control-status', 'streams console');
    });

    it('login', async () => {
      await audit(anon, '/login', '#login-title', 'login');
    });

    it('login with an error shown', async () => {
      const page = await audit(anon, '/login', '#login-title', 'login');
      await page.getByLabel('Email').fill(`nobody-${tag()}@example.org`);
      await page.getByLabel('Password').fill('not the password');
      await page.locator('form button[type="submit"]').click();
      await page.locator('[role="alert"]:not(:empty)').first().waitFor({ timeout: 5000 });
      await expectAccessible(page, { name: 'login (error)' });
    });

    it('nominate, as a focal point with a nomination listed', async () => {
      await audit(fpContext, `/meetings/${reg}/nominate`, '.reg-list tr[data-registration-id]', 'nominate');
    });

    it('my registration, as an approved delegate with a badge', async () => {
      const page = await audit(delContext, `/meetings/${reg}/me`, '.badge-card img.badge-qr', 'my registration');
      expect(await page.locator('.reg-summary .reg-status').getAttribute('data-status')).toBe('approved');
    });

    it('review console, as the secretariat', async () => {
      await audit(secContext, `/console/${reg}/registrations`, 'tr[data-registration-id]', 'review console');
    });

    it('check-in, with an answer shown', async () => {
      const page = await audit(secContext, `/console/${reg}/check-in`, '#checkin-token', 'check-in');
      await page.locator('#checkin-token').fill(badgeToken);
      await page.locator('#checkin-token').press('Enter');
      await page.locator('.checkin-answer[data-result="checked-in"]').waitFor({ timeout: 5000 });
      await expectAccessible(page, { name: 'check-in (answer)' });
    });

    it('invitation', async () => {
      await audit(anon, `/invitation#${inviteHash}`, '#invite-password', 'invitation');
    });

    it('self-registration address confirmation, before and after confirming', async () => {
      const page = await audit(anon, `/meetings/${reg}/self-registration#${addressHash}`, '#address-confirm', 'address confirmation');
      await page.locator('#address-confirm').click();
      await page.locator('#address-done').waitFor({ timeout: 5000 });
      expect(new URL(page.url()).hash).toBe(''); // the token leaves the address bar once used
      await expectAccessible(page, { name: 'address confirmation (done)' });
    });

    it('page not found, and meeting not found', async () => {
      await audit(anon, `/meetings/${m.code}/no-such-page-${tag()}`, 'h1', 'page not found');
      await audit(anon, `/meetings/none-${tag()}/schedule`, 'h1', 'meeting not found');
    });
  });

  describe('keyboard', () => {
    let page: Page;

    /** Presses Tab until `matches` holds for the focused element; returns the focused elements' descriptions on the way. */
    const tabTo = async (matches: string, max = 40): Promise<void> => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((sel) => !!document.activeElement?.matches(sel), matches)) return;
      }
      throw new Error(`Tab never reached ${matches}`);
    };
    /** The focus ring of the focused element: it must match :focus-visible and draw an outline or a shadow. */
    const focusRing = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return {
          focusVisible: el.matches(':focus-visible'),
          drawn: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none',
        };
      });

    beforeAll(async () => {
      page = await delContext.newPage();
      await page.goto(`${api.url}/meetings/${m.code}/schedule?day=${DAY}`);
      await page.locator('.session[data-status="live"]').waitFor();
    });

    it('reaches the skip link, language switcher, meeting navigation, day tabs and filters in order, each with a visible focus ring', async () => {
      const order = [
        '.skip-link',
        '#language-select',
        'nav.meeting-nav a',
        '[role="tab"][aria-selected="true"]',
        '#filter-room',
        '#filter-type',
        '#toggle-local-time',
      ];
      await page.locator('body').focus();
      for (const selector of order) {
        await tabTo(selector);
        expect({ selector, ...(await focusRing()) }).toEqual({ selector, focusVisible: true, drawn: true });
      }
    });

    it('moves between day tabs with the arrow keys, Home and End; only the selected tab is in the Tab order', async () => {
      await page.locator('[role="tab"][aria-selected="true"]').focus();
      const focused = () =>
        page.evaluate(() => [document.activeElement?.getAttribute('data-day'), document.activeElement?.getAttribute('aria-selected')]);
      await page.keyboard.press('ArrowRight');
      expect(await focused()).toEqual(['2025-11-05', 'true']);
      await page.keyboard.press('End');
      expect(await focused()).toEqual(['2025-11-07', 'true']);
      await page.keyboard.press('Home');
      expect(await focused()).toEqual(['2025-11-03', 'true']);
      expect(await page.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
      await page.locator(`[role="tab"][data-day="${DAY}"]`).press('Enter');
      await page.locator(`[role="tab"][data-day="${DAY}"][aria-selected="true"]`).waitFor();
      // The tab panel is labelled by its tab and reachable with Tab.
      expect(await page.locator('[role="tabpanel"]').getAttribute('aria-labelledby')).toBe(`tab-${DAY}`);
    });

    it('announces a schedule change in a polite live region', async () => {
      const region = page.locator('[data-announcer]');
      expect(await region.getAttribute('aria-live')).toBe('polite');
      await page.locator('.conn[data-state="live"]').waitFor({ timeout: 10_000 });
      await patchSession('bureau', { startsAt: `${DAY}T09:00`, endsAt: `${DAY}T09:45`, roomId: m.rooms[1].id });
      await page.waitForFunction(
        () => /Bureau meeting moved to 09:00/.test(document.querySelector('[data-announcer]')?.textContent ?? ''),
        null,
        {
          timeout: 5000,
        },
      );
      expect(await region.textContent()).toContain('Room 2');
    });
  });
});
