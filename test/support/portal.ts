import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { startApi, tag, type RunningApi } from './harness';
import { PORTAL_DIR } from './portal-build';

export { PORTAL_DIR };
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
 * For browser tests: starts the api serving the portal (built once by Jest's global setup), with
 * fast live-feed timers and its own document storage, signing key and queue under a scratch
 * directory (`dir`, for the caller to remove).
 */
export async function startPortalApi(name: string): Promise<{ api: RunningApi; dir: string }> {
  assertChromium();
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
