import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a badge's QR code carries: which registration, for which meeting, which badge version. */
export interface BadgeClaims {
  /** registration id */
  rid: string;
  /** meeting id */
  mid: string;
  /** badge version: bumping it on the registration revokes every badge printed before */
  v: number;
  /** expiry, seconds since the epoch */
  exp: number;
}

export type BadgeCheck = { ok: true; claims: BadgeClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'cop-badge' })).toString('base64url');

/** Signs badge claims as a compact JWT (HMAC-SHA256), short enough for a small QR code. */
export function signBadge(claims: BadgeClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ rid: claims.rid, mid: claims.mid, v: claims.v, exp: claims.exp })).toString('base64url');
  const sig = createHmac('sha256', secret).update(`${HEADER}.${payload}`).digest('base64url');
  return `${HEADER}.${payload}.${sig}`;
}

/**
 * Checks the signature first (anything not signed by us is "forged", however well-formed),
 * then the expiry. Revocation and the meeting are checked by the caller against the database.
 */
export function verifyBadge(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): BadgeCheck {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return { ok: false, reason: 'malformed' };
  const [header, payload, sig] = parts;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (header !== HEADER) return { ok: false, reason: 'forged' };
  let claims: BadgeClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as BadgeClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.rid !== 'string' || typeof claims.mid !== 'string' || !Number.isInteger(claims.v) || !Number.isInteger(claims.exp))
    return { ok: false, reason: 'malformed' };
  if (claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/**
 * The claims of a token whose signature verifyBadge has accepted (an expired badge among them),
 * so the desk can tell whose badge it is. Never trust them without that check.
 */
export function claimsOfVerified(token: string): BadgeClaims {
  return JSON.parse(Buffer.from(token.trim().split('.')[1], 'base64url').toString('utf8')) as BadgeClaims;
}

/** BADGE_SECRET, else a key derived from JWT_SECRET (so a leaked badge key is not a login key). */
export function badgeSecret(config: { BADGE_SECRET?: string; JWT_SECRET: string }): string {
  return config.BADGE_SECRET ?? createHmac('sha256', config.JWT_SECRET).update('cop-badge-signing-key').digest('base64url');
}
