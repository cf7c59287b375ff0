import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessible } from '../support/axe';
import { type TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, eventually, type RunningApi } from '../support/harness';
import { launchChromium, signedInContext, startPortalContext } from '../support/portal';

jest.setTimeout(90_000);

/**
 * The console's Meeting section in real Chromium against the real API: an edit saved with
 * If-Match, a refusal (sessions outside the new days) shown as the API words it, and a second
 * editor's save first (412) shown field by field and reapplied on top.
 */
describe('schedule console: the meeting section (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;
  let browser: Browser;
  let secContext: BrowserContext;
  let page: Page;
  const base = () => `/api/meetings/${m.code}`;
  const meeting = async () => (await call(api, 'GET', base())).body;
  const section = () => page.locator('section.cs-meeting');
  const open = async () => {
    await page.goto(`${api.url}/console/${m.code}/schedule`);
    await section().waitFor();
  };

  beforeAll(async () => {
    ctx = await startPortalContext();
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    await ctx.newSession(m.code, {
      type: 'plenary',
      title: { en: 'Opening' },
      roomId: m.rooms[0].id,
      startsAt: '2025-11-04T10:00',
      endsAt: '2025-11-04T12:00',
    });
    browser = await launchChromium();
    secContext = await signedInContext(browser, sec);
    page = await secContext.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('saves titles and venue with the revision it read, and passes axe', async () => {
    await open();
    await expectAccessible(page, { name: 'schedule console (meeting section)' });
    await section().getByLabel('Title in Français').fill('Réunion de test');
    await section().getByLabel('Venue').fill('Palais des Nations');
    await section().getByRole('button', { name: 'Save the meeting' }).click();
    await eventually(async () => (await meeting()).revision === 2, 5000, 'saved');
    expect(await meeting()).toMatchObject({ venue: 'Palais des Nations', title: { en: `Test meeting ${m.code}`, fr: 'Réunion de test' } });
    await page.locator('[data-announcer]').filter({ hasText: 'Meeting saved.' }).waitFor({ state: 'attached' });
  });

  it('shows why the API refuses days that would strand a session', async () => {
    await section().getByLabel('First day').fill('2025-11-05');
    await section().getByRole('button', { name: 'Save the meeting' }).click();
    await section()
      .locator('.cs-error')
      .getByText(/1 session\(s\) would fall outside 2025-11-05/)
      .waitFor();
    expect((await meeting()).startDate).toBe('2025-11-03');
    await section().getByLabel('First day').fill('2025-11-03');
  });

  it('after another editor saved first (412), shows what they changed and reapplies this edit on top', async () => {
    const other = await call(api, 'PATCH', base(), { token: sec.token, body: { shortTitle: 'OTHER' }, headers: { 'if-match': '2' } });
    expect(other.status).toBe(200);
    await section().getByLabel('Venue').fill('CICG');
    await section().getByRole('button', { name: 'Save the meeting' }).click();
    const conflict = section().locator('.cs-conflict');
    await conflict.getByText('Short title: TEST → OTHER').waitFor();
    expect((await meeting()).venue).toBe('Palais des Nations');
    await conflict.getByRole('button', { name: 'Reapply my edit on top' }).click();
    await eventually(async () => (await meeting()).revision === 4, 5000, 'reapplied');
    expect(await meeting()).toMatchObject({ venue: 'CICG', shortTitle: 'OTHER' });
    await conflict.waitFor({ state: 'detached' });
  });
});
