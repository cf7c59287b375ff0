import { buildPortal } from './portal-build';

/** Runs once before any test file: the browser tests share one build of the portal instead of each building it. */
export default function globalSetup(): void {
  const { built, ms } = buildPortal();
  if (built) process.stderr.write(`Built the portal for the browser tests in ${(ms / 1000).toFixed(1)} s\n`);
}
