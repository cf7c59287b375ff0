import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { startApi, tag, type RunningApi } from './harness';

const ROOT = resolve(__dirname, '../..');
/** Where the portal is built; pass it to startApi({ PORTAL_DIR }). */
export const PORTAL_DIR = join(ROOT, 'apps/portal/dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
}

/**
 * Builds the portal as it is in the working tree (always, so a test never checks a stale
 * build). It is built aside and swapped in with two renames, so that an API another test file
 * starts meanwhile never finds apps/portal/dist half-emptied.
 */
export function buildPortal(): void {
  const scratch = join(ROOT, 'node_modules/.cache');
  mkdirSync(scratch, { recursive: true });
  const fresh = join(scratch, `portal-build-${tag()}`);
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', 'apps/portal/vite.config.ts', '--outDir', fresh, '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  const old = join(scratch, `portal-old-${tag()}`);
  if (existsSync(PORTAL_DIR)) renameSync(PORTAL_DIR, old);
  renameSync(fresh, PORTAL_DIR);
  rmSync(old, { recursive: true, force: true });
}

/** A browser context already signed in to the portal (the token where the login page keeps it). */
export async function signedInContext(
  browser: Browser,
  user: { token: string; email: string; role: string },
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, ...options });
  await context.addInitScript(
    ({ token, email, role }) => {
      if (!localStorage.getItem('cop.token')) {
        localStorage.setItem('cop.token', token);
        localStorage.setItem('cop.user', JSON.stringify({ email, role }));
      }
    },
    { token: user.token, email: user.email, role: user.role },
  );
  return context;
}

/**
 * For browser tests: builds the portal and starts the api serving it, with fast live-feed
 * timers and its own document storage, signing key and queue under a scratch directory (`dir`,
 * for the caller to remove).
 */
export async function startPortalApi(name: string): Promise<{ api: RunningApi; dir: string }> {
  assertChromium();
  buildPortal();
  const dir = mkdtempSync(join(tmpdir(), `cop-${name}-`));
  const api = await startApi({
    PORTAL_DIR,
    LIVE_HEAD_INTERVAL_MS: '500',
    OUTBOX_POLL_MS: '200',
    DOCUMENT_DIR: dir,
    DOCUMENT_SIGNING_KEY_FILE: join(dir, 'keys', 'signing.pem'),
    DOCUMENT_QUEUE_PREFIX: `cop-test-${tag()}`,
  });
  return { api, dir };
}
