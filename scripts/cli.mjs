#!/usr/bin/env node
// `npm run cli -- <command>`: the administration CLI (apps/api/src/cli.ts) with a database:
// DATABASE_URL when set, else the embedded PostgreSQL under .data/ (shared with a running
// `npm start`, or started just for this command).

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './dependencies.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

try {
  ensureDependencies(root);
  const { provideServices } = await import('./services.mjs');
  const services = await provideServices({ root, redis: false, log: (line) => console.error(line) });
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/cli.ts', ...process.argv.slice(2)], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: services.databaseUrl },
    stdio: 'inherit',
  });
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  await services.stop();
  process.exit(code);
} catch (err) {
  console.error(`npm run cli: ${err.message}`);
  process.exit(1);
}
