import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { TestContext } from './fixtures';
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

/** Chromium for the browser tests (headless, with `extraArgs`); closed by the test file. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * For browser tests: a test context whose api serves the portal (built once by Jest's global
 * setup), with fast live-feed timers and document storage of its own; `env` adds to that.
 */
export function startPortalContext(env: Record<string, string> = {}): Promise<TestContext> {
  assertChromium();
  return TestContext.start({
    documents: true,
    env: { PORTAL_DIR, LIVE_HEAD_INTERVAL_MS: '500', OUTBOX_POLL_MS: '200', ...env },
  });
}
