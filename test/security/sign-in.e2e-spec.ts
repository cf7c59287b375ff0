import { randomBytes } from 'node:crypto';
import { TestContext } from '../support/fixtures';
import { call, tag, type RunningApi } from '../support/harness';

/** Guessing passwords and invitation links: counted atomically, refused cheaply. */
describe('sign-in and invitation links under guessing', () => {
  let ctx: TestContext;
  let api: RunningApi;
  const randomIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

  beforeAll(async () => {
    ctx = await TestContext.start({
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_IP: '1000', INVITATION_MAX_FAILURES_PER_IP: '10' },
    });
    api = ctx.api;
  });
  afterAll(() => ctx?.close());

  it('gives 20 parallel wrong passwords from one address no more tries than the limit of 5', async () => {
    const user = await ctx.newAccount('delegate');
    const guesser = randomIp();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(api, 'POST', '/api/auth/login', {
          body: { email: user.email, password: `wrong-${i}` },
          headers: { 'x-forwarded-for': guesser },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('judges an invitation token before hashing the password, and limits wrong tokens per address', async () => {
    const accept = (ip: string) =>
      call(api, 'POST', '/api/invitations/accept', {
        body: { token: randomBytes(32).toString('base64url'), password: 'a long enough password' },
        headers: { 'x-forwarded-for': ip },
      });
    const wrongLogin = () =>
      call(api, 'POST', '/api/auth/login', {
        body: { email: `nobody-${tag()}@test.cop`, password: 'a long enough password' },
        headers: { 'x-forwarded-for': randomIp() },
      });
    // A wrong password costs an argon2 verification (also for unknown accounts); a wrong token must cost far less.
    // Medians of single requests: a busy machine slows both alike, one stall does not decide.
    const median = async (n: number, f: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        await f();
        times.push(Number(process.hrtime.bigint() - t0));
      }
      return times.sort((a, b) => a - b)[Math.floor(n / 2)];
    };
    await wrongLogin();
    const login = await median(9, wrongLogin);
    const acceptance = await median(9, () => accept(randomIp()));
    expect(acceptance).toBeLessThan(login / 2);

    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await accept(ip)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another address is unaffected.
    expect((await accept(randomIp())).status).toBe(404);
  });
});
