import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Namespace } from 'socket.io';
import type { SessionDto, StreamDto } from '@cop/contracts';
import { FeedGateway } from '../../apps/api/src/feed/feed.gateway';
import { makePdf } from '../support/documents';
import { type TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, tag, type RunningApi } from '../support/harness';
import { launchChromium, PORTAL_DIR, signedInContext, startPortalContext } from '../support/portal';

const ZONE = 'Europe/Zurich';
const HOUR = 3600_000;
/** A whole minute, so the times the page shows are exact. */
const at = (offsetMs: number) => new Date(Math.floor((Date.now() + offsetMs) / 60_000) * 60_000);
const dayIn = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const clock = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/**
 * The meeting overview and the session page in real Chromium against the real API: now and
 * next by the clock, the live banner, the latest documents, agenda items with their documents,
 * all following the change feed; deep links; clear pages for what does not exist.
 */
describe('portal overview and session pages (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let current: SessionDto;
  let next: SessionDto;
  let later: SessionDto;
  let closed: SessionDto;
  let stream: StreamDto;

  const base = () => `/api/meetings/${m.code}`;
  const createSession = (body: Record<string, unknown>) => ctx.newSession(m.code, body);
  /** PATCH (or DELETE, to cancel) with the session's current revision. */
  const change = async (s: SessionDto, method: 'PATCH' | 'DELETE', body?: Record<string, unknown>): Promise<SessionDto> => {
    const now = await call(api, 'GET', `${base()}/sessions/${s.id}`, { token: sec.token });
    const res = await call(api, method, `${base()}/sessions/${s.id}`, {
      token: sec.token,
      body,
      headers: { 'if-match': `"${now.body.revision}"` },
    });
    expect(res.status).toBe(200);
    return res.body;
  };
  const setStream = async (body: Record<string, unknown>) => {
    const res = await call(api, 'PATCH', `${base()}/streams/${stream.id}/status`, { token: sec.token, body });
    expect(res.status).toBe(200);
    stream = res.body;
  };
  /** Waits (at most `ms`) until `predicate` holds in the page. */
  const inPage = (predicate: (arg: string | null) => boolean, arg: string | null, ms = 3000) =>
    page.waitForFunction(predicate, arg, { timeout: ms, polling: 50 });
  const idsIn = (section: string) =>
    page.locator(`${section} [data-session-id]`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.sessionId));

  beforeAll(async () => {
    ctx = await startPortalContext();
    ({ api, sec } = ctx);
    // A meeting under way today at the venue, whatever the day the test runs.
    m = await ctx.newMeeting({
      rooms: ['Plenary hall', 'Room 2'],
      dates: { startDate: dayIn(at(-48 * HOUR)), endDate: dayIn(at(72 * HOUR)) },
    });
    current = await createSession({
      type: 'plenary',
      title: { en: 'Opening plenary', fr: 'Plénière d’ouverture' },
      roomId: m.rooms[0].id,
      startsAt: at(-HOUR).toISOString(),
      endsAt: at(2 * HOUR).toISOString(),
      agendaItemIds: [m.agendaItems[0].id],
    });
    next = await createSession({
      type: 'contact-group',
      title: { en: 'Contact group on mercury waste' },
      roomId: m.rooms[1].id,
      startsAt: at(3 * HOUR).toISOString(),
      endsAt: at(4 * HOUR).toISOString(),
      agendaItemIds: [m.agendaItems[1].id],
    });
    later = await createSession({
      type: 'side-event',
      title: { en: 'Side event on artisanal gold mining' },
      roomId: m.rooms[1].id,
      startsAt: at(26 * HOUR).toISOString(),
      endsAt: at(27 * HOUR).toISOString(),
    });
    closed = await createSession({
      type: 'bureau',
      title: { en: 'Bureau meeting' },
      roomId: m.rooms[1].id,
      startsAt: at(5 * HOUR).toISOString(),
      endsAt: at(6 * HOUR).toISOString(),
      visibility: 'participants',
    });
    stream = await ctx.newStream(m.code, { name: 'Plenary hall', roomId: m.rooms[0].id, media: '/media/none' });
    await ctx.newDocument(
      m.code,
      { symbol: 'UNEP/MC/COP.6/1', title: 'Provisional agenda', agendaItemIds: [m.agendaItems[0].id] },
      makePdf(['Provisional agenda']),
    );
    browser = await launchChromium();
    // A laptop still on New York time: the pages must show the venue's times.
    context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('loads the overview and the session page as chunks of their own: the schedule bundle stays small, without hls.js', () => {
    const assets = join(PORTAL_DIR, 'assets');
    const html = readFileSync(join(PORTAL_DIR, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((x) => readFileSync(join(assets, x[1])));
    const code = Buffer.concat(initial);
    expect({
      homeInInitial: code.includes('data-home-now'),
      sessionInInitial: code.includes('session-agenda-heading'),
      hlsInInitial: code.includes('audioTrackController'),
    }).toEqual({ homeInInitial: false, sessionInInitial: false, hlsInInitial: false });
    expect(gzipSync(code).length).toBeLessThan(150 * 1024);
    for (const name of ['home', 'session']) {
      const chunks = readdirSync(assets).filter((f) => new RegExp(`^${name}-.*\\.js$`).test(f));
      expect(chunks).toHaveLength(1);
      const chunk = readFileSync(join(assets, chunks[0]), 'utf8');
      expect({ name, hls: chunk.includes('audioTrackController'), zod: chunk.includes('ZodError') }).toEqual({
        name,
        hls: false,
        zod: false,
      });
    }
  });

  it('overview: meeting header, now and next in venue time, latest documents and the meeting’s pages', async () => {
    await page.goto(`${api.url}/meetings/${m.code}`);
    await page.locator(`[data-home-now] [data-session-id="${current.id}"]`).waitFor({ timeout: 5000 });
    expect(await page.locator('h1').textContent()).toBe(`Test meeting ${m.code}`);
    expect(await page.locator('.meeting-venue').textContent()).toContain('CICG, Geneva');
    expect(await idsIn('[data-home-now]')).toEqual([current.id]);
    // Time order; the participants-only session is not there for the public.
    expect(await idsIn('[data-home-next]')).toEqual([next.id, later.id]);
    expect(await page.locator(`[data-session-id="${next.id}"] time`).textContent()).toBe(`${clock(next.startsAt)}–${clock(next.endsAt)}`);
    expect(await page.locator(`[data-home-documents] [data-symbol="UNEP/MC/COP.6/1"] .doc-title`).textContent()).toBe('Provisional agenda');
    expect(
      await page.locator(`[data-home-documents] [data-symbol="UNEP/MC/COP.6/1"] a[data-download="en"]`).getAttribute('href'),
    ).toContain('/documents/UNEP-MC-COP.6-1/files/en');
    // No stream on air: no banner.
    expect(await page.locator('[data-home-live]').isHidden()).toBe(true);
    const pages = await page
      .getByRole('navigation', { name: 'Meeting pages' })
      .locator('a.home-page-link')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(pages).toEqual([`/meetings/${m.code}/schedule`, `/meetings/${m.code}/live`, `/meetings/${m.code}/documents`]);
    expect(await page.locator('nav.meeting-nav a[aria-current="page"]').textContent()).toBe('Overview');
    // Landmarks and headings in order: one h1, then h2s.
    const levels = await page.locator('main h1, main h2, main h3').evaluateAll((hs) => hs.map((x) => Number(x.tagName[1])));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).toBeLessThanOrEqual(1);
    await inPage(() => document.querySelector('.conn')?.textContent === 'Live', null, 5000);
  });

  it('overview follows the calendar live: a renamed session, another moved ahead of it, announced', async () => {
    next = await change(next, 'PATCH', { title: { en: 'Contact group on mercury waste (resumed)' } });
    await inPage(
      (id) => !!document.querySelector(`[data-home-next] [data-session-id="${id}"]`)?.textContent?.includes('(resumed)'),
      next.id,
    );
    await inPage(
      () => !!document.querySelector('[data-announcer]')?.textContent?.includes('is now called Contact group on mercury waste (resumed)'),
      null,
    );
    // The side event moves to before the contact group: Next reorders.
    later = await change(later, 'PATCH', { startsAt: at(150 * 60_000).toISOString(), endsAt: at(165 * 60_000).toISOString() });
    await inPage(
      (ids) =>
        [...document.querySelectorAll('[data-home-next] [data-session-id]')].map((e) => (e as HTMLElement).dataset.sessionId).join() ===
        ids,
      `${later.id},${next.id}`,
    );
  });

  it('overview shows the live banner when the stream goes live, with the session on air and the item under consideration', async () => {
    await setStream({ status: 'live', sessionId: current.id, agendaItemId: m.agendaItems[0].id });
    const banner = page.locator('[data-home-live]');
    await banner.waitFor({ state: 'visible', timeout: 3000 });
    expect(await banner.locator('.home-live-session').textContent()).toContain('Opening plenary');
    expect(await banner.locator('.home-live-session a').getAttribute('href')).toBe(`/meetings/${m.code}/sessions/${current.id}`);
    expect(await banner.locator('.home-live-item').textContent()).toContain('Agenda item 1');
    expect(await banner.getByRole('link', { name: 'Watch Plenary hall' }).getAttribute('href')).toBe(
      `/meetings/${m.code}/live?stream=${stream.id}`,
    );
    await inPage(() => !!document.querySelector('[data-announcer]')?.textContent?.includes('Plenary hall is live.'), null);
    // "Now in plenary" moves on: the banner follows.
    await setStream({ agendaItemId: m.agendaItems[1].id });
    await inPage(() => !!document.querySelector('[data-home-live] .home-live-item')?.textContent?.includes('Agenda item 4 (a)'), null);
  });

  it('overview shows a newly published document at the top of the latest documents', async () => {
    await ctx.newDocument(
      m.code,
      { symbol: 'UNEP/MC/COP.6/CRP.1', title: 'Draft decision on mercury waste', agendaItemIds: [m.agendaItems[1].id] },
      makePdf(['Draft decision']),
    );
    await inPage(() => document.querySelector('[data-home-documents] li')?.getAttribute('data-symbol') === 'UNEP/MC/COP.6/CRP.1', null);
    await inPage(() => !!document.querySelector('[data-announcer]')?.textContent?.includes('New: CRP.1 (English)'), null);
  });

  it('overview: after the connection drops, "Reconnecting…", then what changed meanwhile', async () => {
    const ns = (api.app.get(FeedGateway) as unknown as { ns: Namespace }).ns;
    for (const s of ns.sockets.values()) s.conn.close();
    await inPage(() => document.querySelector('.conn')?.textContent === 'Reconnecting…', null);
    current = await change(current, 'DELETE');
    await inPage(() => document.querySelector('.conn')?.textContent === 'Live', null, 10_000);
    await inPage(() => document.querySelector('[data-home-now] .empty')?.textContent === 'No session is under way at the moment.', null);
    // Back on the programme for the tests that follow.
    current = await change(current, 'PATCH', { status: 'scheduled' });
    await page.locator(`[data-home-now] [data-session-id="${current.id}"]`).waitFor({ timeout: 3000 });
  });

  it('session page by deep link: title, venue time, room, agenda items with their documents, on air with now in plenary', async () => {
    await setStream({ status: 'live', sessionId: current.id, agendaItemId: m.agendaItems[0].id });
    const fresh = await context.newPage();
    await fresh.goto(`${api.url}/meetings/${m.code}/sessions/${current.id}`);
    page = fresh;
    await page.locator('[data-agenda-item] [data-symbol="UNEP/MC/COP.6/1"]').first().waitFor({ timeout: 5000 });
    expect(await page.locator('h1').textContent()).toContain('Opening plenary');
    expect(await page.title()).toContain('Opening plenary');
    expect(await page.locator('[data-fact="when"] .session-time').textContent()).toBe(
      `${clock(current.startsAt)}–${clock(current.endsAt)}`,
    );
    expect(await page.locator('[data-fact="room"] dd').textContent()).toBe('Plenary hall');
    expect(await page.locator('[data-fact="type"] dd').textContent()).toBe('Plenary');
    const item = page.locator(`.session-items [data-agenda-item="${m.agendaItems[0].id}"]`);
    expect(await item.locator('h3').textContent()).toContain('Agenda item 1');
    expect(await item.locator('[data-symbol="UNEP/MC/COP.6/1"] a[data-download="en"]').textContent()).toBe('English');
    // On air: the way to the live page, and the item under consideration marked in the agenda.
    expect(await page.getByRole('link', { name: 'Watch live (Plenary hall)' }).getAttribute('href')).toBe(
      `/meetings/${m.code}/live?stream=${stream.id}`,
    );
    expect(await page.locator('.session-now .now-item').textContent()).toContain('Agenda item 1');
    expect(await item.getAttribute('aria-current')).toBe('true');
    // The viewer's own time on request.
    await page.getByRole('switch', { name: 'Show my local time' }).check();
    const ny = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(current.startsAt));
    expect(await page.locator('[data-fact="when"] .session-time').textContent()).toMatch(new RegExp(`^${ny}–`));
    await page.getByRole('switch', { name: 'Show my local time' }).uncheck();
    await inPage(() => document.querySelector('.conn')?.textContent === 'Live', null, 5000);
  });

  it('session page follows live: a document for its item, "now in plenary", a rename and a cancellation', async () => {
    await ctx.newDocument(
      m.code,
      { symbol: 'UNEP/MC/COP.6/INF/2', title: 'List of documents', agendaItemIds: [m.agendaItems[0].id] },
      makePdf(['List of documents']),
    );
    await page.locator('.session-items [data-symbol="UNEP/MC/COP.6/INF/2"]').waitFor({ timeout: 3000 });
    // Now in plenary moves to an item this session does not list: its documents come along.
    await setStream({ agendaItemId: m.agendaItems[1].id });
    await inPage(() => !!document.querySelector('.session-now [data-symbol="UNEP/MC/COP.6/CRP.1"]'), null);
    expect(await page.locator('.session-items [aria-current="true"]').count()).toBe(0);
    current = await change(current, 'PATCH', { title: { en: 'Opening plenary (continued)' } });
    await inPage(() => !!document.querySelector('h1')?.textContent?.includes('Opening plenary (continued)'), null);
    await setStream({ status: 'ended', sessionId: null });
    await inPage(() => !!document.querySelector('.session-on-air')?.hasAttribute('hidden'), null);
    current = await change(current, 'DELETE');
    await inPage(() => document.querySelector('[data-fact="status"] dd')?.textContent === 'Cancelled', null);
    expect(await page.locator('h1 .status').textContent()).toBe('Cancelled');
    await inPage(() => !!document.querySelector('[data-announcer]')?.textContent?.includes('cancelled'), null);
  });

  it('the schedule links each session to its page', async () => {
    await page.goto(`${api.url}/meetings/${m.code}/schedule?day=${next.day}`);
    await page.locator(`[data-session-id="${next.id}"] .session-link`).click();
    await page.waitForURL((u) => u.pathname === `/meetings/${m.code}/sessions/${next.id}`);
    await page.getByRole('heading', { level: 1, name: /Contact group on mercury waste \(resumed\)/ }).waitFor({ timeout: 5000 });
    // The item's documents arrive after the page (one request per agenda item).
    await page
      .locator(`.session-items [data-agenda-item="${m.agendaItems[1].id}"] [data-symbol="UNEP/MC/COP.6/CRP.1"]`)
      .waitFor({ timeout: 5000 });
  });

  it('shows titles in the chosen language, marking those shown in English instead', async () => {
    await page.goto(`${api.url}/meetings/${m.code}/sessions/${next.id}?lang=fr`);
    await page.locator('.session-items [data-symbol="UNEP/MC/COP.6/CRP.1"]').waitFor({ timeout: 5000 });
    // No French title: the English one, said to be English, with the mark.
    expect(await page.locator('h1 .session-title-text').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1 .fallback-mark').getAttribute('title')).toBe(
      'Titre non disponible dans votre langue ; affiché en anglais.',
    );
    expect(await page.locator('[data-fact="type"] dd').textContent()).toBe('Groupe de contact');
    expect(await page.locator('[data-symbol="UNEP/MC/COP.6/CRP.1"] .doc-title .fallback-mark').count()).toBe(1);
    await page.goto(`${api.url}/meetings/${m.code}/sessions/${next.id}?lang=en`);
    await page.locator('h1').waitFor();
    expect(await page.locator('h1 .fallback-mark').count()).toBe(0);
  });

  it('says clearly when there is no such session — and a participants-only one looks the same to an outsider', async () => {
    const notFound = async (path: string) => {
      await page.goto(`${api.url}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Session not found' }).waitFor({ timeout: 5000 });
      return page.locator('main').textContent();
    };
    const unknown = randomUUID();
    expect(await notFound(`/meetings/${m.code}/sessions/${unknown}`)).toContain(`There is no session ${unknown} in TEST`);
    expect(await notFound(`/meetings/${m.code}/sessions/not-a-session`)).toContain('There is no session not-a-session in TEST');
    expect(await notFound(`/meetings/${m.code}/sessions/${closed.id}`)).toContain(`There is no session ${closed.id} in TEST`);
    expect(await page.getByRole('link', { name: 'See the schedule' }).getAttribute('href')).toBe(`/meetings/${m.code}/schedule`);
    // The secretariat sees the participants-only session.
    const secContext = await signedInContext(browser, sec);
    const secPage = await secContext.newPage();
    await secPage.goto(`${api.url}/meetings/${m.code}/sessions/${closed.id}`);
    await secPage.getByRole('heading', { level: 1, name: /Bureau meeting/ }).waitFor({ timeout: 5000 });
    expect(await secPage.locator('[data-fact="access"] dd').textContent()).toBe('Participants only');
    await secContext.close();
  });

  it('says clearly when there is no such meeting, on the overview and on a session page', async () => {
    const code = `no-such-${tag()}`;
    for (const path of [`/meetings/${code}`, `/meetings/${code}/sessions/${randomUUID()}`]) {
      await page.goto(`${api.url}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Meeting not found' }).waitFor({ timeout: 5000 });
      expect(await page.locator('main').textContent()).toContain(`No meeting with code ${code}.`);
    }
  });

  it('signing in leads to where the role works in the meeting under way, or to the page that asked', async () => {
    const signIn = async (user: TestUser, path: string) => {
      const fresh = await browser.newContext({ locale: 'en-GB' });
      const p = await fresh.newPage();
      await p.goto(`${api.url}${path}`);
      await p.locator('#login-email').fill(user.email);
      await p.locator('#login-password').fill(user.password);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.waitForURL((u) => u.pathname !== '/login', { timeout: 5000 });
      const landed = new URL(p.url()).pathname;
      await fresh.close();
      return landed;
    };
    const meetingsOnToday = async () => {
      const list = (await call(api, 'GET', '/api/meetings')).body as {
        code: string;
        startDate: string;
        endDate: string;
        timeZone: string;
      }[];
      const today = (zone: string) =>
        new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
      return list.filter((x) => x.startDate <= today(x.timeZone) && today(x.timeZone) <= x.endDate).map((x) => x.code);
    };
    const landed = await signIn(sec, '/login');
    expect(landed).toMatch(/^\/console\/[^/]+\/schedule$/);
    const code = landed.split('/')[2];
    // This spec's meeting is under way; another spec's may be too, but never one that is not on.
    expect(await meetingsOnToday()).toContain(decodeURIComponent(code));
    const guard = await ctx.newAccount('security');
    expect(await signIn(guard, '/login')).toMatch(/^\/console\/[^/]+\/check-in$/);
    // A page that sent the visitor to sign in gets them back.
    expect(await signIn(sec, `/login?next=${encodeURIComponent(`/meetings/${m.code}/schedule`)}`)).toBe(`/meetings/${m.code}/schedule`);
  });
});
