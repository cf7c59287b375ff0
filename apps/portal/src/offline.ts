import * as auth from './auth';
import { CACHED_AT_HEADER, documentKey, DOCUMENTS_CACHE, mayServe, PRIVATE_CACHES, tokenHolder } from './offline-cache';
import { store } from './storage';

/**
 * The page's side of working offline: the service worker's registration, whether the network
 * is reachable (navigator.onLine, and what the last API call found), the documents kept on this
 * device, and forgetting them at sign-out.
 */

let offline = typeof navigator !== 'undefined' && navigator.onLine === false;
const listeners = new Set<(offline: boolean) => void>();

function setOffline(value: boolean): void {
  if (value === offline) return;
  offline = value;
  for (const fn of [...listeners]) fn(offline);
}

window.addEventListener('offline', () => setOffline(true));
window.addEventListener('online', () => setOffline(false));

/** The network looks unreachable: the browser says so, or the last API call failed or came from the saved copies. */
export function isOffline(): boolean {
  return offline;
}

export function onNetworkChange(fn: (offline: boolean) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * What an API answer says about the network: a fetch that failed outright means offline; an
 * answer the service worker took from its cache says when it was fetched; a fresh one means online.
 * Returns that time for a saved answer, else null.
 */
export function observeResponse(response: Response | null): Date | null {
  if (!response) {
    setOffline(true);
    return null;
  }
  const cachedAt = response.headers.get(CACHED_AT_HEADER);
  const at = cachedAt ? new Date(cachedAt) : null;
  setOffline(!!at || !navigator.onLine);
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

/** The API reads this page made, with their headers (the token), most recent last. */
const reads = new Map<string, Record<string, string>>();

/** api() calls this for every GET, so the service worker's first activation can save what the page shows. */
export function rememberRead(path: string, headers: Record<string, string>): void {
  reads.delete(path);
  reads.set(path, headers);
  if (reads.size > 20) reads.delete(reads.keys().next().value!);
}

/**
 * Installs the service worker (built portals only: Vite's dev server has no /sw.js). On a first
 * visit the page's data was fetched before the worker took control, so nothing was saved: fetch
 * those reads again once it has, so the schedule just seen also opens offline.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  if (!navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener(
      'controllerchange',
      () => {
        for (const [path, headers] of reads) void fetch(path, { headers, credentials: 'same-origin' }).catch(() => undefined);
      },
      { once: true },
    );
  }
  const register = () =>
    navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch(() => {
      /* no offline copies then; the portal works as before */
    });
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}

/** The bytes of a document version downloaded earlier on this device (by its SHA-256), if kept and this account's to read. */
export async function keptDocument(sha256: string): Promise<Response | undefined> {
  if (!('caches' in window)) return undefined;
  try {
    const kept = await caches.match(documentKey(sha256), { cacheName: DOCUMENTS_CACHE });
    return kept && mayServe(kept, tokenHolder(auth.token())) ? kept : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sign-out: forget the saved API answers and documents. They may include participants-only
 * sessions and documents, fine on the participant's own device while signed in, not after.
 */
export async function clearPrivateCaches(): Promise<void> {
  if (!('caches' in window)) return;
  await Promise.all(PRIVATE_CACHES.map((name) => caches.delete(name).catch(() => false)));
}

/** localStorage: the account the private caches were filled for ('' when signed out). */
const CACHE_ACCOUNT_KEY = 'cop.cacheAccount';

/**
 * At start and on every sign-in or sign-out: when the account is not the one the private
 * caches were filled for (signing in as someone else without signing out, in this tab or
 * another), forget what was saved for the previous one before anything is read.
 */
export async function forgetOtherAccounts(): Promise<void> {
  const account = tokenHolder(auth.token())?.id ?? '';
  const filledFor = store.get(CACHE_ACCOUNT_KEY);
  if (filledFor === account) return;
  store.set(CACHE_ACCOUNT_KEY, account);
  if (filledFor !== null || account) await clearPrivateCaches();
}
