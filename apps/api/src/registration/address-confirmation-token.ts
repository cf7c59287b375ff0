import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The link that confirms a self-registering person's address carries the request itself, signed:
 * nothing is stored for an unconfirmed request, so a flood of requests writes no registration rows.
 */
export interface AddressClaim<T> {
  meeting: string;
  request: T;
  /** seconds since the epoch */
  exp: number;
}

export function addressKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('cop-address-confirmation-key').digest();
}

export function signAddressClaim<T>(claim: AddressClaim<T>, key: Buffer): string {
  const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
  return `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
}

/** The claim, or why not: a forged or damaged token is `invalid`, an old one `expired`. */
export function verifyAddressClaim<T>(
  token: string,
  key: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): { ok: true; claim: AddressClaim<T> } | { ok: false; reason: 'invalid' | 'expired' } {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = createHmac('sha256', key).update(payload).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let claim: AddressClaim<T>;
  try {
    claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AddressClaim<T>;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof claim.exp !== 'number' || claim.exp < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claim };
}
