import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { badgeSecret, signBadge } from '../../apps/api/src/registration/badge-token';
import { expectAccessible } from '../support/axe';
import { type TestContext, type FocalPoint, type TestUser } from '../support/fixtures';
import { call, db, testConfig, type RunningApi } from '../support/harness';
import { launchChromium, signedInContext, startPortalContext } from '../support/portal';
import { pdf, person, uploadLetter } from '../support/registration';

/** The nomination loop end to end: focal point, secretariat, participant and the entrance, each in their own browser. */
describe('registration journeys (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let fp: FocalPoint;
  let code: string;
  let browser: Browser;
  let fpPage: Page;
  let secPage: Page;

  const row = (page: Page, id: string) => page.locator(`tr[data-registration-id="${id}"]`);
  const nominate = async (over: Record<string, unknown> = {}) => {
    const letter = await uploadLetter(api, code, fp.token, pdf('journey letter'));
    const res = await call(api, 'POST', `/api/meetings/${code}/nominations`, {
      token: fp.token,
      body: person({ letterId: letter.body.id, ...over }),
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; email: string; updatedAt: string; letterId: string };
  };
  const move = (id: string, body: object, token = sec.token) =>
    call(api, 'POST', `/api/meetings/${code}/registrations/${id}/transitions`, { token, body });

  beforeAll(async () => {
    ctx = await startPortalContext();
    ({ api, sec } = ctx);
    code = await ctx.newRegistrationMeeting();
    fp = await ctx.newPartyFocalPoint();
    browser = await launchChromium();
    fpPage = await (await signedInContext(browser, { token: fp.token, email: fp.email, role: 'focal-point' })).newPage();
    secPage = await (await signedInContext(browser, { token: sec.token, email: sec.email, role: 'secretariat' })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('names the meeting by its short title, not by the code in the address', async () => {
    await fpPage.goto(`${api.url}/meetings/${code}/nominate`);
    await fpPage.locator('.reg-meeting', { hasText: 'REG-TEST' }).waitFor();
    expect(await fpPage.locator('.reg-meeting').textContent()).not.toContain(code);
    expect(await fpPage.title()).not.toContain(code);
  });

  it('starts the nomination form afresh for the next person: no title or gender carried over', async () => {
    await fpPage.goto(`${api.url}/meetings/${code}/nominate`);
    await fpPage.getByRole('heading', { level: 1, name: 'Nominate participants' }).waitFor();
    await fpPage.locator('#nom-letter').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: pdf() });
    await fpPage.getByLabel('Title', { exact: true }).selectOption('Ms.');
    await fpPage.getByLabel('Given name(s)').fill('Amina');
    await fpPage.getByLabel('Family name').fill('Diallo');
    await fpPage.getByLabel('Email', { exact: true }).fill(`amina-${Date.now()}@example.org`);
    await fpPage.getByLabel('Function').selectOption('head-of-delegation');
    await fpPage.getByLabel(/^Gender/).selectOption('female');
    await fpPage.getByLabel(/^Nationality/).fill('SN');
    await fpPage.getByLabel('Preferred language for emails').selectOption('fr');
    await fpPage.getByRole('button', { name: 'Nominate' }).click();
    await fpPage.locator('.form-success').filter({ hasText: 'Ms. Amina Diallo has been nominated' }).waitFor({ timeout: 5000 });

    const values = await fpPage.evaluate(() =>
      Object.fromEntries(
        ['title', 'givenName', 'familyName', 'email', 'phone', 'jobTitle', 'function', 'gender', 'nationality', 'preferredLanguage'].map(
          (n) => [n, (document.getElementById(`nom-${n}`) as HTMLInputElement).value],
        ),
      ),
    );
    expect(values).toEqual({
      title: '',
      givenName: '',
      familyName: '',
      email: '',
      phone: '',
      jobTitle: '',
      function: 'adviser',
      gender: '',
      nationality: '',
      preferredLanguage: 'en',
    });

    // The next person, given only names, email and nationality, is stored without a title or gender.
    const peter = `peter-${Date.now()}@example.org`;
    await fpPage.getByLabel('Given name(s)').fill('Peter');
    await fpPage.getByLabel('Family name').fill('Beispiel');
    await fpPage.getByLabel('Email', { exact: true }).fill(peter);
    await fpPage.getByLabel(/^Nationality/).fill('DE');
    await fpPage.getByRole('button', { name: 'Nominate' }).click();
    await fpPage.locator('.form-success').filter({ hasText: 'Peter Beispiel has been nominated' }).waitFor({ timeout: 5000 });
    const [stored] = await (
      await db()
    ).query('SELECT title, gender, function, preferred_language FROM registration WHERE email = $1', [peter]);
    expect(stored).toEqual({ title: null, gender: null, function: 'adviser', preferred_language: 'en' });
  });

  it('opens the letter, the history and corrects a name from the review queue', async () => {
    const r = await nominate({ givenName: 'Amnia', familyName: 'Dialo' });
    await secPage.goto(`${api.url}/console/${code}/registrations?status=pending`);
    await row(secPage, r.id).waitFor();
    await row(secPage, r.id).getByRole('button', { name: 'Details' }).click();
    const details = secPage.locator(`[data-registration-details="${r.id}"]`);
    await details.waitFor();
    expect(await details.locator('.reg-history li').first().textContent()).toContain(`Pending, by ${fp.email}`);
    await expectAccessible(secPage, { name: 'review (details open)' });

    const [download] = await Promise.all([
      secPage.waitForEvent('download'),
      details.getByRole('button', { name: 'Open the letter of nomination' }).click(),
    ]);
    expect(readFileSync((await download.path())!, 'latin1')).toContain('journey letter');

    await details.getByLabel('Given name(s)').fill('Amina');
    await details.getByLabel('Family name').fill('Diallo');
    await details.getByRole('button', { name: 'Save the correction' }).click();
    await details.getByText('Ms. Amina Diallo: correction saved.').waitFor({ timeout: 5000 });
    await row(secPage, r.id).locator('.reg-name').filter({ hasText: 'Ms. Amina Diallo' }).waitFor({ timeout: 5000 });
    await details.locator('.reg-corrections li').filter({ hasText: 'Family name “Dialo” → “Diallo”' }).waitFor({ timeout: 5000 });
    const detail = await call(api, 'GET', `/api/meetings/${code}/registrations/${r.id}`, { token: sec.token });
    expect(detail.body.corrections[0]).toMatchObject({ by: sec.email, changes: [{ field: 'givenName' }, { field: 'familyName' }] });

    // An email another registration uses is refused, and the form says so.
    const other = await nominate();
    await details.getByLabel('Email', { exact: true }).fill(other.email);
    await details.getByRole('button', { name: 'Save the correction' }).click();
    await details.getByText(`Another registration for this meeting already uses ${other.email}.`).waitFor({ timeout: 5000 });
    // What was typed stays in the field, to fix and send again.
    expect(await details.getByLabel('Email', { exact: true }).inputValue()).toBe(other.email);
  });

  it('shows the secretariat’s decision on the focal point’s list when it comes back to the page', async () => {
    const r = await nominate();
    await fpPage.goto(`${api.url}/meetings/${code}/nominate`);
    await row(fpPage, r.id).locator('.reg-status[data-status="pending"]').waitFor();
    expect((await move(r.id, { to: 'approved' })).status).toBe(200);
    await fpPage.evaluate(() => window.dispatchEvent(new Event('focus')));
    await row(fpPage, r.id).locator('.reg-status[data-status="approved"]').waitFor({ timeout: 5000 });
  });

  it('lets the focal point answer a registration put on hold with a note and a new letter', async () => {
    const r = await nominate();
    expect((await move(r.id, { to: 'on-hold', reason: 'Please send a letter signed by the minister.' })).status).toBe(200);
    await fpPage.goto(`${api.url}/meetings/${code}/nominate`);
    await row(fpPage, r.id).getByRole('button', { name: 'Answer' }).click();
    await fpPage.getByLabel('Note to the secretariat').fill('The signed letter is attached.');
    await expectAccessible(fpPage, { name: 'nominate (answering a hold)' });
    await fpPage.getByLabel('New letter of nomination (PDF, optional)').setInputFiles({
      name: 'signed.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('signed by the minister'),
    });
    await fpPage.getByRole('button', { name: 'Send the answer' }).click();
    await fpPage.locator('.reg-list [role="status"]').filter({ hasText: 'answered' }).waitFor({ timeout: 5000 });
    await row(fpPage, r.id).locator('.reg-status[data-status="pending"]').waitFor({ timeout: 5000 });

    const detail = await call(api, 'GET', `/api/meetings/${code}/registrations/${r.id}`, { token: sec.token });
    expect(detail.body.letterId).not.toBe(r.letterId);
    expect(detail.body.history.at(-1)).toMatchObject({
      from: 'on-hold',
      to: 'pending',
      reason: 'The signed letter is attached.',
      by: { email: fp.email },
    });
  });

  it('warns on the badge page when the badge has expired', async () => {
    const past = await ctx.newRegistrationMeeting({ startDate: '2024-03-04', endDate: '2024-03-08' });
    const participant = await ctx.newAccount('delegate');
    await ctx.newRegistration(past, { email: participant.email, state: 'approved' });
    const context = await signedInContext(browser, { token: participant.token, email: participant.email, role: 'delegate' });
    const page = await context.newPage();
    await page.goto(`${api.url}/meetings/${past}/me`);
    // This page is slow to come under load (as in registration.e2e-spec.ts): a generous wait.
    await page.getByRole('heading', { name: 'Your badge' }).waitFor({ timeout: 45_000 });
    expect(await page.getByRole('alert').filter({ hasText: 'This badge expired on' }).textContent()).toMatch(/9 March 2024/);
    await expectAccessible(page, { name: 'my registration (expired badge)' });
    await context.close();
  }, 90_000);

  it('names the person at a refused check-in and says what to do next', async () => {
    const participant = await ctx.newAccount('delegate');
    const id = await ctx.newRegistration(code, { email: participant.email, state: 'approved' });
    const [m] = await (await db()).query('SELECT id FROM meeting WHERE code = $1', [code]);
    const exp = Math.floor(Date.parse('2024-03-09T12:00:00Z') / 1000);
    const token = signBadge({ rid: id, mid: m.id, v: 1, exp }, badgeSecret(testConfig()));

    await secPage.goto(`${api.url}/console/${code}/check-in`);
    const field = secPage.getByLabel('Badge token');
    await field.fill(token);
    await field.press('Enter');
    const answer = secPage.locator('.checkin-answer[data-result="expired"]');
    await answer.waitFor({ timeout: 5000 });
    expect(await answer.textContent()).toMatch(/^Expired: valid until 9 March 2024 at 13:00/);
    expect(await secPage.locator('.checkin-who').textContent()).toContain('Ms. Amina Diallo — ');
    expect(await secPage.locator('.checkin-next').textContent()).toBe('Send the person to the registration desk for a new badge.');
    await expectAccessible(secPage, { name: 'check-in (refused)' });
  });

  it('replaces a lost badge from the review queue: the old one is refused at the desk as replaced', async () => {
    const participant = await ctx.newAccount('delegate');
    const id = await ctx.newRegistration(code, { email: participant.email, state: 'approved' });
    const lost = (await call(api, 'GET', `/api/me/badge?meeting=${code}`, { token: participant.token })).body.token as string;
    await secPage.goto(`${api.url}/console/${code}/registrations?status=approved`);
    await row(secPage, id).waitFor();
    await row(secPage, id).getByRole('button', { name: 'Details' }).click();
    const details = secPage.locator(`[data-registration-details="${id}"]`);
    await details.waitFor();
    // No reason, no replacement.
    await details.getByRole('button', { name: 'Replace the badge' }).click();
    await details.getByText('Say why the badge is replaced.').waitFor();
    await details.getByLabel('Why it is replaced').fill('Lost on the way to the plenary hall');
    await details.getByRole('button', { name: 'Replace the badge' }).click();
    await details.getByText('Badge replaced: earlier badges of Ms. Amina Diallo are revoked.').waitFor({ timeout: 5000 });
    await details.locator('.reg-history li').filter({ hasText: 'Lost on the way to the plenary hall' }).waitFor({ timeout: 5000 });
    await expectAccessible(secPage, { name: 'review (badge replaced)' });

    await secPage.goto(`${api.url}/console/${code}/check-in`);
    const field = secPage.getByLabel('Badge token');
    await field.fill(lost);
    await field.press('Enter');
    await secPage.locator('.checkin-answer[data-result="revoked"]').waitFor({ timeout: 5000 });
    expect(await secPage.locator('.checkin-next').textContent()).toBe(
      'A newer badge replaced this one: ask for the latest badge, or send the person to the registration desk.',
    );
  });
});
