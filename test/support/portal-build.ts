import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** The portal the browser tests run against, built by Jest's global setup; pass it to startApi({ PORTAL_DIR }). */
export const PORTAL_DIR = join(ROOT, '.data/test-portal');
const STAMP = `${PORTAL_DIR}.sources`;
/** What the build is made from: a change to any of it means a new build. */
const SOURCES = ['apps/portal', 'libs/contracts/src', 'package-lock.json'];

/** A hash of every source file of the portal (names and contents), so an unchanged tree is not built twice. */
function sourceHash(): string {
  const hash = createHash('sha256').update(process.env.PORTAL_API_URL ?? '');
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name !== 'dist' && name !== 'node_modules') visit(join(path, name));
    } else {
      hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  for (const source of SOURCES) if (existsSync(join(ROOT, source))) visit(join(ROOT, source));
  return hash.digest('hex');
}

/**
 * Builds the portal as it is in the working tree into PORTAL_DIR, unless the last build there
 * was made from the same sources, so a test never checks a stale build and a run builds at most
 * once. It is built aside and swapped in with two renames, so that an api still serving the old
 * build never finds the directory half-emptied.
 */
export function buildPortal(): { built: boolean; ms: number } {
  const started = Date.now();
  const sources = sourceHash();
  if (existsSync(join(PORTAL_DIR, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === sources) {
    return { built: false, ms: Date.now() - started };
  }
  mkdirSync(join(PORTAL_DIR, '..'), { recursive: true });
  const id = randomBytes(4).toString('hex');
  const fresh = `${PORTAL_DIR}-new-${id}`;
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', 'apps/portal/vite.config.ts', '--outDir', fresh, '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  const old = `${PORTAL_DIR}-old-${id}`;
  if (existsSync(PORTAL_DIR)) renameSync(PORTAL_DIR, old);
  renameSync(fresh, PORTAL_DIR);
  rmSync(old, { recursive: true, force: true });
  writeFileSync(STAMP, sources);
  return { built: true, ms: Date.now() - started };
}
