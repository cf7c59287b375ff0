import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TestContext, type FocalPoint, type TestUser } from '../support/fixtures';
import { call, db, type RunningApi } from '../support/harness';
import { assertChromium, CHROMIUM, CHROMIUM_ARGS, launchChromium, PORTAL_DIR, signedInContext } from '../support/portal';
import { pdf, person, selfRegisterConfirmed, uploadLetter } from '../support/registration';

/** Registration in a real browser against the real API: a focal point nominates, the secretariat reviews. */
describe('portal registration pages (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let fp: FocalPoint;
  let code: string;
  let partyCode: string;
  let browser: Browser;
  let fpContext: BrowserContext;
  let secContext: BrowserContext;
  let fpPage: Page;
  let secPage: Page;
  const email = `amina-${Date.now()}@example.org`;

  const row = (page: Page, id: string) => page.locator(`tr[data-registration-id="${id}"]`);

  beforeAll(async () => {
    assertChromium();
    ctx = await TestContext.start({ env: { PORTAL_DIR, OUTBOX_POLL_MS: '200' } });
    ({ api, sec } = ctx);
    code = await ctx.newRegistrationMeeting();
    partyCode = (await ctx.newParty()).code;
    fp = await ctx.newFocalPoint({ partyCode });
    browser = await launchChromium();
    fpContext = await signedInContext(browser, { token: fp.token, email: fp.email, role: 'focal-point' });
    secContext = await signedInContext(browser, { token: sec.token, email: sec.email, role: 'secretariat' });
    fpPage = await fpContext.newPage();
    secPage = await secContext.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  let nominated: string;

  it('lets the focal point nominate a participant with a PDF letter, showing the API’s field errors', async () => {
    await fpPage.goto(`${api.url}/meetings/${code}/nominate`);
    await fpPage.getByRole('heading', { level: 1, name: 'Nominate participants' }).waitFor();
    // The shell links the focal point's page for this meeting.
    expect(
      await fpPage.getByRole('navigation', { name: 'Meeting services' }).getByRole('link', { name: 'Nominate participants' }).count(),
    ).toBe(1);

    await fpPage.locator('#nom-letter').setInputFiles({ name: 'nomination letter.pdf', mimeType: 'application/pdf', buffer: pdf() });
    await fpPage.getByLabel('Title', { exact: true }).selectOption('Ms.');
    // Names in any script.
    await fpPage.getByLabel('Given name(s)').fill('Амина');
    await fpPage.getByLabel('Family name').fill('Диалло');
    await fpPage.getByLabel('Email', { exact: true }).fill('not-an-email');
    await fpPage.getByLabel('Function').selectOption('head-of-delegation');
    await fpPage.getByLabel(/^Nationality/).fill('sn');
    await fpPage.getByRole('button', { name: 'Nominate' }).click();

    // The API rejects the email; its `details` land on the field, which gets focus.
    const emailError = fpPage.locator('#nom-email-error');
    await emailError.filter({ hasText: 'must be an email address' }).waitFor({ timeout: 5000 });
    expect(await fpPage.locator('#nom-email').getAttribute('aria-invalid')).toBe('true');
    expect(await fpPage.evaluate(() => document.activeElement?.id)).toBe('nom-email');
    // The letter was uploaded on the way and is kept for the next attempt.
    expect(await fpPage.locator('.letter-state').textContent()).toContain('nomination letter.pdf');

    await fpPage.getByLabel('Email', { exact: true }).fill(email);
    await fpPage.getByRole('button', { name: 'Nominate' }).click();
    await fpPage.locator('.form-success').filter({ hasText: 'Ms. Амина Диалло has been nominated' }).waitFor({ timeout: 5000 });
    expect(await fpPage.locator('#nom-email').getAttribute('aria-invalid')).toBeNull();

    const listed = fpPage.locator(`.reg-list tr[data-email="${email}"]`);
    await listed.waitFor();
    expect(await listed.locator('.reg-status').getAttribute('data-status')).toBe('pending');
    nominated = (await listed.getAttribute('data-registration-id'))!;

    // What the API stored: the focal point's Party, the uploaded letter, the name as typed.
    const stored = await call(api, 'GET', `/api/meetings/${code}/registrations/${nominated}`, { token: fp.token });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      givenName: 'Амина',
      familyName: 'Диалло',
      email,
      function: 'head-of-delegation',
      nationality: 'SN',
      status: 'pending',
      party: { code: partyCode },
    });
    expect(stored.body.letterId).toEqual(expect.any(String));
  });

  it('lets the secretariat approve it in the review queue, and reject another with a reason', async () => {
    // A second nomination made through the API, to be rejected from the keyboard.
    const letter = await uploadLetter(api, code, fp.token);
    const other = await call(api, 'POST', `/api/meetings/${code}/nominations`, {
      token: fp.token,
      body: person({ letterId: letter.body.id, givenName: '李', familyName: '娜' }),
    });
    expect(other.status).toBe(201);

    await secPage.goto(`${api.url}/console/${code}/registrations?status=pending`);
    await secPage.getByRole('heading', { level: 1, name: 'Registrations' }).waitFor();
    await row(secPage, nominated).waitFor();
    expect(await secPage.getByRole('navigation', { name: 'Meeting services' }).getByRole('link', { name: 'Check-in' }).count()).toBe(1);
    expect(await row(secPage, nominated).textContent()).toContain(partyCode);

    await row(secPage, nominated).getByRole('button', { name: 'Approve' }).click();
    await secPage.locator('.review-announce').filter({ hasText: 'Ms. Амина Диалло: Approved.' }).waitFor({ timeout: 5000 });
    // The list is filtered on pending: the approved one leaves it.
    await row(secPage, nominated).waitFor({ state: 'detached' });

    // Keyboard: focus the row, R asks for the reason in place, Enter sends it.
    await row(secPage, other.body.id).focus();
    await secPage.keyboard.press('r');
    await secPage.getByLabel('Reason (the participant sees it)').waitFor();
    expect(await secPage.evaluate(() => document.activeElement?.classList.contains('reason-input'))).toBe(true);
    await secPage.keyboard.type('The letter of nomination does not name this person.');
    await secPage.keyboard.press('Enter');
    await row(secPage, other.body.id).waitFor({ state: 'detached', timeout: 5000 });

    const approved = await call(api, 'GET', `/api/meetings/${code}/registrations/${nominated}`, { token: sec.token });
    expect(approved.body.status).toBe('approved');
    expect(approved.body.history.at(-1)).toMatchObject({ from: 'pending', to: 'approved', by: { email: sec.email } });
    const rejected = await call(api, 'GET', `/api/meetings/${code}/registrations/${other.body.id}`, { token: sec.token });
    expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: 'The letter of nomination does not name this person.' });
  });

  it('bulk-approves the selected registrations', async () => {
    const letter = await uploadLetter(api, code, fp.token);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await call(api, 'POST', `/api/meetings/${code}/nominations`, {
        token: fp.token,
        body: person({ letterId: letter.body.id }),
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    await secPage.goto(`${api.url}/console/${code}/registrations?status=pending`);
    for (const id of ids) await row(secPage, id).locator('input[type="checkbox"]').check();
    await secPage.getByRole('button', { name: 'Approve selected (2)' }).click();
    await secPage.locator('.review-announce').filter({ hasText: '2 approved, 0 not changed.' }).waitFor({ timeout: 5000 });
    for (const id of ids)
      expect((await call(api, 'GET', `/api/meetings/${code}/registrations/${id}`, { token: sec.token })).body.status).toBe('approved');
  });

  it('puts a registration on hold with a reason, and exports the filtered list as CSV with the bearer token', async () => {
    const letter = await uploadLetter(api, code, fp.token);
    const res = await call(api, 'POST', `/api/meetings/${code}/nominations`, {
      token: fp.token,
      body: person({ letterId: letter.body.id, givenName: 'Kwame', familyName: 'Mensah' }),
    });
    expect(res.status).toBe(201);
    await secPage.goto(`${api.url}/console/${code}/registrations?status=pending`);
    await row(secPage, res.body.id).getByRole('button', { name: 'Hold' }).click();
    await secPage.getByLabel('Reason (the participant sees it)').fill('Please send the signed letter.');
    await secPage.getByRole('button', { name: 'Put on hold' }).click();
    await row(secPage, res.body.id).waitFor({ state: 'detached', timeout: 5000 });
    const held = await call(api, 'GET', `/api/meetings/${code}/registrations/${res.body.id}`, { token: sec.token });
    expect(held.body).toMatchObject({ status: 'on-hold', statusReason: 'Please send the signed letter.' });

    // Filter by status through the form; the CSV follows the filter.
    await secPage.getByLabel('Status').selectOption('on-hold');
    await secPage.getByRole('button', { name: 'Filter' }).click();
    await secPage.waitForURL(/status=on-hold/);
    await row(secPage, res.body.id).waitFor();
    const [download] = await Promise.all([secPage.waitForEvent('download'), secPage.getByRole('link', { name: 'Export as CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`registrations-${code}.csv`);
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        let text = '';
        stream.on('data', (d: Buffer) => (text += d.toString()));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      }, reject);
    });
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Mensah');
  });

  it('shows the focal point the nomination as approved, and the rejected one with its reason', async () => {
    await fpPage.goto(`${api.url}/meetings/${code}/nominate`);
    const listed = fpPage.locator(`.reg-list tr[data-registration-id="${nominated}"]`);
    await listed.waitFor();
    expect(await listed.locator('.reg-status').getAttribute('data-status')).toBe('approved');
    expect(await listed.locator('.reg-status').textContent()).toBe('Approved');
    const rejected = fpPage.locator('.reg-list tr', { has: fpPage.locator('[data-status="rejected"]') });
    expect(await rejected.locator('.reg-reason').textContent()).toBe('The letter of nomination does not name this person.');
  });

  it('lets the approved participant set a password from the invitation link, then shows the badge with its QR code', async () => {
    const [mail] = await (
      await db()
    ).query(`SELECT vars FROM mail_outbox WHERE registration_id = $1 AND template = 'approved'`, [nominated]);
    const link = String(mail.vars.link);
    expect(link).toContain('/invitation#');
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(`${api.url}/invitation#${link.split('#')[1]}`);
      await page.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
      await page.getByLabel('New password').fill('a long enough password');
      await page.getByLabel('Repeat the password').fill('a different password!!');
      await page.getByRole('button', { name: 'Set password and sign in' }).click();
      await page.locator('#invite-error').filter({ hasText: 'The two passwords differ.' }).waitFor();
      await page.getByLabel('Repeat the password').fill('a long enough password');
      await page.getByRole('button', { name: 'Set password and sign in' }).click();
      await page.waitForURL(`${api.url}/`);
      // The token left the address bar; the account is signed in.
      expect(await page.evaluate(() => window.localStorage.getItem('cop.token'))).toBeTruthy();
      expect(JSON.parse((await page.evaluate(() => window.localStorage.getItem('cop.user')))!)).toMatchObject({ email, role: 'delegate' });

      await page.goto(`${api.url}/meetings/${code}/me`);
      await page.getByRole('heading', { level: 1, name: 'My registration' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Meeting services' }).getByRole('link', { name: 'My registration' }).count()).toBe(
        1,
      );
      expect(await page.locator('.reg-summary .reg-status').getAttribute('data-status')).toBe('approved');
      const qr = page.locator('.badge-card img.badge-qr');
      await qr.waitFor();
      await page.waitForFunction(() => ((document.querySelector('.badge-qr') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/); // the QR code of GET /api/me/badge, as a data: URL
      expect(await qr.getAttribute('alt')).toBe('Badge QR code for Ms. Амина Диалло');
      expect(await page.locator('.badge-card .badge-name').textContent()).toBe('Ms. Амина Диалло');
      // The printable view is the badge alone.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await page.locator('.badge-card').isVisible()).toBe(true);
      badgeToken = (await page.locator('.badge-card').getAttribute('data-token'))!;
      expect(badgeToken.length).toBeGreaterThan(20);
    } finally {
      await context.close();
    }
  }, 60_000);

  let badgeToken: string;

  it('checks the badge in at the entrance: welcome, then "already checked in at HH:MM", and distinct rejections', async () => {
    await secPage.goto(`${api.url}/console/${code}/check-in`);
    await secPage.getByRole('heading', { level: 1, name: 'Check-in' }).waitFor();
    const field = secPage.getByLabel('Badge token');
    const answer = secPage.locator('.checkin-answer');
    const submit = async (token: string, result: string) => {
      await field.fill(token);
      await field.press('Enter');
      await secPage.locator(`.checkin-answer[data-result="${result}"]`).waitFor({ timeout: 5000 });
      return (await answer.textContent())!;
    };
    expect(await submit(badgeToken, 'checked-in')).toContain('Welcome: Ms. Амина Диалло');
    const again = await submit(badgeToken, 'already-checked-in');
    expect(again).toMatch(/^Already checked in at \d\d:\d\d: Ms\. Амина Диалло/);
    const stored = await call(api, 'GET', `/api/meetings/${code}/registrations/${nominated}`, { token: sec.token });
    const time = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'Europe/Zurich',
    }).format(new Date(stored.body.checkedInAt));
    expect(again).toContain(`at ${time}`);
    expect(await submit('not a badge', 'malformed')).toBe('Not a badge token (malformed).');
    const forged = badgeToken.slice(0, -2) + (badgeToken.endsWith('AA') ? 'BB' : 'AA');
    expect(await submit(forged, 'forged')).toBe('Forged badge: the signature does not match.');
    // Revoking the registration revokes the badge at once.
    const cancel = await call(api, 'POST', `/api/meetings/${code}/registrations/${nominated}/transitions`, {
      token: sec.token,
      body: { to: 'cancelled', reason: 'No longer on the delegation.' },
    });
    expect(cancel.status).toBe(200);
    expect(await submit(badgeToken, 'revoked')).toBe('Revoked badge: the registration is no longer approved.');
  });

  it('lets an NGO’s contact confirm one self-registration and decline another with a reason', async () => {
    const ngo = await ctx.newOrganization('ngo');
    const contact = await ctx.newFocalPoint({ organizationId: ngo.id });
    const ids: string[] = [];
    for (const familyName of ['Okafor', 'Lindqvist']) {
      const body = { ...person({ function: 'representative', familyName }), category: 'observer-ngo', organizationId: ngo.id };
      expect((await selfRegisterConfirmed(api, `/api/meetings/${code}/self-registrations`, body)).status).toBe(202);
      const [r] = await (await db()).query('SELECT id FROM registration WHERE email = $1', [body.email]);
      ids.push(r.id);
    }
    const context = await signedInContext(browser, { token: contact.token, email: contact.email, role: 'focal-point' });
    const page = await context.newPage();
    try {
      await page.goto(`${api.url}/meetings/${code}/nominate`);
      await page.getByRole('navigation', { name: 'Meeting services' }).getByRole('link', { name: 'Confirm self-registrations' }).click();
      await page.getByRole('heading', { level: 1, name: 'Self-registrations to confirm' }).waitFor();
      await row(page, ids[0]).getByRole('button', { name: 'Confirm' }).click();
      await page.locator('.review-announce').filter({ hasText: 'confirmed, now with the secretariat' }).waitFor({ timeout: 5000 });
      await row(page, ids[0]).waitFor({ state: 'detached' });
      await row(page, ids[1]).getByRole('button', { name: 'Decline' }).click();
      // The reason is asked for in the row; an empty one is refused in place (the form cannot be sent).
      await row(page, ids[1]).getByRole('button', { name: 'Decline' }).click();
      const reason = page.getByLabel('Reason (the participant sees it)');
      expect(await reason.evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('reason-input'))).toBe(true);
      expect(await row(page, ids[1]).getAttribute('data-status')).toBe('unconfirmed');
      await reason.fill('Not one of our delegates this year.');
      await reason.press('Enter');
      await row(page, ids[1]).waitFor({ state: 'detached', timeout: 5000 });
      await page.getByText('No self-registration waits for your confirmation.').waitFor();
    } finally {
      await context.close();
    }
    const confirmed = await call(api, 'GET', `/api/meetings/${code}/registrations/${ids[0]}`, { token: sec.token });
    expect(confirmed.body).toMatchObject({ status: 'pending', selfRegistered: true });
    expect(confirmed.body.history.at(-1)).toMatchObject({ from: 'unconfirmed', to: 'pending', by: { email: contact.email } });
    const declined = await call(api, 'GET', `/api/meetings/${code}/registrations/${ids[1]}`, { token: sec.token });
    expect(declined.body).toMatchObject({ status: 'rejected', statusReason: 'Not one of our delegates this year.' });
  }, 60_000);

  it('checks a badge in from the camera where the browser has no BarcodeDetector (jsQR on the video frames)', async () => {
    const participant = await ctx.newAccount('delegate');
    const id = await ctx.newRegistration(code, { email: participant.email, state: 'approved' });
    const png = await fetch(`${api.url}/api/me/badge.png?meeting=${code}`, { headers: { authorization: `Bearer ${participant.token}` } });
    expect(png.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'cop-camera-'));
    const video = join(dir, 'badge.y4m');
    writeFileSync(join(dir, 'badge.png'), Buffer.from(await png.arrayBuffer()));
    // The badge held still in front of a 640x480 camera (Chromium loops the file as its fake camera).
    execFileSync('ffmpeg', [
      ...['-loglevel', 'error', '-y', '-loop', '1', '-i', join(dir, 'badge.png'), '-t', '5', '-pix_fmt', 'yuv420p'],
      ...['-vf', 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white', video],
    ]);
    const camera = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        ...CHROMIUM_ARGS,
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const context = await signedInContext(camera, { token: sec.token, email: sec.email, role: 'secretariat' });
      await context.grantPermissions(['camera'], { origin: api.url });
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(r.url());
      });
      await page.goto(`${api.url}/console/${code}/check-in`);
      await page.getByRole('heading', { level: 1, name: 'Check-in' }).waitFor();
      expect(await page.evaluate(() => 'BarcodeDetector' in window)).toBe(false);
      const before = scripts.length;
      await page.getByRole('button', { name: 'Scan with camera' }).click();
      await page.locator('.checkin-answer[data-result="checked-in"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('.checkin-answer').textContent()).toMatch(/^Welcome: /);
      // jsQR came as a chunk of its own, only when scanning started.
      expect(scripts.length).toBeGreaterThan(before);
      expect(await page.getByRole('button', { name: 'Stop camera' }).count()).toBe(1);
      const [r] = await (await db()).query('SELECT checked_in_at FROM registration WHERE id = $1', [id]);
      expect(r.checked_in_at).not.toBeNull();
      // The same badge stays in view: not checked in twice, and no second request within 4 s.
      await page.waitForTimeout(1500);
      expect(await page.locator('.checkin-answer').getAttribute('data-result')).toBe('checked-in');
    } finally {
      await camera.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
