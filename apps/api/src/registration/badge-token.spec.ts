import { badgeSecret, signBadge, verifyBadge } from './badge-token';

const secret = 'a-test-secret-that-is-long-enough-1234567890';
const claims = { rid: '6f1c2d3e-0000-4000-8000-000000000001', mid: '6f1c2d3e-0000-4000-8000-000000000002', v: 1, exp: 2_000_000_000 };

describe('badge tokens', () => {
  it('round-trips the claims when signed with the same key and not expired', () => {
    const token = signBadge(claims, secret);
    expect(token.split('.')).toHaveLength(3);
    expect(verifyBadge(token, secret, 1_900_000_000)).toEqual({ ok: true, claims });
  });

  it('calls a token signed with another key forged', () => {
    expect(verifyBadge(signBadge(claims, `${secret}x`), secret, 1_900_000_000)).toEqual({ ok: false, reason: 'forged' });
  });

  it('calls a token whose payload was edited forged (e.g. another registration id or version)', () => {
    const [h, , s] = signBadge(claims, secret).split('.');
    const edited = Buffer.from(JSON.stringify({ ...claims, v: 2 })).toString('base64url');
    expect(verifyBadge(`${h}.${edited}.${s}`, secret, 1_900_000_000)).toEqual({ ok: false, reason: 'forged' });
  });

  it('calls a correctly signed but past-expiry token expired', () => {
    expect(verifyBadge(signBadge(claims, secret), secret, 2_000_000_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('calls garbage malformed', () => {
    expect(verifyBadge('hello', secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyBadge('a.b.c!', secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyBadge('', secret)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('derives a distinct badge key from JWT_SECRET when BADGE_SECRET is unset', () => {
    const derived = badgeSecret({ JWT_SECRET: secret });
    expect(derived).not.toBe(secret);
    expect(derived).toBe(badgeSecret({ JWT_SECRET: secret }));
    expect(badgeSecret({ JWT_SECRET: secret, BADGE_SECRET: 'explicit-secret-explicit-secret-1234' })).toBe(
      'explicit-secret-explicit-secret-1234',
    );
  });
});
