import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, eventually, type RunningApi } from '../support/harness';
import { makePdf } from '../support/documents';
import { launchChromium, signedInContext, startPortalContext } from '../support/portal';

const DAY = '2025-11-04';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Created {
  id: string;
  revision: number;
}

/**
 * The portal without network, in real Chromium against the real API: the service worker
 * installs and takes control, the schedule and a downloaded participants-only document stay
 * readable offline (after a reload too), changes made meanwhile arrive through the change feed
 * once the network is back — none missed, none twice, no reload — and signing out forgets
 * what was saved for the account. `context.setOffline` cuts the page and its service worker;
 * the test process still reaches the API to change the schedule meanwhile.
 */
describe('portal offline (service worker, browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let m: MeetingFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let plenary: Created;
  let contact: Created;
  let closed: Created;
  const crp = makePdf(['Draft decision on mercury waste', 'Annex: thresholds']);
  const inf = makePdf(['Information note never downloaded']);
  const schedule = () => `${api.url}/meetings/${m.code}/schedule?day=${DAY}`;

  const createSession = (body: Record<string, unknown>): Promise<Created> => ctx.newSession(m.code, body);
  const patch = (s: Created, body: Record<string, unknown>): Promise<Created> => ctx.updateSession(m.code, s, body);
  const publish = (symbol: string, title: string, file: Buffer, distribution: string) =>
    ctx.newDocument(m.code, { symbol, title, distribution, agendaItemIds: [m.agendaItems[0].id] }, file);
  /** Waits (at most `ms`) until `predicate` holds in the page. */
  const inPage = (predicate: (arg: string | null) => boolean, arg: string | null, ms = 5000) =>
    page.waitForFunction(predicate, arg, { timeout: ms, polling: 50 });
  const connIs = (text: string, ms = 5000) => inPage((want) => document.querySelector('.conn')?.textContent === want, text, ms);
  const title = (id: string) => page.locator(`[data-session-id="${id}"] .session-title-text`).textContent();
  const listedIds = () => page.locator('.session-list > li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.sessionId));
  /** Whether this device keeps the document with this hash (the page asks the Cache API itself). */
  const kept = (hash: string) => page.evaluate(async (h) => !!(await caches.match(`/__offline/documents/${h}`)), hash);
  const download = async (symbol: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.locator(`[data-symbol="${symbol}"] [data-download="en"]`).first().click(),
    ]);
    return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
  };

  beforeAll(async () => {
    ctx = await startPortalContext();
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    delegate = await ctx.newParticipant(m.code);
    const room = m.rooms[0].id;
    plenary = await createSession({
      type: 'plenary',
      title: { en: 'Plenary' },
      roomId: room,
      startsAt: `${DAY}T10:00`,
      endsAt: `${DAY}T13:00`,
    });
    contact = await createSession({
      type: 'contact-group',
      title: { en: 'Contact group on mercury waste' },
      roomId: m.rooms[1].id,
      startsAt: `${DAY}T15:00`,
      endsAt: `${DAY}T18:00`,
    });
    closed = await createSession({
      type: 'bureau',
      title: { en: 'Bureau briefing (participants only)' },
      roomId: room,
      startsAt: `${DAY}T08:00`,
      endsAt: `${DAY}T09:00`,
      visibility: 'participants',
    });
    await publish('UNEP/MC/COP.6/CRP.3', 'Draft decision on mercury waste', crp, 'participants');
    await publish('UNEP/MC/COP.6/INF/9', 'Information note', inf, 'public');
    browser = await launchChromium();
    context = await signedInContext(browser, delegate, { acceptDownloads: true });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('serves /sw.js uncached and the hashed build files as immutable', async () => {
    const sw = await fetch(`${api.url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const code = await sw.text();
    const asset = /"(\/assets\/index-[^"]+\.js)"/.exec(code)?.[1];
    expect(asset).toBeDefined();
    expect(code).toContain('"/index.html"');
    expect({ sourceMapsPrecached: code.includes('.js.map') }).toEqual({ sourceMapsPrecached: false });
    expect((await fetch(`${api.url}${asset}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('installs the service worker, which takes control of the schedule page and precaches the app shell', async () => {
    await page.goto(schedule());
    await page.locator(`[data-session-id="${closed.id}"]`).waitFor();
    await connIs('Live');
    await inPage(() => !!navigator.serviceWorker.controller, null, 20_000);
    const shell = await page.evaluate(async () => {
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => n.startsWith('cop-shell-'))!);
      return { names, files: (await cache.keys()).map((r) => new URL(r.url).pathname) };
    });
    // What this first visit fetched before the worker took control is fetched again, and saved.
    const path = `/api/meetings/${m.code}/sessions`;
    await eventually(
      () => page.evaluate((p) => caches.match(p, { cacheName: 'cop-data-v1', ignoreVary: true }).then(Boolean), path),
      10_000,
      'the sessions saved',
    );
    expect(shell.files).toEqual(expect.arrayContaining(['/index.html', '/favicon.svg']));
    expect(shell.files.some((f) => /^\/assets\/documents-.*\.js$/.test(f))).toBe(true);
  });

  it('reloaded offline, shows the saved schedule with "offline — as of HH:MM"', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.locator(`[data-session-id="${closed.id}"]`).waitFor({ timeout: 10_000 });
    expect(await listedIds()).toEqual([closed.id, plenary.id, contact.id]);
    await inPage(() => !(document.querySelector('.offline-note') as HTMLElement | null)?.hidden, null);
    expect(await page.locator('.offline-note').textContent()).toMatch(/^Offline — showing the schedule as of \d\d:\d\d\.$/);
    expect(await page.locator('.offline-banner').textContent()).toContain('You are offline.');
    expect(await page.locator('.conn').textContent()).not.toBe('Live');
  });

  it('after the reload offline, catches up from the change feed once the network is back: nothing missed, nothing twice', async () => {
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    plenary = await patch(plenary, { title: { en: 'Plenary (resumed)' } });
    const lunch = await createSession({
      type: 'side-event',
      title: { en: 'Side event: mercury-free dentistry' },
      roomId: m.rooms[1].id,
      startsAt: `${DAY}T13:15`,
      endsAt: `${DAY}T14:45`,
    });
    const cancelled = await call(api, 'DELETE', `/api/meetings/${m.code}/sessions/${contact.id}`, {
      token: sec.token,
      headers: { 'if-match': `"${contact.revision}"` },
    });
    expect(cancelled.status).toBe(200);
    contact = cancelled.body;
    // Still offline: the page cannot know yet.
    await new Promise((r) => setTimeout(r, 500));
    expect(await title(plenary.id)).toBe('Plenary');

    await context.setOffline(false);
    await connIs('Live', 15_000);
    await inPage((id) => document.querySelector(`[data-session-id="${id}"]`)?.getAttribute('data-status') === 'cancelled', contact.id);
    expect(await title(plenary.id)).toBe('Plenary (resumed)');
    expect(await listedIds()).toEqual([closed.id, plenary.id, lunch.id, contact.id]);
    expect(await page.locator('.offline-note').isHidden()).toBe(true);
    expect(await page.locator('.offline-banner').textContent()).toBe('');
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  });

  it('with the page open, shows the schedule as of when the network went, and the changes made meanwhile when it is back', async () => {
    await context.setOffline(true);
    await connIs('Reconnecting…');
    await inPage(() => !(document.querySelector('.offline-note') as HTMLElement | null)?.hidden, null);
    expect(await page.locator('.offline-note').textContent()).toMatch(/^Offline — showing the schedule as of \d\d:\d\d\.$/);
    plenary = await patch(plenary, { title: { en: 'Plenary (continued)' }, startsAt: `${DAY}T09:00`, endsAt: `${DAY}T12:00` });
    const late = await createSession({
      type: 'plenary',
      title: { en: 'Closing plenary' },
      roomId: m.rooms[0].id,
      startsAt: `${DAY}T19:00`,
      endsAt: `${DAY}T20:00`,
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.locator(`[data-session-id="${late.id}"]`).count()).toBe(0);

    await context.setOffline(false);
    await connIs('Live', 15_000);
    await page.locator(`[data-session-id="${late.id}"]`).waitFor({ timeout: 5000 });
    expect(await title(plenary.id)).toBe('Plenary (continued)');
    const ids = await listedIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(5);
    expect(await page.locator('.offline-note').isHidden()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  });

  it('opens a participants-only document downloaded online again offline, byte for byte; says so for one never downloaded', async () => {
    await page.goto(`${api.url}/meetings/${m.code}/documents`);
    await page.locator('[data-symbol="UNEP/MC/COP.6/CRP.3"]').waitFor({ timeout: 10_000 });
    const online = await download('UNEP/MC/COP.6/CRP.3');
    expect(online.bytes.equals(crp)).toBe(true);
    // The service worker keeps it (checked against its SHA-256) as the download goes through.
    await eventually(() => kept(sha256(crp)), 5000, 'the document kept by the service worker');
    expect(await kept(sha256(inf))).toBe(false);

    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-symbol="UNEP/MC/COP.6/CRP.3"]').waitFor({ timeout: 10_000 });
    const offline = await download('UNEP/MC/COP.6/CRP.3');
    expect(offline.name).toBe(online.name);
    expect(offline.bytes.equals(crp)).toBe(true);

    await page.locator('[data-symbol="UNEP/MC/COP.6/INF/9"] [data-download="en"]').first().click();
    await inPage(
      () => [...document.querySelectorAll('[data-toast]')].some((e) => e.textContent?.includes('was not downloaded on this device before')),
      null,
    );
    await context.setOffline(false);
  });

  it('forgets the saved documents and the account’s saved answers on sign-out', async () => {
    await page.goto(schedule());
    await page.locator(`[data-session-id="${closed.id}"]`).waitFor();
    await connIs('Live');
    const savedClosedSession = () =>
      page.evaluate(async (text) => {
        const cache = await caches.open('cop-data-v1');
        for (const request of await cache.keys()) if ((await (await cache.match(request))!.text()).includes(text)) return true;
        return false;
      }, 'Bureau briefing');
    expect(await savedClosedSession()).toBe(true);
    expect(await kept(sha256(crp))).toBe(true);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    await page.locator(`[data-session-id="${plenary.id}"]`).waitFor();
    expect(await page.locator(`[data-session-id="${closed.id}"]`).count()).toBe(0);
    expect(await kept(sha256(crp))).toBe(false);
    expect(await savedClosedSession()).toBe(false);
  });
});
