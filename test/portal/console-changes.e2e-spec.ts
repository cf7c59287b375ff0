import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SessionDto } from '@cop/contracts';
import { expectAccessible } from '../support/axe';
import { type TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, db, eventually, type RunningApi } from '../support/harness';
import { launchChromium, signedInContext, startPortalContext } from '../support/portal';

const DAY = '2025-11-03';
jest.setTimeout(90_000);

/**
 * The console's reasons, undo and "changes today" with who made them, in real Chromium: a
 * session cancelled with a reason (shown on an observer's schedule and session page), a
 * session's last change undone from the panel, and the day's list naming the editor.
 */
describe('schedule console: reasons, undo, who changed what (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;
  let browser: Browser;
  let secContext: BrowserContext;
  let page: Page;

  const base = () => `/api/meetings/${m.code}`;
  const session = async (id: string): Promise<SessionDto> =>
    (await call(api, 'GET', `${base()}/sessions/${id}`, { token: sec.token })).body;
  const add = (title: string, room: number, from: string, to: string) =>
    ctx.newSession(m.code, {
      type: 'committee',
      title: { en: title },
      roomId: m.rooms[room].id,
      startsAt: `${DAY}T${from}`,
      endsAt: `${DAY}T${to}`,
    });
  const openConsole = async () => {
    await page.goto(`${api.url}/console/${m.code}/schedule?day=${DAY}`);
    await page.locator('.cs-grid').waitFor();
  };
  const block = (id: string) => page.locator(`#cs-session-${id}`);

  beforeAll(async () => {
    ctx = await startPortalContext();
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    browser = await launchChromium();
    secContext = await signedInContext(browser, sec);
  }, 120_000);
  beforeEach(async () => {
    page = await secContext.newPage();
  });
  afterEach(async () => {
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it("cancels with a reason that an observer's schedule and the session page show", async () => {
    const s = await add('Budget contact group', 0, '09:00', '10:00');
    const observer = await ctx.newAccount('observer');
    const other = await signedInContext(browser, observer);
    try {
      const watch = await other.newPage();
      await watch.goto(`${api.url}/meetings/${m.code}/schedule?day=${DAY}`);
      await watch.locator(`.session[data-session-id="${s.id}"]`).waitFor();

      await openConsole();
      await block(s.id).click();
      await page.locator('#cs-reason').waitFor();
      await page.locator('main:not([aria-busy])').waitFor();
      await expectAccessible(page, { name: 'schedule console (edit panel with reason)' });
      await page.fill('#cs-reason', 'Room flooded');
      await page.getByRole('button', { name: 'Cancel the session' }).click();
      await eventually(async () => (await session(s.id)).status === 'cancelled', 5000, 'cancelled');
      expect((await session(s.id)).statusReason).toBe('Room flooded');

      // Live on the observer's schedule, without a reload.
      const row = watch.locator(`.session[data-session-id="${s.id}"]`, { hasText: 'Cancelled: Room flooded' });
      await row.waitFor({ timeout: 10_000 });
      await watch.goto(`${api.url}/meetings/${m.code}/sessions/${s.id}`);
      await watch.getByText('Cancelled: Room flooded').first().waitFor();
    } finally {
      await other.close();
    }
  });

  it('undoes the last change of a session from its panel, whoever made it', async () => {
    const s = await add('Technical briefing', 0, '11:00', '12:00');
    // Another editor moves it (not in this browser).
    const moved = await ctx.updateSession(m.code, s, { roomId: m.rooms[1].id, startsAt: `${DAY}T15:00`, endsAt: `${DAY}T16:00` });
    expect(moved.room.id).toBe(m.rooms[1].id);
    await openConsole();
    await block(s.id).click();
    await page.getByRole('button', { name: 'Undo its last change' }).click();
    await eventually(async () => (await session(s.id)).room.id === m.rooms[0].id, 5000, 'undone');
    expect((await session(s.id)).startsAt).toBe(s.startsAt);
    await page.locator('[data-announcer]', { hasText: 'Technical briefing: change undone.' }).waitFor();
  });

  it("lists today's changes with who made them", async () => {
    const [{ display_name }] = await (
      await db()
    ).query<{ display_name: string }[]>('SELECT display_name FROM app_user WHERE email = $1', [sec.email]);
    const s = await add('Press conference', 1, '08:00', '08:30');
    await openConsole();
    await page
      .locator('.cs-today li', { hasText: 'Press conference added' })
      .filter({ hasText: `by ${display_name}` })
      .waitFor();
    // A change made while the console is open shows at once, then with its editor.
    await ctx.updateSession(m.code, s, { title: { en: 'Press conference (moved)' } });
    await page
      .locator('.cs-today li', { hasText: 'Press conference (moved) changed' })
      .filter({ hasText: `by ${display_name}` })
      .waitFor();
  });
});
