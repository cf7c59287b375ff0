import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Namespace } from 'socket.io';
import { FeedGateway } from '../../apps/api/src/feed/feed.gateway';
import { type TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, tag, type RunningApi } from '../support/harness';
import { launchChromium, PORTAL_DIR, startPortalContext } from '../support/portal';

const DAY = '2025-11-04';

interface Created {
  id: string;
  revision: number;
}

/** The delegate portal in a real browser against the real API: schedule rendering and live updates. */
describe('portal schedule page (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let plenary: Created;
  let contact: Created;

  const session = (id: string) => page.locator(`[data-session-id="${id}"]`);
  const listedIds = () => page.locator('.session-list > li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.sessionId));
  const createSession = (body: Record<string, unknown>): Promise<Created> => ctx.newSession(m.code, body);
  const patch = (s: Created, body: Record<string, unknown>): Promise<Created> => ctx.updateSession(m.code, s, body);
  /** Waits (at most `ms`) until `predicate` holds in the page. */
  const inPage = (predicate: (arg: string | null) => boolean, arg: string | null, ms = 2000) =>
    page.waitForFunction(predicate, arg, { timeout: ms, polling: 50 });

  beforeAll(async () => {
    ctx = await startPortalContext();
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    plenary = await createSession({
      type: 'plenary',
      title: { en: 'Plenary', fr: 'Séance plénière' },
      roomId: m.rooms[0].id,
      startsAt: `${DAY}T10:00`,
      endsAt: `${DAY}T13:00`,
      agendaItemIds: [m.agendaItems[0].id],
    });
    contact = await createSession({
      type: 'contact-group',
      title: { en: 'Contact group on mercury waste' },
      roomId: m.rooms[1].id,
      startsAt: `${DAY}T10:00`,
      endsAt: `${DAY}T13:00`,
      agendaItemIds: [m.agendaItems[1].id],
    });
    browser = await launchChromium();
    // A delegate's laptop still on New York time: the schedule must still show Geneva times.
    context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('keeps the JavaScript bundle small (no zod, well under 150 KB gzipped)', () => {
    const assets = join(PORTAL_DIR, 'assets');
    // What the schedule page loads: the scripts index.html names (entry and modulepreloads).
    // Chunks loaded on demand (the live page and its hls.js) are not part of it.
    const html = readFileSync(join(PORTAL_DIR, 'index.html'), 'utf8');
    const js = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
    expect(js.length).toBeGreaterThan(0);
    const code = js.map((f) => readFileSync(join(assets, f))).reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0));
    expect({ hlsInScheduleBundle: code.toString().includes('audioTrackController') }).toEqual({ hlsInScheduleBundle: false });
    expect(gzipSync(code).length).toBeLessThan(100 * 1024);
    // The portal imports only the zod-free contract files (feed, languages, types of the others); if zod shows up, one of those
    // (or a module it imports values from) has started importing zod at runtime.
    expect({ zodInBundle: code.toString().includes('ZodError') }).toEqual({ zodInBundle: false });
  });

  it('renders the day in the venue time zone, with the meeting header and day tabs', async () => {
    await page.goto(`${api.url}/meetings/${m.code}/schedule?day=${DAY}`);
    await session(plenary.id).waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe(`Test meeting ${m.code}`);
    await expect(page.locator('.meeting-venue').textContent()).resolves.toContain('CICG, Geneva');
    expect(await session(plenary.id).locator('.session-time').textContent()).toBe('10:00–13:00');
    expect(await session(contact.id).locator('.session-time').textContent()).toBe('10:00–13:00');
    expect(await session(plenary.id).locator('.session-title').textContent()).toContain('Plenary');
    expect(await session(plenary.id).locator('.session-meta').textContent()).toMatch(/Plenary.*Room 1.*Agenda item 1/);
    expect(await session(contact.id).locator('.session-meta').textContent()).toMatch(/Contact group.*Room 2.*Agenda item 4 \(a\)/);
    expect(await session(plenary.id).getAttribute('data-status')).toBe('scheduled');
    // Five days, Tuesday selected.
    const tabs = page.getByRole('tab');
    expect(await tabs.count()).toBe(5);
    expect(await page.getByRole('tab', { selected: true }).getAttribute('data-day')).toBe(DAY);
    // The venue's time is the default; the viewer's own time is in the tooltip.
    expect(await session(plenary.id).locator('.session-time').getAttribute('title')).toContain('04:00–07:00');
    await inPage(() => document.querySelector('.conn')?.textContent === 'Live', null, 5000);
  });

  it('shows a moved and renamed session without a reload, within 2 s, marked as changed', async () => {
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
    plenary = await patch(plenary, { startsAt: `${DAY}T15:00`, endsAt: `${DAY}T18:00`, title: { en: 'Plenary (resumed)' } });
    await inPage(
      (id) => {
        const el = document.querySelector(`[data-session-id="${id}"]`);
        return (
          !!el &&
          el.querySelector('.session-time')?.textContent === '15:00–18:00' &&
          !!el.querySelector('.session-title')?.textContent?.includes('Plenary (resumed)')
        );
      },
      plenary.id,
      2000,
    );
    expect(await session(plenary.id).getAttribute('class')).toContain('changed');
    expect(await session(plenary.id).textContent()).toContain('Updated');
    // Same document (no reload), re-sorted after the contact group, announced to screen readers.
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    expect(await listedIds()).toEqual([contact.id, plenary.id]);
    await inPage(() => !!document.querySelector('[data-announcer]')?.textContent?.includes('Plenary (resumed) moved to 15:00'), null, 3000);
    // The highlight fades after a few seconds.
    await inPage((id) => !document.querySelector(`[data-session-id="${id}"]`)?.classList.contains('changed'), plenary.id, 5000);
  });

  it('shows a cancelled session as Cancelled (struck through, not by colour alone)', async () => {
    const res = await call(api, 'DELETE', `/api/meetings/${m.code}/sessions/${contact.id}`, {
      token: sec.token,
      headers: { 'if-match': `"${contact.revision}"` },
    });
    expect(res.status).toBe(200);
    contact = res.body;
    await inPage((id) => document.querySelector(`[data-session-id="${id}"]`)?.getAttribute('data-status') === 'cancelled', contact.id);
    expect(await session(contact.id).locator('.status').textContent()).toBe('Cancelled');
    expect(
      await session(contact.id)
        .locator('.session-title-text')
        .evaluate((e) => getComputedStyle(e).textDecorationLine),
    ).toContain('line-through');
  });

  it('adds a new session in time order, and moves one to another day’s tab', async () => {
    const lunch = await createSession({
      type: 'side-event',
      title: { en: 'Side event: mercury-free dentistry' },
      roomId: m.rooms[1].id,
      startsAt: `${DAY}T13:15`,
      endsAt: `${DAY}T14:45`,
    });
    await session(lunch.id).waitFor({ timeout: 2000 });
    expect(await session(lunch.id).locator('.session-time').textContent()).toBe('13:15–14:45');
    expect(await listedIds()).toEqual([contact.id, lunch.id, plenary.id]);

    await patch(lunch, { startsAt: '2025-11-05T13:15', endsAt: '2025-11-05T14:45' });
    await session(lunch.id).waitFor({ state: 'detached', timeout: 2000 });
    expect(await page.locator('[data-day="2025-11-05"] .day-tab-count').textContent()).toBe('1 session');
    await page.locator('[data-day="2025-11-05"]').click();
    await session(lunch.id).waitFor({ timeout: 2000 });
    expect(page.url()).toContain('day=2025-11-05');
    // Arrow keys move between days (ARIA tabs).
    await page.keyboard.press('ArrowLeft');
    await inPage(
      (day) => document.activeElement?.getAttribute('data-day') === day && document.activeElement?.getAttribute('aria-selected') === 'true',
      DAY,
    );
    expect(page.url()).toContain(`day=${DAY}`);
  });

  it('switches to the viewer’s own time zone on request', async () => {
    await page.getByRole('switch', { name: 'Show my local time' }).check();
    expect(await session(plenary.id).locator('.session-time').textContent()).toBe('09:00–12:00');
    expect(await page.locator('#zone-note').textContent()).toContain('New York');
    expect(await session(plenary.id).locator('.session-time').getAttribute('title')).toContain('15:00–18:00');
    await page.getByRole('switch', { name: 'Show my local time' }).uncheck();
    expect(await session(plenary.id).locator('.session-time').textContent()).toBe('15:00–18:00');
  });

  it('catches up after the connection drops: "Reconnecting…", then the change made meanwhile, once', async () => {
    const ns = (api.app.get(FeedGateway) as unknown as { ns: Namespace }).ns;
    expect(ns).toBeDefined();
    // Cut every browser connection at the transport, as lost Wi-Fi would.
    for (const s of ns.sockets.values()) s.conn.close();
    await inPage(() => document.querySelector('.conn')?.textContent === 'Reconnecting…', null, 2000);
    plenary = await patch(plenary, { title: { en: 'Plenary (continued)' } });
    await inPage(() => document.querySelector('.conn')?.textContent === 'Live', null, 10_000);
    await inPage(
      (id) => !!document.querySelector(`[data-session-id="${id}"] .session-title`)?.textContent?.includes('Plenary (continued)'),
      plenary.id,
      3000,
    );
    expect(await page.locator(`[data-session-id="${plenary.id}"]`).count()).toBe(1);
  });

  it('shows titles in the chosen language, falling back to English', async () => {
    await page.goto(`${api.url}/meetings/${m.code}/schedule?day=${DAY}&lang=fr`);
    await session(contact.id).waitFor();
    expect(await session(contact.id).locator('.session-title-text').textContent()).toBe('Contact group on mercury waste');
    expect(await session(contact.id).locator('.session-title-text').getAttribute('lang')).toBe('en');
    expect(await session(contact.id).locator('.status').textContent()).toBe('Annulée');
    await page.goto(`${api.url}/meetings/${m.code}/schedule?day=${DAY}&lang=en`);
    await session(contact.id).waitFor();
  });

  it('says clearly when there is no such meeting', async () => {
    const code = `no-such-${tag()}`;
    await page.goto(`${api.url}/meetings/${code}/schedule?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Meeting not found' }).waitFor({ timeout: 5000 });
    expect(await page.locator('main').textContent()).toContain(`No meeting with code ${code}.`);
  });
});
