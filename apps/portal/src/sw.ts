/// <reference lib="webworker" />
/**
 * The portal's service worker, served as /sw.js (built on its own by vite.config.ts, which
 * fills in __PRECACHE__ with the build's files). It keeps the portal readable without network:
 *
 * - the app shell (index.html, the hashed scripts and styles, icons): precached at install,
 *   cache first; a deep link opened offline gets the cached index.html;
 * - meetings, sessions, streams and document lists: network first, the last good answer when the
 *   network fails (marked with CACHED_AT_HEADER so the page can say "as of HH:MM");
 * - documents the user downloaded: kept by SHA-256 (each version is immutable), cache first;
 *   a participants-only one is marked with its account and given back only to that account
 *   (its bearer token or the signed link's holder) while its token or link is unexpired.
 *
 * Everything else — POST/PATCH/PUT/DELETE, sign-in, the socket.io channel, media, health — goes
 * straight to the network, untouched: only the paths matched below are ever cached.
 */
import {
  CACHE_PREFIX,
  CACHED_AT_HEADER,
  DATA_CACHE,
  DOCUMENTS_CACHE,
  documentKey,
  mayServe,
  OWNER_HEADER,
  tokenHolder,
  type Holder,
} from './offline-cache';

declare const self: ServiceWorkerGlobalScope;
declare const __PRECACHE__: { version: string; files: string[] };

const SHELL_CACHE = `${CACHE_PREFIX}shell-${__PRECACHE__.version}`;
const SHELL_FILES = new Set(__PRECACHE__.files);
const CURRENT = new Set([SHELL_CACHE, DATA_CACHE, DOCUMENTS_CACHE]);
/** A slow network (a congested conference Wi-Fi) falls back to the saved copy after this long. */
const NETWORK_TIMEOUT_MS = 4000;
const SHA_HEADER = 'x-content-sha256';

/** The single-page portal's routes (the API's PortalController answers them with index.html). */
const PORTAL_PAGE = /^\/(?:$|meetings(?:\/.*)?$|login\/?$|console(?:\/.*)?$|invitation\/?$)/;
/** API reads worth showing offline: meetings, one meeting, its sessions, streams and documents (list and one). */
const DATA = /^\/api\/meetings(?:\/[^/]+(?:\/(?:sessions|streams|documents(?:\/[^/]+)?))?)?\/?$/;
/** One language version of a document (…/files/en?version=3) or a signed link to one (/api/document-links/:fileId/:name). */
const DOCUMENT_FILE = /^\/api\/meetings\/[^/]+\/documents\/[^/]+\/files\/[^/]+$/;
const DOCUMENT_LINK = /^\/api\/document-links\/[^/]+\/[^/]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // Bypass the HTTP cache: the shell must be exactly this build's files.
      await cache.addAll([...SHELL_FILES].map((path) => new Request(path, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && !CURRENT.has(name)) await caches.delete(name);
      }
      // Control the pages already open, so the first visit is served offline too.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (DOCUMENT_FILE.test(path) || DOCUMENT_LINK.test(path)) {
    // Range requests (a PDF viewer paging through) go to the network; whole files are kept.
    if (!request.headers.has('range')) event.respondWith(documentFile(event, url));
  } else if (DATA.test(path)) {
    event.respondWith(networkFirst(event, DATA_CACHE));
  } else if (request.mode === 'navigate' && PORTAL_PAGE.test(path)) {
    event.respondWith(portalPage(request));
  } else if (SHELL_FILES.has(path)) {
    event.respondWith(shellFile(request));
  }
});

async function shellFile(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName: SHELL_CACHE })) ?? fetch(request);
}

/** index.html from the network (it names the newest build), the precached one offline. */
async function portalPage(request: Request): Promise<Response> {
  try {
    return await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
  } catch (e) {
    const shell = await caches.match('/index.html', { cacheName: SHELL_CACHE });
    if (shell) return shell;
    throw e;
  }
}

/**
 * The network's answer when there is one (and it is kept), else the last one kept, marked with
 * when it was fetched. Cache.match honours the answer's Vary: Authorization, so a signed-in
 * answer is only ever given back to a request with the same token.
 */
async function networkFirst(event: FetchEvent, cacheName: string): Promise<Response> {
  const request = event.request;
  const network = fetch(request.clone()).then((response) => {
    if (response.status === 200 && !/no-store/i.test(response.headers.get('cache-control') ?? '')) {
      event.waitUntil(keepData(cacheName, request, response.clone()));
    }
    return response;
  });
  network.catch(() => undefined); // a failure after the saved copy was served is no error
  try {
    return await withTimeout(network, NETWORK_TIMEOUT_MS);
  } catch (e) {
    const saved = await caches.match(request, { cacheName });
    if (saved) return saved;
    // Nothing kept: a slow network may still answer; a failed one fails the page's fetch.
    if ((e as Error).name === 'TimeoutError') return network;
    throw e;
  }
}

async function keepData(cacheName: string, request: Request, response: Response): Promise<void> {
  const headers = new Headers(response.headers);
  headers.set(CACHED_AT_HEADER, new Date().toISOString());
  const body = await response.arrayBuffer();
  const cache = await caches.open(cacheName);
  await cache.put(request, new Response(body, { status: response.status, statusText: response.statusText, headers }));
}

/**
 * A document version: from the cache if this version was downloaded before, else from the
 * network, keeping the bytes (checked against their SHA-256) under documentKey(sha256) and a
 * small pointer under the request's stable address (without the signed link's expiry and
 * signature) and its holder. "Latest" without ?version= is not immutable, so only its bytes are
 * kept. A participants-only copy is only for its own account, and an expired link or token is
 * never answered from the cache: the network says whether it is still good.
 */
async function documentFile(event: FetchEvent, url: URL): Promise<Response> {
  const holder = holderOf(event.request, url);
  const pointerKey = stableAddress(url, holder);
  if (pointerKey && (!holder || holder.until > Date.now())) {
    const pointer = await caches.match(pointerKey, { cacheName: DOCUMENTS_CACHE });
    const sha = pointer?.headers.get(SHA_HEADER);
    const kept = sha ? await caches.match(documentKey(sha), { cacheName: DOCUMENTS_CACHE }) : undefined;
    if (kept && mayServe(kept, holder)) return kept;
  }
  const response = await fetch(event.request);
  if (response.status === 200) event.waitUntil(keepDocument(response.clone(), pointerKey, holder));
  return response;
}

/** The account a request acts for: a signed link's holder (until the link expires), else the bearer token's. */
function holderOf(request: Request, url: URL): Holder | null {
  if (DOCUMENT_LINK.test(url.pathname)) {
    const by = url.searchParams.get('by');
    const expires = Number(url.searchParams.get('expires'));
    // An anonymous link still expires: its holder is "anyone" until then.
    return { id: by ?? '', until: Number.isFinite(expires) ? expires * 1000 : 0 };
  }
  return tokenHolder(/^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? null);
}

function stableAddress(url: URL, holder: Holder | null): string | null {
  const who = `holder=${encodeURIComponent(holder?.id ?? '')}`;
  if (DOCUMENT_LINK.test(url.pathname)) return `${url.pathname}?${who}`;
  const version = url.searchParams.get('version');
  return version && /^\d+$/.test(version) ? `${url.pathname}?version=${version}&${who}` : null;
}

async function keepDocument(response: Response, pointerKey: string | null, holder: Holder | null): Promise<void> {
  const sha = response.headers.get(SHA_HEADER)?.toLowerCase();
  if (!sha || /no-store/i.test(response.headers.get('cache-control') ?? '')) return;
  const body = await response.arrayBuffer();
  if (hex(await crypto.subtle.digest('SHA-256', body)) !== sha) return; // cut short or altered: not kept
  const headers = new Headers(response.headers);
  // The body is kept decoded and whole.
  headers.delete('content-encoding');
  headers.set('content-length', String(body.byteLength));
  // A participants-only file (answered privately) belongs to the account that fetched it.
  const restricted = /private/i.test(response.headers.get('cache-control') ?? '');
  if (restricted && !holder?.id) return;
  if (restricted) headers.set(OWNER_HEADER, holder!.id);
  else headers.delete(OWNER_HEADER);
  const cache = await caches.open(DOCUMENTS_CACHE);
  await cache.put(documentKey(sha), new Response(body, { status: 200, headers }));
  if (pointerKey) await cache.put(pointerKey, new Response(null, { headers: { [SHA_HEADER]: sha } }));
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DOMException('The network did not answer in time', 'TimeoutError')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
