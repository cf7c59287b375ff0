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
