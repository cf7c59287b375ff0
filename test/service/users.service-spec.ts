import { ConflictException } from '@nestjs/common';
import { ZodError } from 'zod';
import { UsersService } from '../../apps/api/src/auth/users.service';
import { tag } from '../support/harness';
import { ServiceContext } from '../support/services';

/** Accounts as UsersService, the one place that creates them, stores them. */
describe('UsersService', () => {
  let ctx: ServiceContext;
  let users: UsersService;
  const stored = async (email: string) =>
    (await ctx.ds.query('SELECT email, role, display_name, password_hash FROM app_user WHERE email = $1', [email]))[0];

  beforeAll(async () => {
    ctx = await ServiceContext.start();
    users = ctx.get(UsersService);
  });
  afterAll(() => ctx.close());

  it('stores the password as an argon2id hash (19 MiB, 2 passes, 1 lane) that signs the account in', async () => {
    const email = `amina-${tag()}@test.cop`;
    const account = await users.create({ email: `  ${email.toUpperCase()} `, role: 'observer', password: 'a long enough password' });
    expect(account).toMatchObject({ email, role: 'observer' });
    const row = await stored(email);
    expect(row.display_name).toBe(email);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain('a long enough password');

    expect(await users.authenticate(email, 'a long enough password')).toMatchObject({ id: account.id, email });
    expect(await users.authenticate(email.toUpperCase(), 'a long enough password')).toMatchObject({ id: account.id });
    expect(await users.authenticate(email, 'a long enough passworD')).toBeNull();
    expect(await users.authenticate(`nobody-${tag()}@test.cop`, 'a long enough password')).toBeNull();
  });

  it('refuses a second account with the same email, in any case, and keeps the first one as it was', async () => {
    const email = `dup-${tag()}@test.cop`;
    await users.create({ email, role: 'delegate', password: 'the first password' });
    const before = await stored(email);
    await expect(users.create({ email: email.toUpperCase(), role: 'secretariat', password: 'the second password' })).rejects.toThrow(
      ConflictException,
    );
    expect(await stored(email)).toEqual(before);
    expect(await users.authenticate(email, 'the second password')).toBeNull();
  });

  it('validates what it is given: an email address, a known role, a password of 12 characters or more', async () => {
    const email = `short-${tag()}@test.cop`;
    await expect(users.create({ email, role: 'delegate', password: 'too short' })).rejects.toThrow(ZodError);
    await expect(users.create({ email: 'not-an-email', role: 'delegate', password: 'long enough password' })).rejects.toThrow(ZodError);
    await expect(users.create({ email, role: 'president' as never, password: 'long enough password' })).rejects.toThrow(ZodError);
    expect(await stored(email)).toBeUndefined();
  });

  it('creates an account without a password for an invitation: it cannot sign in until one is set', async () => {
    const email = `invited-${tag()}@test.cop`;
    const { account, needsPassword } = await users.accountFor(ctx.ds, { email, displayName: 'Invited', role: 'delegate' });
    expect(needsPassword).toBe(true);
    expect(await users.accountFor(ctx.ds, { email, displayName: 'Invited again', role: 'observer' })).toEqual({
      account,
      needsPassword: true,
    });
    expect(await users.authenticate(email, '!invitation-pending')).toBeNull();
    await users.setPasswordHash(ctx.ds, account.id, await users.hashPassword('now a real password'));
    expect(await users.needsPassword(ctx.ds, account.id)).toBe(false);
    expect(await users.authenticate(email, 'now a real password')).toMatchObject({ id: account.id, role: 'delegate' });
  });
});
