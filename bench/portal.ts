/**
 * `npm run bench -- portal [--loads 10] [--sessions 300] [--days 5]`
 *
 * The portal's performance budget (the figures, printed against what is measured):
 *
 * 1. JavaScript shipped. The portal is built for production (Vite, into a scratch directory) and
 *    served by the real api. Headless Chromium opens the schedule page in a fresh context and every
 *    script response is recorded until the schedule has rendered and the network has been quiet
 *    for a moment: the entry chunk, its static imports and anything the page loads on the way.
 *    Each body is gzipped (zlib level 9, as a static server would precompress it) and summed.
 *    Budget: under 150 KB gzipped; the part fetched before the schedule was shown is printed too
 *    (socket.io comes after it). The same for the live page, which is where hls.js must load
 *    (and only there): the listing says which scripts contain hls.js.
 * 2. First render of the schedule. A meeting of `--sessions` sessions over `--days` days is created
 *    through the api; the schedule of its first day is opened `--loads` times, each in a new
 *    browser context (cold: no HTTP cache, no storage). Measured: navigation start to the page's
 *    `performance.mark('schedule:rendered')`, which the schedule sets once every row of the
 *    chosen day is in the DOM (and first contentful paint). Budget: under 1 s (median and max).
 *    Baselines in the same run, same server, same browser:
 *      - static:  the rendered schedule saved as a plain HTML file (same rows, same CSS, no
 *                 script) served from the portal directory: navigation start to the end of
 *                 parsing (domInteractive: every row in the DOM), and its first paint;
 *      - empty:   the same schedule page for a meeting with no sessions (the cost of booting the
 *                 portal and its two API requests, without rows).
 *
 * Expects DATABASE_URL (migrated), REDIS_URL, BENCH_SECRETARIAT_EMAIL and
 * BENCH_SECRETARIAT_PASSWORD: scripts/bench.mjs provides them. Needs Chromium (CHROMIUM_PATH,
 * default /usr/bin/chromium).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { STREAM_CHANNELS } from '@cop/contracts';
import { fmt, percentile, ROOT, sleep, spawnServer, type Peer } from './lib/util';

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    loads: { type: 'string', default: '10' },
    sessions: { type: 'string', default: '300' },
    days: { type: 'string', default: '5' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (flags.help) {
  console.log(readFileSync(__filename, 'utf8').split('*/')[0]);
  process.exit(0);
}
const LOADS = Number(flags.loads);
const SESSIONS = Number(flags.sessions);
const DAYS = Number(flags.days);
const JS_BUDGET_KB = 150;
const RENDER_BUDGET_MS = 1000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-sync',
];
const { DATABASE_URL, REDIS_URL, BENCH_SECRETARIAT_EMAIL: EMAIL, BENCH_SECRETARIAT_PASSWORD: PASSWORD } = process.env;
const log = (s: string) => console.log(`[portal] ${s}`);

const work = mkdtempSync(join(tmpdir(), 'cop-bench-portal-'));
const portalDir = join(work, 'dist');
let api: Peer | null = null;
let browser: Browser | null = null;
async function cleanup(): Promise<void> {
  await browser?.close().catch(() => undefined);
  await api?.stop();
  rmSync(work, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().then(() => process.exit(130)));

// ---------------------------------------------------------------------------------------------
// Set-up: build, api, data

async function startApi(): Promise<string> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  api = spawnServer('api', join(ROOT, 'apps/api/src/main.ts'), {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL,
    REDIS_URL,
    PORTAL_DIR: portalDir,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'warn',
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ;) {
    if (api.exited) throw new Error(`the api exited during start-up:\n${api.tail()}`);
    if (
      await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return url;
    if (Date.now() > deadline) throw new Error(`the api did not become ready:\n${api.tail()}`);
    await sleep(200);
  }
}

async function json<T>(url: string, method: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const dayOf = (start: string, i: number) => new Date(Date.parse(`${start}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);

/** A meeting of `sessions` sessions spread over `days` days and 8 rooms, a few of each status and type. */
async function makeMeeting(url: string, token: string, sessions: number, days: number): Promise<{ code: string; day: string }> {
  const code = `bench-${randomBytes(3).toString('hex')}`;
  const start = '2031-03-03';
  const base = `${url}/api/meetings/${code}`;
  await json(`${url}/api/meetings`, 'POST', token, {
    code,
    title: { en: `Portal benchmark ${code}`, fr: `Banc d’essai ${code}` },
    shortTitle: 'BENCH',
    venue: 'CICG, Geneva',
    timeZone: 'Europe/Zurich',
    startDate: start,
    endDate: dayOf(start, days - 1),
  });
  const rooms: { id: string }[] = [];
  for (let r = 1; r <= 8; r++) rooms.push(await json(`${base}/rooms`, 'POST', token, { name: `Room ${r}` }));
  const items: { id: string }[] = [];
  for (let a = 1; a <= 12; a++)
    items.push(await json(`${base}/agenda-items`, 'POST', token, { number: String(a), title: { en: `Item ${a}` } }));
  const types = ['plenary', 'committee', 'contact-group', 'regional-group', 'bureau', 'side-event', 'press-briefing', 'other'];
  const perDay = Math.ceil(sessions / days);
  const queue = Array.from({ length: sessions }, (_, i) => i);
  // Eight at a time: the api's transaction per session is the slow part.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const day = dayOf(start, Math.floor(i / perDay));
        const slot = i % perDay;
        const hour = 8 + Math.floor(slot / 8) * 1.5;
        const hh = (h: number) => `${String(Math.floor(h)).padStart(2, '0')}:${h % 1 ? '30' : '00'}`;
        await json(`${base}/sessions`, 'POST', token, {
          type: types[i % types.length],
          title: { en: `Session ${i + 1}: consideration of agenda item ${(i % 12) + 1}`, fr: `Séance ${i + 1}` },
          roomId: rooms[slot % rooms.length].id,
          startsAt: `${day}T${hh(hour)}`,
          endsAt: `${day}T${hh(hour + 1.5)}`,
          agendaItemIds: [items[i % items.length].id],
          ...(i % 10 === 3 ? { status: 'postponed' } : i % 10 === 6 ? { status: 'cancelled' } : {}),
          ...(i % 7 === 0 ? { visibility: 'participants' } : {}),
        });
      }
    }),
  );
  return { code, day: start };
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface Script {
  path: string;
  bytes: number;
  gzip: number;
  hls: boolean;
  /** Fetched after the page was ready (e.g. socket.io's chunk, loaded once the schedule is shown). */
  late: boolean;
}

/** Every script a fresh visit to `path` loads until `ready` holds and the network has been quiet for 1 s. */
async function scriptsOf(url: string, path: string, ready: string): Promise<Script[]> {
  const context = await browser!.newContext();
  const page = await context.newPage();
  const pending: Promise<Script | null>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    pending.push(
      res.body().then(
        (body) => ({
          late: false,
          path: new URL(res.url()).pathname,
          bytes: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
          // A class name hls.js keeps in its minified build.
          hls: body.includes('audioTrackController'),
        }),
        () => null,
      ),
    );
  });
  await page.goto(`${url}${path}`);
  await page.waitForFunction(ready, null, { timeout: 30_000 });
  // The scripts requested before the page was ready (the schedule's mark; for other pages, now).
  const early = new Set(
    await page.evaluate(() => {
      const readyAt = performance.getEntriesByName('schedule:rendered')[0]?.startTime ?? performance.now();
      return performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('.js') && e.startTime < readyAt)
        .map((e) => new URL(e.name).pathname);
    }),
  );
  await page.waitForLoadState('networkidle');
  await sleep(1000);
  const scripts = (await Promise.all(pending)).filter((s): s is Script => !!s).map((s) => ({ ...s, late: !early.has(s.path) }));
  await context.close();
  return scripts;
}

interface Load {
  rendered: number;
  fcp: number;
  rows: number;
}

/** One cold load of the schedule: navigation start → 'schedule:rendered', and first contentful paint. */
async function scheduleLoad(pageUrl: string): Promise<Load> {
  const context = await browser!.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.waitForFunction(() => performance.getEntriesByName('schedule:rendered').length > 0, null, { timeout: 30_000 });
  const load = await page.evaluate(async () => {
    // First contentful paint may come a frame after the mark.
    for (let i = 0; i < 50 && !performance.getEntriesByName('first-contentful-paint').length; i++)
      await new Promise((r) => setTimeout(r, 20));
    const mark = performance.getEntriesByName('schedule:rendered')[0] as PerformanceMark;
    return {
      rendered: mark.startTime,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      rows: document.querySelectorAll('.session-list > li').length,
    };
  });
  await context.close();
  return load;
}

/** One cold load of the static copy: navigation start → end of parsing (every row in the DOM), and first paint. */
async function staticLoad(pageUrl: string): Promise<Load> {
  const context = await browser!.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(pageUrl, { waitUntil: 'load' });
  const load = await page.evaluate(async () => {
    for (let i = 0; i < 50 && !performance.getEntriesByName('first-contentful-paint').length; i++)
      await new Promise((r) => setTimeout(r, 20));
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      rendered: nav.domInteractive,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      rows: document.querySelectorAll('.session-list > li').length,
    };
  });
  await context.close();
  return load;
}

/** The schedule as the portal rendered it, saved as plain HTML: same rows and stylesheet, no script. */
async function saveStaticCopy(pageUrl: string): Promise<string> {
  const context = await browser!.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.waitForFunction(() => performance.getEntriesByName('schedule:rendered').length > 0, null, { timeout: 30_000 });
  const html = await page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true) as HTMLElement;
    for (const el of doc.querySelectorAll('script, link[rel="modulepreload"]')) el.remove();
    return `<!doctype html>\n${doc.outerHTML}`;
  });
  await context.close();
  writeFileSync(join(portalDir, 'bench-static.html'), html);
  return '/bench-static.html';
}

function stats(values: number[]): { median: number; max: number; min: number } {
  return { median: percentile(values, 50), max: Math.max(...values), min: Math.min(...values) };
}

const kb = (n: number) => `${fmt(n / 1024)} KB`;

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!DATABASE_URL || !EMAIL || !PASSWORD)
    throw new Error('run through `npm run bench -- portal` (DATABASE_URL and the secretariat account)');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);

  log('building the portal (vite build, production)');
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'apps/portal/vite.config.ts',
      '--outDir',
      portalDir,
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const url = await startApi();
  const { token } = await json<{ token: string }>(`${url}/api/auth/login`, 'POST', null, { email: EMAIL, password: PASSWORD });
  log(`creating a meeting of ${SESSIONS} sessions over ${DAYS} days`);
  const t0 = performance.now();
  const big = await makeMeeting(url, token, SESSIONS, DAYS);
  const empty = await makeMeeting(url, token, 0, DAYS);
  log(`  done in ${fmt((performance.now() - t0) / 1000)} s`);
  // A live stream, so that the live page loads its player (and hls.js) as a viewer's would.
  const stream = await json<{ id: string }>(`${url}/api/meetings/${big.code}/streams`, 'POST', token, {
    name: 'Plenary',
    roomId: (await json<{ rooms: { id: string }[] }>(`${url}/api/meetings/${big.code}`, 'GET', null)).rooms[0].id,
    masterUrl: '/media/none/master.m3u8',
    channels: STREAM_CHANNELS.map((code) => ({ code, audioOnlyUrl: `/media/none/${code}/index.m3u8` })),
  });
  await json(`${url}/api/meetings/${big.code}/streams/${stream.id}/status`, 'PATCH', token, { status: 'live' });

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const scheduleUrl = `${url}/meetings/${big.code}/schedule?day=${big.day}&lang=en`;

  // 1. JavaScript
  const rendered = `() => performance.getEntriesByName('schedule:rendered').length > 0`;
  const schedule = await scriptsOf(url, `/meetings/${big.code}/schedule?day=${big.day}`, rendered);
  const live = await scriptsOf(
    url,
    `/meetings/${big.code}/live`,
    `() => !!document.querySelector('.player-host video, .player-host audio')`,
  );
  const total = (s: Script[]) => s.reduce((a, x) => a + x.gzip, 0);
  const listing = (s: Script[]) =>
    s
      .map(
        (x) =>
          `    ${x.path.padEnd(44)} ${kb(x.bytes).padStart(9)} raw ${kb(x.gzip).padStart(9)} gzip${x.hls ? '  (hls.js)' : ''}${x.late ? '  (after the page was ready)' : ''}`,
      )
      .join('\n');
  const early = (s: Script[]) => total(s.filter((x) => !x.late));
  console.log('\nJavaScript shipped (every script response recorded in Chromium; gzip -9 of each body)');
  console.log(`  schedule page: ${schedule.length} script(s)\n${listing(schedule)}`);
  console.log(
    `  schedule total ${kb(total(schedule))} gzipped — budget ${JS_BUDGET_KB} KB: ${total(schedule) < JS_BUDGET_KB * 1024 ? 'met' : 'NOT MET'} ` +
      `(${fmt((100 * total(schedule)) / (JS_BUDGET_KB * 1024), 0)} % of it); hls.js ${schedule.some((s) => s.hls) ? 'IS' : 'is not'} loaded; ` +
      `${kb(early(schedule))} before the schedule was shown`,
  );
  console.log(`  live page: ${live.length} script(s)\n${listing(live)}`);
  console.log(`  live total ${kb(total(live))} gzipped; hls.js ${live.some((s) => s.hls) ? 'is loaded here' : 'NOT FOUND'}`);

  // 2. First render
  const expectedRows = (
    await json<{ sessions: { day: string }[] }>(`${url}/api/meetings/${big.code}/sessions`, 'GET', null)
  ).sessions.filter((s) => s.day === big.day).length;
  const staticPath = await saveStaticCopy(scheduleUrl);
  await scheduleLoad(scheduleUrl); // one unmeasured load: the api's first requests warm its caches
  const spa: Load[] = [];
  const bare: Load[] = [];
  const none: Load[] = [];
  // Interleaved, so that whatever else the machine is doing weighs on all three alike.
  for (let i = 0; i < LOADS; i++) {
    spa.push(await scheduleLoad(scheduleUrl));
    bare.push(await staticLoad(`${url}${staticPath}`));
    none.push(await scheduleLoad(`${url}/meetings/${empty.code}/schedule?day=${empty.day}&lang=en`));
  }
  const rows = new Set(spa.map((l) => l.rows));
  if (rows.size !== 1 || !rows.has(expectedRows)) throw new Error(`rendered ${[...rows].join('/')} rows, expected ${expectedRows}`);
  if (!bare.every((l) => l.rows === expectedRows)) throw new Error('the static copy does not hold every row');
  const s = stats(spa.map((l) => l.rendered));
  const b = stats(bare.map((l) => l.rendered));
  const e = stats(none.map((l) => l.rendered));
  const line = (name: string, st: ReturnType<typeof stats>, fcp: number[]) =>
    `  ${name.padEnd(34)} median ${fmt(st.median, 0).padStart(5)} ms  min ${fmt(st.min, 0).padStart(5)}  max ${fmt(st.max, 0).padStart(5)}  ` +
    `(first paint median ${fmt(percentile(fcp, 50), 0)} ms)`;
  console.log(
    `\nFirst render of the schedule: ${SESSIONS} sessions over ${DAYS} days, first day (${expectedRows} rows: the public ones, as a visitor sees them), ` +
      `${LOADS} cold loads each, new browser context per load`,
  );
  console.log(
    `  machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => fmt(l, 1))
      .join(' / ')} (1 / 5 / 15 min): a static page's time shows how busy it is`,
  );
  console.log(
    line(
      'portal, navigation → rows in DOM',
      s,
      spa.map((l) => l.fcp),
    ),
  );
  console.log(
    line(
      'static copy, → parsed (baseline)',
      b,
      bare.map((l) => l.fcp),
    ),
  );
  console.log(
    line(
      'portal, meeting with 0 sessions',
      e,
      none.map((l) => l.fcp),
    ),
  );
  console.log(
    `  budget ${RENDER_BUDGET_MS} ms: ${s.max < RENDER_BUDGET_MS ? 'met' : s.median < RENDER_BUDGET_MS ? 'met by the median, NOT by the max' : 'NOT MET'}; ` +
      `portal / static copy ${fmt(s.median / b.median, 2)}×; rows cost ${fmt(s.median - e.median, 0)} ms over the empty schedule`,
  );
}

main()
  .then(cleanup)
  .catch(async (err: Error) => {
    console.error(`bench portal: ${err.stack ?? err.message}`);
    if (api) console.error(api.tail());
    await cleanup();
    process.exit(1);
  });
