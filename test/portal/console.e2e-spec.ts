import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SessionDto } from '@cop/contracts';
import { expectAccessible } from '../support/axe';
import { type TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, eventually, type RunningApi } from '../support/harness';
import { launchChromium, signedInContext, startPortalContext } from '../support/portal';

const DAY = '2025-11-03';
jest.setTimeout(90_000);

/**
 * The secretariat's schedule editor in real Chromium against the real API: a session created
 * from a slot, moved by keyboard and by drag, cancelled, a clash saved anyway, a concurrent
 * edit (412) shown field by field and reapplied, an observer's schedule following without a
 * reload, axe on the page, and the forbidden page for anyone else.
 */
describe('schedule console (browser)', () => {
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
    await page.goto(`${api.url}/console/${m.code}/schedule`);
    await page.locator('.cs-grid').waitFor();
  };
  const slot = (room: string, time: string) => page.locator(`.cs-slot[data-room="${room}"][data-time="${time}"]`);
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

  it('is linked from the secretariat navigation and passes axe, with the panel open too', async () => {
    await add('Bureau briefing', 0, '09:00', '10:00');
    await page.goto(`${api.url}/meetings/${m.code}/schedule`);
    // Every tool of the secretariat is in its navigation, not only reachable by address.
    const tools = await page.locator('.role-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(tools).toEqual(['schedule', 'streams', 'documents', 'registrations', 'check-in'].map((tool) => `/console/${m.code}/${tool}`));
    await page.locator('.role-nav').getByRole('link', { name: 'Schedule editor' }).click();
    await page.locator('.cs-grid').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/${m.code}/schedule`);
    await page.locator('main:not([aria-busy])').waitFor();
    await expectAccessible(page, { name: 'schedule console' });
    await slot('Room 2', '12:00').click();
    await page.locator('#cs-panel-title').waitFor();
    await expectAccessible(page, { name: 'schedule console (panel)' });
  });

  it('passes axe in Arabic, right to left', async () => {
    const arabic = await signedInContext(browser, sec, { locale: 'ar' });
    try {
      const p = await arabic.newPage();
      await p.goto(`${api.url}/console/${m.code}/schedule?lang=ar&day=2025-11-04`);
      await p.locator('.cs-grid').waitFor();
      await p.locator('#cs-tab-2025-11-04[aria-selected="true"]').waitFor();
      await p.locator('main:not([aria-busy])').waitFor();
      expect(await p.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await p.getByRole('heading', { level: 1, name: 'محرر الجدول الزمني' }).waitFor();
      await expectAccessible(p, { name: 'schedule console (ar)' });
    } finally {
      await arabic.close();
    }
  });

  it('lists the day on a phone, where a session is added from the list', async () => {
    const phone = await signedInContext(browser, sec, { viewport: { width: 375, height: 740 } });
    try {
      const p = await phone.newPage();
      await p.goto(`${api.url}/console/${m.code}/schedule`);
      await p.locator('.cs-day-list').waitFor();
      expect(await p.locator('.cs-grid-scroll').isVisible()).toBe(false);
      await p.getByRole('button', { name: 'Add a session' }).click();
      await expect(p.evaluate(() => document.activeElement?.id)).resolves.toBe('cs-panel-title');
      await expectAccessible(p, { name: 'schedule console (phone)' });
    } finally {
      await phone.close();
    }
  });

  it('creates a session from an empty slot chosen with the keyboard', async () => {
    await openConsole();
    await slot('Room 1', '11:00').focus();
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('cs-panel-title');
    await page.fill('#cs-title-en', 'Contact group on finance');
    await page.fill('#cs-title-fr', 'Groupe de contact sur le financement');
    await page.fill('#cs-end', '12:30');
    await page.selectOption('#cs-type', 'contact-group');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const made = page.locator('.cs-session', { hasText: 'Contact group on finance' });
    await made.waitFor();
    await expect(made.textContent()).resolves.toContain('11:00–12:30');
    const sessions = (await call(api, 'GET', `${base()}/sessions`, { token: sec.token })).body.sessions as SessionDto[];
    const s = sessions.find((x) => x.title.en === 'Contact group on finance')!;
    expect(s).toMatchObject({ type: 'contact-group', title: { fr: 'Groupe de contact sur le financement' }, room: { name: 'Room 1' } });
    expect(s.startsAt).toBe(`${DAY}T11:00:00+01:00`);
    // Focus returns to the new session in the grid.
    await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === `cs-session-${s.id}`, 5000, 'focus back');
  });

  it('moves a session by keyboard: M, arrows, Enter', async () => {
    const s = await add('Legal drafting group', 0, '14:00', '15:00');
    await openConsole();
    await block(s.id).focus();
    await page.keyboard.press('m');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await eventually(async () => (await session(s.id)).room.name === 'Room 2', 5000, 'moved');
    const moved = await session(s.id);
    expect([moved.startsAt, moved.endsAt]).toEqual([`${DAY}T14:30:00+01:00`, `${DAY}T15:30:00+01:00`]);
    await page.locator('[data-announcer]', { hasText: 'moved to Room 2, 14:30' }).waitFor();
  });

  it('moves a session by drag and drop', async () => {
    const s = await add('Budget committee', 0, '16:00', '17:00');
    await openConsole();
    // The console settled: feed live, its first reads done, so nothing re-renders mid-gesture.
    await page.locator('.conn[data-state="live"]').waitFor({ timeout: 10_000 });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await block(s.id).dragTo(slot('Room 2', '17:00'));
    // Under a loaded CI machine headless Chromium can drop a synthetic HTML5 drag before its
    // dragstart lands; the gesture (not the outcome) is tried once more then.
    if (
      !(await eventually(async () => (await session(s.id)).room.name === 'Room 2', 3000, 'dragged').then(
        () => true,
        () => false,
      ))
    )
      await block(s.id).dragTo(slot('Room 2', '17:00'));
    await eventually(async () => (await session(s.id)).room.name === 'Room 2', 5000, 'dragged');
    expect((await session(s.id)).startsAt).toBe(`${DAY}T17:00:00+01:00`);
  });

  it('cancels a session from the panel', async () => {
    const s = await add('Informal consultations', 1, '08:00', '09:00');
    await openConsole();
    await block(s.id).click();
    await page.getByRole('button', { name: 'Cancel the session' }).click();
    await eventually(async () => (await session(s.id)).status === 'cancelled', 5000, 'cancelled');
    await page.locator(`#cs-session-${s.id}[data-status="cancelled"]`).waitFor();
  });

  it('shows a clash before saving and saves anyway', async () => {
    const held = await add('Plenary', 0, '18:00', '19:00');
    await openConsole();
    // The slot lies under the session: reached with the keyboard.
    await slot('Room 1', '18:30').focus();
    await page.keyboard.press('Enter');
    await page.fill('#cs-title-en', 'Press conference');
    await page.locator('.cs-clash', { hasText: 'Clashes with “Plenary” in Room 1, 18:00–19:00' }).waitFor();
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await page.locator('.cs-session', { hasText: 'Press conference' }).waitFor();
    expect((await session(held.id)).status).toBe('scheduled');
  });

  it('after a 412 shows what the other editor changed and reapplies the edit on top', async () => {
    const s = await add('Working group on waste', 1, '10:00', '11:00');
    await openConsole();
    await block(s.id).click();
    await page.fill('#cs-end', '11:45');
    // Another editor renames it meanwhile.
    await ctx.updateSession(m.code, s, { title: { en: 'Working group on mercury waste' } });
    // The feed brings the other copy to the grid and the open panel before the save.
    await page.locator('.cs-changed-meanwhile').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const row = page.locator('.cs-diff tr[data-field="title"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Working group on mercury waste');
    await expect(page.locator('.cs-panel .cs-error').textContent()).resolves.toBe('');
    await page.getByRole('button', { name: 'Reapply my edit on top' }).click();
    await eventually(async () => (await session(s.id)).endsAt === `${DAY}T11:45:00+01:00`, 5000, 'reapplied');
    expect((await session(s.id)).title.en).toBe('Working group on mercury waste');
  });

  it("undoes the last edit, and lists the day's changes", async () => {
    const s = await add('Finance committee', 0, '07:00', '08:00');
    await openConsole();
    await page.locator('.cs-today li', { hasText: 'Finance committee added' }).waitFor();
    await block(s.id).click();
    await page.fill('#cs-title-en', 'Finance and budget committee');
    await page.selectOption('#cs-room', { label: 'Room 2' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(async () => (await session(s.id)).room.name === 'Room 2', 5000, 'edited');
    await page.locator('.cs-today li', { hasText: 'Finance and budget committee changed' }).waitFor();
    await page.getByRole('button', { name: 'Undo: Finance and budget committee' }).click();
    await eventually(async () => (await session(s.id)).room.name === 'Room 1', 5000, 'undone');
    expect((await session(s.id)).title.en).toBe('Finance committee');
    await page.locator('[data-announcer]', { hasText: 'Finance committee: change undone.' }).waitFor();
  });

  it("updates an observer's schedule in another browser without a reload", async () => {
    const s = await add('Regional consultations', 1, '13:00', '14:00');
    const observer = await ctx.newAccount('observer');
    const other = await signedInContext(browser, observer);
    try {
      const watch = await other.newPage();
      await watch.goto(`${api.url}/meetings/${m.code}/schedule?day=${DAY}`);
      await watch.locator(`.session[data-session-id="${s.id}"]`).waitFor();
      await openConsole();
      await block(s.id).click();
      await page.fill('#cs-title-en', 'Regional group consultations');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await watch.locator(`.session[data-session-id="${s.id}"]`, { hasText: 'Regional group consultations' }).waitFor({ timeout: 10_000 });
    } finally {
      await other.close();
    }
  });

  it('adds, renames and deletes a room and an agenda item, in six languages', async () => {
    await openConsole();
    await page.fill('#cs-new-room', 'Room 9');
    await page.fill('#cs-new-capacity', '40');
    await page.getByRole('button', { name: 'Add room' }).click();
    // The new room's column appears in the grid, from the feed.
    await page.locator('.cs-room-head', { hasText: 'Room 9' }).waitFor();
    await page.getByRole('textbox', { name: 'Room name: Room 9' }).fill('Room 9 (Press)');
    await page.getByRole('button', { name: 'Save Room 9' }).click();
    await page.locator('.cs-room-head', { hasText: 'Room 9 (Press)' }).waitFor();
    await page.getByRole('button', { name: 'Delete Room 9 (Press)' }).click();
    await eventually(async () => (await page.locator('.cs-room-head', { hasText: 'Room 9' }).count()) === 0, 5000, 'room deleted');

    await page.fill('#cs-item-new-number', '7');
    await page.fill('#cs-item-new-en', 'Budget');
    await page.fill('#cs-item-new-ar', 'الميزانية');
    await page.getByRole('button', { name: 'Add agenda item' }).click();
    await page.locator('.cs-item', { hasText: 'Budget' }).waitFor();
    await page.getByRole('button', { name: 'Edit item 7' }).click();
    await page.locator('[id^="cs-item-"][id$="-number"]:not(#cs-item-new-number)').fill('3');
    await page.getByRole('button', { name: 'Save 7' }).click();
    await page.locator('.cs-item', { hasText: /^3 Budget/ }).waitFor();
    const items = (await call(api, 'GET', base(), { token: sec.token })).body.agendaItems as {
      number: string;
      title: Record<string, string>;
    }[];
    expect(items.map((a) => a.number)).toEqual(['1', '3', '4 (a)']);
    expect(items[1].title).toEqual({ en: 'Budget', ar: 'الميزانية' });
    await page.getByRole('button', { name: 'Delete 3' }).click();
    await eventually(async () => (await page.locator('.cs-item', { hasText: 'Budget' }).count()) === 0, 5000, 'item deleted');
  });

  it('gives a delegate the forbidden page', async () => {
    const delegate = await ctx.newAccount('delegate');
    const other = await signedInContext(browser, delegate);
    try {
      const p = await other.newPage();
      await p.goto(`${api.url}/console/${m.code}/schedule`);
      await p.getByRole('heading', { level: 1, name: 'Schedule editor' }).waitFor();
      await expect(p.locator('main').textContent()).resolves.toContain('Only the secretariat can edit the schedule');
      expect(await p.locator('.cs-grid').count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
