import { spawnSync } from 'node:child_process';
import { io } from 'socket.io-client';
import { LIVE_NAMESPACE, LiveEvents } from '@cop/contracts';
import { TestContext } from '../support/fixtures';
import { call, db, tag, type RunningApi } from '../support/harness';

const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/cli.ts', ...args], {
    input,
    encoding: 'utf8',
    env: process.env,
    timeout: 60_000,
  });

describe('accounts, sign-in and roles', () => {
  let ctx: TestContext;
  let api: RunningApi;

  beforeAll(async () => {
    ctx = await TestContext.start({
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_IP: '8', LOGIN_WINDOW_SECONDS: '60' },
    });
    api = ctx.api;
  });
  afterAll(() => ctx.close());

  it('stores passwords as argon2id and issues a JWT accepted by REST and the socket.io handshake', async () => {
    const user = await ctx.newAccount('delegate');
    const [row] = await (await db()).query('SELECT password_hash FROM app_user WHERE email = $1', [user.email]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const me = await call(api, 'GET', '/api/auth/me', { token: user.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: user.email, role: 'delegate' });
    expect((await call(api, 'GET', '/api/auth/me')).status).toBe(401);

    const socket = io(`${api.url}${LIVE_NAMESPACE}`, { transports: ['websocket'], auth: { token: user.token }, reconnection: false });
    const errors: unknown[] = [];
    socket.on(LiveEvents.Error, (e) => errors.push(e));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    await new Promise((r) => setTimeout(r, 200));
    expect(socket.connected).toBe(true);
    expect(errors).toEqual([]);
    socket.disconnect();
  });

  it('rejects wrong passwords and unknown accounts alike, without saying which', async () => {
    const user = await ctx.newAccount('observer');
    const ip = { 'x-forwarded-for': `10.1.${Math.floor(Math.random() * 250)}.1` };
    const wrong = await call(api, 'POST', '/api/auth/login', { body: { email: user.email, password: 'not-it-at-all' }, headers: ip });
    const unknown = await call(api, 'POST', '/api/auth/login', {
      body: { email: `nobody-${tag()}@test.cop`, password: 'whatever-123' },
      headers: ip,
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    const invalid = await call(api, 'POST', '/api/auth/login', { body: { email: 'not-an-email', password: '' }, headers: ip });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password']);
  });

  it('limits failed sign-ins per account from one address: 429 there, even with the right password; its owner elsewhere gets in', async () => {
    const user = await ctx.newAccount('delegate');
    const guesser = { 'x-forwarded-for': '10.2.7.7' };
    for (let i = 0; i < 5; i++) {
      const res = await call(api, 'POST', '/api/auth/login', { body: { email: user.email, password: `wrong-${i}` }, headers: guesser });
      expect(res.status).toBe(401);
    }
    const blocked = await call(api, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password }, headers: guesser });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.message).toMatch(/Too many failed sign-in attempts/);
    // Ten wrong passwords are not a way to lock someone out of their account.
    const owner = await call(api, 'POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
      headers: { 'x-forwarded-for': '10.2.9.9' },
    });
    expect(owner.status).toBe(200);
  });

  it('takes the client address from the balancer, not from what the client wrote in X-Forwarded-For', async () => {
    // TRUST_PROXY=true: one trusted hop; the balancer appends the address it saw last.
    const balancerSaw = `10.6.${Math.floor(Math.random() * 250)}.6`;
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await call(api, 'POST', '/api/auth/login', {
        body: { email: `forged-${i}-${tag()}@test.cop`, password: 'password-guess' },
        headers: { 'x-forwarded-for': `198.51.100.${i}, ${balancerSaw}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(8).fill(401), 429]);
  });

  it('limits failed sign-ins per client IP across accounts', async () => {
    const ip = { 'x-forwarded-for': `10.3.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
    for (let i = 0; i < 8; i++) {
      const res = await call(api, 'POST', '/api/auth/login', {
        body: { email: `guess-${i}-${tag()}@test.cop`, password: 'password-guess' },
        headers: ip,
      });
      expect(res.status).toBe(401);
    }
    const user = await ctx.newAccount('observer');
    const blocked = await call(api, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password }, headers: ip });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBeTruthy();
    // Another address is unaffected.
    const elsewhere = await call(api, 'POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
      headers: { 'x-forwarded-for': '10.4.4.4' },
    });
    expect(elsewhere.status).toBe(200);
  });

  it('creates users from the CLI, with the password as a flag or on stdin, and validates input', async () => {
    const email = `cli-${tag()}@test.cop`;
    const made = cli(['user:create', '--email', email, '--role', 'secretariat', '--password', 'correct horse battery staple']);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(new RegExp(`Created secretariat account ${email}`));
    const login = await call(api, 'POST', '/api/auth/login', {
      body: { email, password: 'correct horse battery staple' },
      headers: { 'x-forwarded-for': '10.5.5.5' },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('secretariat');

    const viaStdin = `stdin-${tag()}@test.cop`;
    const piped = cli(['user:create', '--email', viaStdin, '--role', 'delegate'], 'a long piped password\n');
    expect(piped.status).toBe(0);
    expect(
      (
        await call(api, 'POST', '/api/auth/login', {
          body: { email: viaStdin, password: 'a long piped password' },
          headers: { 'x-forwarded-for': '10.5.5.6' },
        })
      ).status,
    ).toBe(200);

    const dup = cli(['user:create', '--email', email, '--role', 'delegate', '--password', 'another password 1']);
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const badRole = cli(['user:create', '--email', `x-${tag()}@test.cop`, '--role', 'president', '--password', 'long enough password']);
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toMatch(/--role must be one of secretariat, delegate, observer/);
    const short = cli(['user:create', '--email', `y-${tag()}@test.cop`, '--role', 'delegate', '--password', 'short']);
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/password must be at least 12 characters/);
  });
});
