import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { StreamDto } from '@cop/contracts';
import { type TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, eventually, tag, type RunningApi } from '../support/harness';
import { ensureSample, MEDIA_DIR } from '../support/media';
import { launchChromium, startPortalContext } from '../support/portal';

// A viewer's click would allow sound; the test has no viewer.
const AUTOPLAY = '--autoplay-policy=no-user-gesture-required';

interface PlayerProbe {
  currentTime: number;
  paused: boolean;
  mode: string | null;
  trackLang: string | null;
  trackName: string | null;
  tracks: string[];
}

describe('live player (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;
  let stream: StreamDto;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const livePath = () => `/meetings/${m.code}/live`;

  /** What the page's player is doing, read from the media element and hls.js itself. */
  const probe = (p: Page = page): Promise<PlayerProbe> =>
    p.evaluate(() => {
      const media = document.querySelector<HTMLMediaElement>('.player-host video, .player-host audio');
      const hls = (
        window as unknown as { __copPlayer?: { engine: { audioTracks: { lang?: string; name: string }[]; audioTrack: number } | null } }
      ).__copPlayer?.engine;
      const track = hls && hls.audioTrack >= 0 ? hls.audioTracks[hls.audioTrack] : null;
      return {
        currentTime: media?.currentTime ?? -1,
        paused: media?.paused ?? true,
        mode: media?.dataset.mode ?? null,
        trackLang: track?.lang ?? null,
        trackName: track?.name ?? null,
        tracks: hls ? hls.audioTracks.map((t) => t.name) : [],
      };
    });
  const playsPast = async (seconds: number, p: Page = page, ms = 15_000) =>
    p.waitForFunction(
      (s) => (document.querySelector<HTMLMediaElement>('.player-host video, .player-host audio')?.currentTime ?? 0) > s,
      seconds,
      { timeout: ms, polling: 100 },
    );
  const setStatus = async (body: Record<string, unknown>, id = stream.id) => {
    const res = await call(api, 'PATCH', `/api/meetings/${m.code}/streams/${id}/status`, { token: sec.token, body });
    expect(res.status).toBe(200);
    return res.body as StreamDto;
  };
  const createStream = (name: string, dir: string) => ctx.newStream(m.code, { name, roomId: m.rooms[0].id, media: `/media/${dir}` });

  beforeAll(async () => {
    ensureSample();
    ctx = await startPortalContext({ MEDIA_DIR });
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    const session = await ctx.newSession(m.code, {
      type: 'plenary',
      title: { en: 'Plenary' },
      roomId: m.rooms[0].id,
      startsAt: '2025-11-04T10:00',
      endsAt: '2025-11-04T13:00',
    });
    stream = await createStream('Plenary — Room 1', 'vod');
    stream = await setStatus({ status: 'live', sessionId: session.id, agendaItemId: m.agendaItems[0].id });
    browser = await launchChromium([AUTOPLAY]);
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('plays the plenary: the video advances, with the channels named in their own scripts', async () => {
    await page.goto(`${api.url}${livePath()}?lang=en`);
    await page.locator('.player-host video').waitFor({ timeout: 10_000 });
    await playsPast(1.5);
    const p = await probe();
    expect(p.mode).toBe('video');
    expect(p.paused).toBe(false);
    expect(p.tracks).toEqual(['Floor', 'العربية', '中文', 'English', 'Français', 'Русский', 'Español']);
    expect(p.trackName).toBe('Floor');
    const options = await page
      .locator('#channel-select option')
      .evaluateAll((els) => els.map((e) => [(e as HTMLOptionElement).value, e.textContent, e.getAttribute('lang')]));
    expect(options).toEqual([
      ['floor', 'Floor', null],
      ['ar', 'العربية', 'ar'],
      ['zh', '中文', 'zh'],
      ['en', 'English', 'en'],
      ['fr', 'Français', 'fr'],
      ['ru', 'Русский', 'ru'],
      ['es', 'Español', 'es'],
    ]);
    expect(await page.locator('h1 .stream-status').textContent()).toBe('Live');
    expect(await page.locator('.now-item').textContent()).toContain('Agenda item 1');
    expect(await page.locator('.on-air').textContent()).toContain('Plenary');
    // The schedule shows the session on air as Live (its own status, set with the stream's).
    const schedule = await context.newPage();
    await schedule.goto(`${api.url}/meetings/${m.code}/schedule?day=2025-11-04`);
    await schedule.locator('[data-status="live"] .status-live').waitFor({ timeout: 5000 });
    expect(await schedule.locator('[data-status="live"] .status-live').textContent()).toBe('Live');
    await schedule.close();
  });

  it('switches to French without restarting playback; hls.js reports the French track active', async () => {
    await page.evaluate(() => ((document.querySelector('.player-host video') as HTMLVideoElement & { marker?: string }).marker = 'same'));
    const before = (await probe()).currentTime;
    await page.selectOption('#channel-select', 'fr');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.player-host')?.dataset.channel === 'fr', null, {
      timeout: 10_000,
    });
    const p = await probe();
    expect(p.trackLang).toBe('fr');
    expect(p.trackName).toBe('Français');
    // Same element, same timeline: it went on from where it was.
    expect(p.currentTime).toBeGreaterThanOrEqual(before);
    await playsPast(p.currentTime + 1.5);
    expect(await page.evaluate(() => (document.querySelector('.player-host video') as HTMLVideoElement & { marker?: string }).marker)).toBe(
      'same',
    );
    expect((await probe()).paused).toBe(false);
  });

  it('remembers the choice: a new visit starts in French', async () => {
    await page.reload();
    await page.locator('.player-host video').waitFor();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.player-host')?.dataset.channel === 'fr', null, {
      timeout: 10_000,
    });
    expect((await probe()).trackLang).toBe('fr');
    expect(await page.locator('#channel-select').inputValue()).toBe('fr');
  });

  it('shows "now in plenary" changes as they are made', async () => {
    await setStatus({ agendaItemId: m.agendaItems[1].id });
    await page.waitForFunction(() => document.querySelector('.now-item')?.textContent?.includes('Agenda item 4 (a)'), null, {
      timeout: 3000,
    });
    expect(await page.locator('.now-title').textContent()).toBe('Item 4 (a)');
  });

  it('audio-only mode plays the channel’s audio playlist and fetches no video at all', async () => {
    await page.locator('#audio-only').check();
    await page.locator('.player-host audio').waitFor();
    // A fresh visit with audio-only remembered: every request it makes is recorded.
    const fresh = await context.newPage();
    const requests: string[] = [];
    fresh.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await fresh.goto(`${api.url}${livePath()}`);
    await fresh.locator('.player-host audio').waitFor({ timeout: 10_000 });
    await playsPast(1.5, fresh);
    expect((await probe(fresh)).mode).toBe('audio');
    const media = requests.filter((u) => u.startsWith('/media/'));
    expect(media).toContain('/media/vod/fr/index.m3u8');
    expect(media.some((u) => u.startsWith('/media/vod/fr/seg_'))).toBe(true);
    expect(media.filter((u) => u.includes('/video/') || u.endsWith('master.m3u8'))).toEqual([]);
    expect(await fresh.locator('video').count()).toBe(0);
    await fresh.close();
    await page.locator('#audio-only').uncheck();
    await page.locator('.player-host video').waitFor();
  });

  it('shows the stream as ended, then offline, with one status wherever it is shown', async () => {
    // The session stays named on the stream: "On air" must still go with the broadcast.
    await setStatus({ status: 'ended' });
    await page.waitForFunction(() => document.querySelector('main')?.dataset.liveState === 'ended', null, { timeout: 3000, polling: 20 });
    expect(await page.locator('.player-message-title').textContent()).toBe('The stream has ended');
    expect(await page.locator('h1 .stream-status').textContent()).toBe('Ended');
    expect(await page.locator('.on-air').isHidden()).toBe(true);
    expect(await page.locator('.player-host video').count()).toBe(0);
    await setStatus({ status: 'scheduled', sessionId: null });
    // The test meeting's sessions are all in the past: nothing is coming up in this room.
    await page.waitForFunction(() => document.querySelector('main')?.dataset.liveState === 'offline', null, { timeout: 3000 });
    expect(await page.locator('.player-message').textContent()).toContain('Offline');
    // Not "Scheduled" in the heading beside "Offline" on the stage.
    expect(await page.locator('h1 .stream-status').textContent()).toBe('Offline');
  });

  it('says when the stream cannot be loaded, and keeps retrying on its own', async () => {
    const broken = await createStream(`Broken ${tag()}`, `missing-${tag()}`);
    await setStatus({ status: 'live' }, broken.id);
    const tries: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/media/missing-')) tries.push(r.url());
    });
    await page.goto(`${api.url}${livePath()}?stream=${broken.id}`);
    await page.waitForFunction(() => document.querySelector('main')?.dataset.liveState === 'error', null, { timeout: 15_000 });
    expect(await page.locator('.player-error').textContent()).toMatch(/could not be loaded\. Trying again in \d+ s/);
    const first = tries.length;
    // The player retries on its own 2-4 s after an error; wait for that request, not a fixed time.
    await eventually(() => tries.length > first, 15_000, 'a retry of the stream');
    expect(tries.length).toBeGreaterThan(first);
  });

  it('lets the secretariat control the stream from the console', async () => {
    const secretariat = await context.newPage();
    await secretariat.goto(`${api.url}/meetings/${m.code}/schedule`);
    await secretariat.evaluate(
      ({ token }) => {
        localStorage.setItem('cop.token', token);
        localStorage.setItem('cop.user', JSON.stringify({ email: 'sec@test', role: 'secretariat' }));
      },
      { token: sec.token },
    );
    await secretariat.goto(`${api.url}/console/${m.code}/streams?stream=${stream.id}`);
    await secretariat.locator('#control-status').waitFor();
    await secretariat.selectOption('#control-status', 'live');
    await secretariat.selectOption('#control-item', m.agendaItems[0].id);
    await secretariat.getByRole('button', { name: 'Apply' }).click();
    await secretariat.waitForFunction(() => !!document.querySelector('.control-result')?.textContent, null, { timeout: 5000 });
    expect(await secretariat.locator('.control-result').textContent()).toBe('Done.');
    // The console words what viewers see as the live page does.
    expect(await secretariat.locator('.control-viewers').textContent()).toBe('Viewers now see: Live');
    const now = await call(api, 'GET', `/api/meetings/${m.code}/streams/${stream.id}`);
    expect(now.body).toMatchObject({ status: 'live', agendaItem: { id: m.agendaItems[0].id } });
    // The player and the controls stay in their column, clear of the side card.
    await secretariat.locator('.player-host video').waitFor({ timeout: 10_000 });
    const box = async (sel: string) => (await secretariat.locator(sel).boundingBox())!;
    for (const width of [1280, 1024, 880]) {
      await secretariat.setViewportSize({ width, height: 900 });
      const aside = await box('.live-aside');
      const overlaps: string[] = [];
      for (const sel of ['.player-box', '.stream-control']) {
        const b = await box(sel);
        if (b.x + b.width > aside.x + 1) overlaps.push(`${sel} at ${width} px`);
      }
      expect(overlaps).toEqual([]);
    }
    await secretariat.close();
  });
});
