/**
 * Names shared by the service worker (sw.ts) and the page (offline.ts). No DOM, no imports:
 * the service worker is bundled on its own from it.
 */

/** Every cache this portal owns starts with this; the service worker deletes the ones it no longer uses. */
export const CACHE_PREFIX = 'cop-';
/** API answers (meetings, sessions, document lists), network first. Bump the version when their shape changes. */
export const DATA_CACHE = 'cop-data-v1';
/** Documents the user has downloaded, by content hash. */
export const DOCUMENTS_CACHE = 'cop-documents-v1';
/** Caches that may hold what only this user may see: emptied on sign-out. */
export const PRIVATE_CACHES = [DATA_CACHE, DOCUMENTS_CACHE];

/** Header the service worker adds to an API answer it served from its cache: when it was fetched (ISO). */
export const CACHED_AT_HEADER = 'x-cop-cached-at';

/** Where a downloaded document's bytes are kept: its SHA-256, so every version is its own entry and never stale. */
export function documentKey(sha256: string): string {
  return `/__offline/documents/${sha256.toLowerCase()}`;
}

/** On a kept participants-only document: the account it was fetched for (public ones have none). */
export const OWNER_HEADER = 'x-cop-owner';

/** Who a request or page acts for: the account's id and until when (ms), from its bearer token or signed link. */
export interface Holder {
  id: string;
  until: number;
}

/**
 * The account id (`sub`) and expiry of a bearer token, read from its payload without checking
 * the signature (the API does that): enough to tell one account's cached files from another's.
 */
export function tokenHolder(token: string | null): Holder | null {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown; exp?: unknown };
    if (typeof claims.sub !== 'string') return null;
    return { id: claims.sub, until: typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY };
  } catch {
    return null;
  }
}

/** A kept document may be given to `holder`: a public one to anyone, a participants-only one to its account while signed in. */
export function mayServe(kept: Response, holder: Holder | null, now = Date.now()): boolean {
  const owner = kept.headers.get(OWNER_HEADER);
  if (!owner) return true;
  return !!holder && holder.id === owner && holder.until > now;
}
