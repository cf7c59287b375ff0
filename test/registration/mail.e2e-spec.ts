import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { TestContext, type FocalPoint, type TestUser } from '../support/fixtures';
import { call, db, eventually, freePort, tag, type RunningApi } from '../support/harness';
import { person } from '../support/registration';

/** A real SMTP server in the test process; `refuse` makes it answer 451 to the next N messages to `refuseTo`. */
async function smtp(port: number) {
  const inbox: ParsedMail[] = [];
  const state = { refuse: 0, refuseTo: '', refused: 0 };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const to = mail.to && !Array.isArray(mail.to) ? mail.to.value[0].address : undefined;
          if (state.refuse > 0 && to === state.refuseTo) {
            state.refuse--;
            state.refused++;
            return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          }
          inbox.push(mail);
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { inbox, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('registration mail through the queue and a real SMTP server', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let server: Awaited<ReturnType<typeof smtp>>;
  let sec: TestUser;
  let fp: FocalPoint;
  let meeting: string;
  let letter: string;
  const to = (email: string) => server.inbox.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0].address === email);

  beforeAll(async () => {
    const port = await freePort();
    server = await smtp(port);
    ctx = await TestContext.start({
      env: {
        RUN_WORKER: 'true',
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        MAIL_FROM: 'COP-6 Secretariat <secretariat@test.cop>',
        MAIL_BACKOFF_MS: '200',
        // few enough tries that a permanently refused mail is given up within the test
        MAIL_ATTEMPTS: '6',
        MAIL_OUTBOX_POLL_MS: '500',
        MAIL_QUEUE_PREFIX: `cop-test-${tag()}`,
      },
    });
    ({ api, sec } = ctx);
    meeting = await ctx.newRegistrationMeeting();
    fp = await ctx.newPartyFocalPoint();
    letter = await ctx.newLetter(meeting, fp);
  });
  afterAll(async () => {
    await ctx.close();
    await server.close();
  });

  const nominate = (over: Record<string, unknown>) =>
    call(api, 'POST', `/api/meetings/${meeting}/nominations`, { token: fp.token, body: { ...person(over), letterId: letter } });
  const move = (id: string, body: object) =>
    call(api, 'POST', `/api/meetings/${meeting}/registrations/${id}/transitions`, { token: sec.token, body });

  it('sends "nomination received" and "approved with invitation" in the participant’s language', async () => {
    const r = (await nominate({ preferredLanguage: 'fr', givenName: 'Élodie', familyName: 'Moreau' })).body;
    await eventually(() => to(r.email).length === 1, 10_000, 'the nomination mail');
    const received = to(r.email)[0];
    expect(received.subject).toBe('REG-TEST : désignation reçue');
    expect(received.text).toContain('Ms. Élodie Moreau');
    expect(received.from?.value[0].address).toBe('secretariat@test.cop');

    await move(r.id, { to: 'approved' });
    await eventually(() => to(r.email).length === 2, 10_000, 'the approval mail');
    const approved = to(r.email)[1];
    expect(approved.subject).toBe('REG-TEST : inscription approuvée');
    const link = /(http\S+\/invitation#[A-Za-z0-9_-]+)/.exec(approved.text ?? '')?.[1];
    expect(link).toBeTruthy();
    // The link in the mail works: it sets the password once.
    const accept = await call(api, 'POST', '/api/invitations/accept', {
      body: { token: link!.split('#')[1], password: 'a good long password' },
    });
    expect(accept.status).toBe(200);
    expect(accept.body.user.email).toBe(r.email);
  });

  it('sends the rejection with its reason (Spanish) and the on-hold request (English)', async () => {
    const es = (await nominate({ preferredLanguage: 'es' })).body;
    await move(es.id, { to: 'rejected', reason: 'No figura en la carta de credenciales.' });
    const en = (await nominate({ preferredLanguage: 'en' })).body;
    await move(en.id, { to: 'on-hold', reason: 'A signed letter of credentials is missing.' });
    await eventually(() => to(es.email).length === 2 && to(en.email).length === 2, 10_000, 'rejection and on-hold mails');
    const rejected = to(es.email).find((m) => m.subject?.includes('no aprobada'))!;
    expect(rejected.subject).toBe('REG-TEST: inscripción no aprobada');
    expect(rejected.text).toContain('Motivo: No figura en la carta de credenciales.');
    const held = to(en.email).find((m) => m.subject?.includes('on hold'))!;
    expect(held.text).toContain('A signed letter of credentials is missing.');
  });

  it('delays mail while the SMTP server refuses, without failing the request, and delivers it after retries', async () => {
    const email = `refused-${tag()}@example.org`;
    Object.assign(server.state, { refuse: 3, refuseTo: email });
    const started = Date.now();
    const res = await nominate({ preferredLanguage: 'en', email });
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(2000);
    await eventually(() => to(res.body.email).length === 1, 20_000, 'the mail after retries');
    expect(server.state.refused).toBeGreaterThanOrEqual(3);
    expect(to(res.body.email)).toHaveLength(1);
    // The worker records the delivery just after the SMTP server has taken the mail.
    const outbox = async () =>
      (await (await db()).query('SELECT attempts, sent_at, last_error FROM mail_outbox WHERE registration_id = $1', [res.body.id]))[0];
    await eventually(async () => (await outbox()).sent_at !== null, 5000, 'the delivery recorded in the outbox');
    const row = await outbox();
    expect(row.attempts).toBeGreaterThanOrEqual(4);
    expect(row.sent_at).not.toBeNull();
    expect(row.last_error).toBeNull();
  });

  it('queues mail left unqueued (e.g. Redis down at commit time) from the outbox', async () => {
    const res = await nominate({ preferredLanguage: 'en' });
    await eventually(() => to(res.body.email).length === 1, 10_000, 'the nomination mail');
    // Simulate a mail written with its change but never queued.
    const [{ id }] = await (
      await db()
    ).query(
      `INSERT INTO mail_outbox (template, language, recipient, vars, created_at) VALUES ('on-hold', 'en', $1, $2, now() - interval '1 minute') RETURNING id`,
      [res.body.email, JSON.stringify({ name: 'Someone', meeting: 'REG-TEST', reason: 'Left behind' })],
    );
    await eventually(() => to(res.body.email).length === 2, 10_000, 'the swept mail');
    // As above: the worker records the delivery just after the SMTP server has taken the mail.
    const swept = async () => (await (await db()).query('SELECT queued_at, sent_at FROM mail_outbox WHERE id = $1', [id]))[0];
    await eventually(async () => (await swept()).sent_at !== null, 5000, 'the swept mail recorded as sent');
    const row = await swept();
    expect(row.queued_at).not.toBeNull();
    expect(row.sent_at).not.toBeNull();
  });

  const approvalRow = async (registrationId: string) =>
    (
      await (
        await db()
      ).query<{ vars: Record<string, string>; sent_at: Date | null; attempts: number; last_error: string | null }[]>(
        `SELECT vars, sent_at, attempts, last_error FROM mail_outbox WHERE registration_id = $1 AND template = 'approved'`,
        [registrationId],
      )
    )[0];

  it('drops the invitation link from the stored vars once the mail is sent', async () => {
    const r = (await nominate({ preferredLanguage: 'en' })).body;
    await move(r.id, { to: 'approved' });
    await eventually(() => to(r.email).some((m) => m.subject?.includes('approved')), 10_000, 'the approval mail');
    const mailed = to(r.email).find((m) => m.subject?.includes('approved'))!;
    const token = /\/invitation#([A-Za-z0-9_-]+)/.exec(mailed.text ?? '')?.[1];
    expect(token).toBeTruthy();
    await eventually(async () => (await approvalRow(r.id))?.sent_at != null, 5000, 'the approval recorded as sent');
    const row = await approvalRow(r.id);
    expect(row.vars.link).toBeUndefined();
    expect(row.vars.expires).toBeUndefined();
    expect(JSON.stringify(row.vars)).not.toContain(token!);
    expect(row.vars.name).toBeTruthy(); // what is not secret stays, for the record
  });

  it('drops the invitation link when the mail is given up after the last attempt', async () => {
    const email = `given-up-${tag()}@example.org`;
    Object.assign(server.state, { refuse: 1000, refuseTo: email });
    const r = (await nominate({ preferredLanguage: 'en', email })).body;
    await move(r.id, { to: 'approved' });
    await eventually(async () => (await approvalRow(r.id))?.attempts === 6, 20_000, 'the approval mail given up');
    // the last attempt's update lands just after the refusal: wait for the vars to change
    await eventually(async () => (await approvalRow(r.id)).vars.link === undefined, 5000, 'the link scrubbed');
    const row = await approvalRow(r.id);
    expect(row.sent_at).toBeNull();
    expect(row.last_error).toContain('Mailbox busy');
    expect(row.vars.expires).toBeUndefined();
    Object.assign(server.state, { refuse: 0, refuseTo: '' });
  });
});
