/**
 * `npm run bench -- calendar [--clients 2000] [--updates 100] [--interval 1000] [--workers 2]`
 *
 * Live-calendar fan-out: N socket.io clients (WebSocket only, in `--workers` processes of their
 * own, spread over several 127.0.0.x source addresses) subscribe to one meeting; the
 * secretariat updates one public session `--updates` times, one per `--interval` ms, through
 * the REST API; every client timestamps every change it receives. The same clients, the same
 * number of broadcasts at the same pace and the same payload are first run against a bare
 * socket.io server (bench/lib/bare-server.ts): that is the baseline, and ratios to it are what
 * to compare between machines and runs (--mode interleaved runs both at once instead). Then
 * GET /api/meetings/:code/sessions is loaded with autocannon (100 connections, no pipelining)
 * against the api and against the bare server serving the same bytes, in alternating rounds;
 * besides req/s, the server's CPU time per request is printed: it depends much less than req/s
 * on what else the machine is doing.
 *
 * Clients are "light" by default: raw WebSockets speaking the socket.io protocol, a few µs of
 * client CPU per message, so that on 2 cores the figures are the server's (the issue's reference
 * figures were taken the same way). --client full uses socket.io-client instead.
 *
 * What "latency" means here (printed with the results too):
 *   api   from the moment PostgreSQL's answer to the update's COMMIT reaches the api process
 *         (seen by bench/lib/probe.cjs, preloaded into the api; no api code changes) to the
 *         moment the LAST subscribed client has the change. Everything after the commit is
 *         counted: the after-commit publish, the Redis adapter, the socket.io write loop, the
 *         kernel, the client's parse.
 *   bare  from the moment the bare server starts its one emit to the room (the same point in
 *         the api's flow, minus the commit itself) to the same last receipt.
 *   Also printed for the api, as an upper bound that needs no probe: from the moment the
 *   PATCH request is sent (includes HTTP, auth, validation and the whole transaction).
 *   Clocks: performance.timeOrigin + performance.now() in every process (one machine, one
 *   clock). The change's own `at` is PostgreSQL's now() at transaction start, not at commit,
 *   so it is not used.
 *
 * Expects DATABASE_URL (migrated, demo meeting loaded), REDIS_URL, BENCH_SECRETARIAT_EMAIL and
 * BENCH_SECRETARIAT_PASSWORD: scripts/bench.mjs provides all four on a throwaway database.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { freePort } from '../scripts/free-port.cjs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { ChangeEvent, SessionDto, SessionListDto } from '@cop/contracts';
import type { ClientKind, WorkerCommand, WorkerReply } from './lib/client-worker';
import { fmt, forkWorker, now, percentile, ROOT, sleep, spawnServer, summary, type Peer } from './lib/util';

// ---------------------------------------------------------------------------------------------
// Options

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    clients: { type: 'string', default: '2000' },
    updates: { type: 'string', default: '100' },
    interval: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '2' },
    client: { type: 'string', default: 'light' },
    mode: { type: 'string', default: 'sequential' },
    addresses: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '64' },
    reads: { type: 'string', default: '20' },
    'http-duration': { type: 'string', default: '10' },
    json: { type: 'string' },
    'api-env': { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

const HELP = `npm run bench -- calendar [options]
  --clients N        subscribed socket.io clients (default 2000; 10000 works on 2 cores)
  --updates N        measured session updates / broadcasts (default 100)
  --interval MS      pause between updates (default 1000)
  --workers K        client processes (default 2)
  --warmup N         unmeasured updates before the measured ones (default 2)
  --client KIND      light: raw ws speaking the socket.io protocol (default)
                     full: socket.io-client (heavier per client: the clients then weigh on the
                     2 cores and on the figures)
  --mode M           sequential: bare server first, then the api (default)
                     interleaved: both at once, broadcasts half an interval apart
  --addresses A      loopback source addresses 127.0.0.2.. to spread clients over (default 8)
  --concurrency C    connection attempts in flight per worker (default 64)
  --reads R          schedule GETs per second during the api run, for their latency (default 20)
  --http-duration S  seconds of autocannon per target, 0 to skip (default 10)
  --json FILE        also write the figures as JSON
  --api-env K=V      extra environment for the api (repeatable), e.g. LIVE_HEAD_INTERVAL_MS=60000
Env: BENCH_PROFILE_DIR=dir writes CPU profiles of both servers (measured broadcasts, HTTP load).`;

if (flags.help) {
  console.log(HELP);
  process.exit(0);
}

const int = (name: keyof typeof flags, min: number, max: number): number => {
  const v = Number(flags[name]);
  if (!Number.isInteger(v) || v < min || v > max) {
    console.error(`--${name} must be an integer from ${min} to ${max}\n\n${HELP}`);
    process.exit(2);
  }
  return v;
};

const opts = {
  clients: int('clients', 1, 20_000),
  updates: int('updates', 1, 10_000),
  interval: int('interval', 10, 60_000),
  workers: int('workers', 1, 16),
  warmup: int('warmup', 0, 100),
  addresses: int('addresses', 1, 250),
  concurrency: int('concurrency', 1, 1000),
  reads: int('reads', 0, 1000),
  httpDuration: int('http-duration', 0, 600),
  client: flags.client as ClientKind,
  mode: flags.mode as 'sequential' | 'interleaved',
};
if (opts.mode !== 'sequential' && opts.mode !== 'interleaved') {
  console.error(`--mode must be sequential or interleaved\n\n${HELP}`);
  process.exit(2);
}
if (opts.client !== 'light' && opts.client !== 'full') {
  console.error(`--client must be light or full\n\n${HELP}`);
  process.exit(2);
}

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is not set: run this through \`npm run bench -- calendar\` (scripts/bench.mjs), which provides it.`);
    process.exit(2);
  }
  return v;
};
const DATABASE_URL = env('DATABASE_URL');
const REDIS_URL = env('REDIS_URL');
const SEC_EMAIL = env('BENCH_SECRETARIAT_EMAIL');
const SEC_PASSWORD = env('BENCH_SECRETARIAT_PASSWORD');
const MEETING = process.env.BENCH_MEETING ?? 'mc-cop-6';
const SCHEDULE_PATH = `/api/meetings/${MEETING}/sessions`;
/** Set to a directory to get a CPU profile of each server during its measured broadcasts. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

const API_ENV: Record<string, string> = {};
for (const kv of flags['api-env'] ?? []) {
  const eq = kv.indexOf('=');
  if (eq < 1) {
    console.error(`--api-env takes NAME=VALUE, not ${kv}`);
    process.exit(2);
  }
  API_ENV[kv.slice(0, eq)] = kv.slice(eq + 1);
}

const SOURCE_ADDRESSES = Array.from({ length: opts.addresses }, (_, i) => `127.0.0.${i + 2}`);

/** Everything has a deadline: the whole run is bounded, whatever hangs. */
const DEADLINE_MS =
  120_000 + // start-up, settling
  2 * ((opts.updates + opts.warmup) * opts.interval + 30_000) + // the broadcasts, and waiting for the last
  2 * (opts.clients * 15 + 60_000) + // two rounds of connecting (~1 ms per client here; 15 allowed)
  2 * (opts.httpDuration + 3) * 1000 * 2;

// ---------------------------------------------------------------------------------------------
// Processes

const peers: Peer[] = [];
let cleaningUp: Promise<void> | null = null;
function cleanup(): Promise<void> {
  return (cleaningUp ??= Promise.allSettled(peers.map((p) => p.stop())).then(() => undefined));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the benchmark's processes`);
    void cleanup().then(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  console.error(`The benchmark did not finish within ${Math.round(DEADLINE_MS / 1000)} s; stopping it.`);
  void cleanup().then(() => process.exit(3));
}, DEADLINE_MS);
watchdog.unref();

/** The soft limit on open files of this process (inherited by the servers and workers). */
function openFilesLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? (m[1] === 'unlimited' ? Infinity : Number(m[1])) : null;
  } catch {
    return null;
  }
}

async function waitForHttp(url: string, peer: Peer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (peer.exited) throw new Error(`${peer.name} exited during start-up:\n${peer.tail()}`);
    try {
      // Any answer will do: the api listens only once it is fully initialised.
      await fetch(url);
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${peer.name} did not answer ${url} within ${timeoutMs} ms:\n${peer.tail()}`);
    await sleep(200);
  }
}

async function startApi(): Promise<{ peer: Peer; url: string }> {
  const port = await freePort();
  const peer = spawnServer('api', join(ROOT, 'apps/api/src/main.ts'), {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL,
    REDIS_URL,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'warn',
    ...API_ENV,
  });
  peers.push(peer);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health/live`, peer, 60_000);
  return { peer, url };
}

async function startBare(): Promise<{ peer: Peer; url: string }> {
  const peer = spawnServer('bare socket.io server', join(ROOT, 'bench/lib/bare-server.ts'), { ...process.env, PORT: '0' });
  peers.push(peer);
  const { port } = await peer.waitFor<{ port: number }>((m) => m?.type === 'listening', 60_000, 'listening message');
  return { peer, url: `http://127.0.0.1:${port}` };
}

// ---------------------------------------------------------------------------------------------
// Fan-out

interface Fired {
  seq: number;
  sentAt: number;
  doneAt: number;
}

/** A server under test and how to make it broadcast. */
interface Target {
  name: 'bare' | 'api';
  peer: Peer;
  url: string;
  /** Starts broadcast number i (1-based, warm-up included); resolves with what it knows. */
  fire(i: number): Promise<Fired>;
  /** What latency is measured from. */
  timedFrom: string;
}

interface ProbeBroadcast {
  seq: number;
  commitAt: number;
  emitStart: number;
  emitEnd: number;
  emitMs: number;
  emitCpuMs: number;
  rooms: number;
}

interface ProbeStats {
  cpuPercent: number;
  otherBroadcasts: Record<string, { count: number; ms: number; maxMs: number }>;
  eld: { p50: number; p99: number; max: number; mean: number; count: number };
  broadcasts: ProbeBroadcast[];
}

type Stat = { p50: number; p99: number; max: number };

interface PhaseResult {
  target: string;
  connected: number;
  failed: number;
  connectErrors: Record<string, number>;
  connectSeconds: number;
  rssBefore: number;
  rssAfter: number;
  rssPerClientKb: number;
  heapPerClientKb: number;
  measured: number;
  incomplete: number;
  missedReceipts: number;
  dropped: number;
  /** Broadcasts whose delivery window overlapped one of the other server's. */
  overlapped: number;
  latency: Stat;
  firstClient: Stat;
  emitMs: Stat;
  emitCpuMs: Stat;
  /** api only: PATCH sent -> last client (upper bound), PATCH round trip, commit -> emit start. */
  fromRequest?: Stat;
  requestRtt?: Stat;
  commitToEmit?: Stat;
  timedFrom: string;
  eld: ProbeStats['eld'];
  cpuPercent: number;
  otherBroadcasts: ProbeStats['otherBroadcasts'];
  reads?: ReadStats;
  /** Per measured broadcast (for --json): t0 and receipts in ms since the first t0, emit time. */
  samples: { seq: number; t0: number; firstMs: number; lastMs: number; emitMs: number; received: number }[];
}

interface ReadStats {
  count: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

type ConnectedReply = Extract<WorkerReply, { type: 'connected' }>;
type ReceiptsReply = Extract<WorkerReply, { type: 'receipts' }>;
type Receipts = { bySeq: Map<number, { count: number; first: number; last: number }>; dropped: number; open: number };

async function gatherReceipts(workers: Peer[], group: string): Promise<Receipts> {
  const replies = await Promise.all(
    workers.map((w) =>
      w.waitForReply<ReceiptsReply>(
        { type: 'receipts', group } satisfies WorkerCommand,
        (m) => m?.type === 'receipts' && m.group === group,
        30_000,
      ),
    ),
  );
  const bySeq = new Map<number, { count: number; first: number; last: number }>();
  let dropped = 0;
  let open = 0;
  for (const r of replies) {
    dropped += r.dropped;
    open += r.open;
    for (const [seq, count, first, last] of r.rows) {
      const m = bySeq.get(seq);
      if (m) {
        m.count += count;
        m.first = Math.min(m.first, first);
        m.last = Math.max(m.last, last);
      } else {
        bySeq.set(seq, { count, first, last });
      }
    }
  }
  return { bySeq, dropped, open };
}

interface Connected {
  ready: number;
  failed: number;
  errors: Record<string, number>;
  seconds: number;
  mem0: { rss: number; heapUsed: number };
  mem1: { rss: number; heapUsed: number };
}

/** Connects and subscribes `opts.clients` clients to one server; its memory before and after. */
async function connectClients(target: Target, workers: Peer[]): Promise<Connected> {
  const log = (s: string) => console.log(`[${target.name}] ${s}`);
  const memory = async () => (await target.peer.probe<{ memory: { rss: number; heapUsed: number } }>('memory')).memory;
  await sleep(500);
  const mem0 = await memory();
  log(
    `connecting ${opts.clients} ${opts.client} clients from ${workers.length} processes over ${SOURCE_ADDRESSES.length} source addresses...`,
  );
  const t0 = now();
  let firstIndex = 0;
  const replies = await Promise.all(
    workers.map((w, k) => {
      const count = Math.floor(opts.clients / workers.length) + (k < opts.clients % workers.length ? 1 : 0);
      const cmd: WorkerCommand = {
        type: 'connect',
        group: target.name,
        url: target.url,
        count,
        firstIndex,
        addresses: SOURCE_ADDRESSES,
        concurrency: opts.concurrency,
        meeting: MEETING,
        kind: opts.client,
        timeoutMs: 30_000,
      };
      firstIndex += count;
      return w.waitForReply<ConnectedReply>(cmd, (m) => m?.type === 'connected' && m.group === target.name, opts.clients * 15 + 60_000);
    }),
  );
  const ready = replies.reduce((n, c) => n + c.ready, 0);
  const failed = replies.reduce((n, c) => n + c.failed, 0);
  const errors: Record<string, number> = {};
  for (const c of replies) for (const [k, v] of Object.entries(c.errors)) errors[k] = (errors[k] ?? 0) + v;
  const seconds = (now() - t0) / 1000;
  log(`${ready} subscribed, ${failed} failed, in ${fmt(seconds)} s${failed ? `: ${JSON.stringify(errors)}` : ''}`);
  if (!ready) throw new Error(`[${target.name}] no client could subscribe: ${JSON.stringify(errors)}`);
  await sleep(2000);
  return { ready, failed, errors, seconds, mem0, mem1: await memory() };
}

/**
 * Connects the clients of each target, then has each broadcast `warmup + updates` times, one
 * every `interval` ms. With one target (the default, --mode sequential) that is all. With two
 * (--mode interleaved) both run at once, half an interval apart (bare at 0, api at interval/2,
 * bare at interval...): both then see the same changes in the machine's load, but also each
 * other's background work — the api's periodic feed.head broadcast lands on the bare
 * server's measurements — and fan-outs longer than half an interval overlap (counted, shown).
 */
async function fanOut(targets: Target[], workers: Peer[], reads?: { start(): () => ReadStats }): Promise<PhaseResult[]> {
  const connected: Connected[] = [];
  for (const t of targets) connected.push(await connectClients(t, workers));
  await Promise.all(workers.map((w) => w.request({ type: 'reset' } satisfies WorkerCommand, 'reset', 10_000)));

  const total = opts.warmup + opts.updates;
  console.log(
    `[fan-out] ${opts.warmup} warm-up + ${opts.updates} measured broadcasts${targets.length > 1 ? ' per server' : ''}, one every ${opts.interval} ms${targets.length > 1 ? ', servers interleaved' : ''}...`,
  );
  const fired = targets.map(() => new Map<number, Fired>());
  const measured: number[][] = targets.map(() => []);
  let stopReads: (() => ReadStats) | null = null;
  const start = now() + 100;
  await Promise.all(
    targets.map(async (t, k) => {
      for (let i = 1; i <= total; i++) {
        if (i === opts.warmup + 1) {
          if (PROFILE_DIR) await t.peer.probe('profile-start');
          await t.peer.probe('reset');
          if (t.name === 'api' && reads) stopReads = reads.start();
        }
        const due = start + (i - 1) * opts.interval + (k * opts.interval) / targets.length;
        if (now() < due) await sleep(due - now());
        const f = await t.fire(i);
        fired[k].set(f.seq, f);
        if (i > opts.warmup) measured[k].push(f.seq);
        if (k === 0 && process.stdout.isTTY && (i % 10 === 0 || i === total)) process.stdout.write(`[fan-out] ${i}/${total}\r`);
      }
    }),
  );
  if (process.stdout.isTTY) process.stdout.write('\n');

  // Wait for the last broadcasts to reach everyone (or give up after 15 s).
  const receipts: Receipts[] = [];
  for (const [k, t] of targets.entries()) {
    const lastSeq = measured[k][measured[k].length - 1];
    let r = await gatherReceipts(workers, t.name);
    for (const until = Date.now() + 15_000; Date.now() < until && (r.bySeq.get(lastSeq)?.count ?? 0) < r.open;) {
      await sleep(250);
      r = await gatherReceipts(workers, t.name);
    }
    receipts.push(r);
  }
  await sleep(Math.min(opts.interval, 1000));
  for (const [k, t] of targets.entries()) receipts[k] = await gatherReceipts(workers, t.name);
  const readStats = (stopReads as (() => ReadStats) | null)?.() ?? undefined;
  const stats: ProbeStats[] = [];
  for (const t of targets) {
    stats.push(await t.peer.probe<ProbeStats>('stats'));
    if (PROFILE_DIR) {
      const file = join(PROFILE_DIR, `calendar-${t.name}-${opts.clients}-${Date.now()}.cpuprofile`);
      await t.peer.probe('profile-stop', { file }, 60_000);
      console.log(`[${t.name}] CPU profile of the measured broadcasts: ${file}`);
    }
  }

  // Delivery windows [t0, last receipt] of every broadcast, to spot overlaps between servers.
  const windows: { k: number; from: number; to: number }[] = [];
  const results = targets.map((t, k): PhaseResult => {
    const probeBySeq = new Map(stats[k].broadcasts.map((b) => [b.seq, b]));
    const latency: number[] = [];
    const firstClient: number[] = [];
    const emitMs: number[] = [];
    const emitCpuMs: number[] = [];
    const fromRequest: number[] = [];
    const requestRtt: number[] = [];
    const commitToEmit: number[] = [];
    let incomplete = 0;
    let missedReceipts = 0;
    let noCommit = 0;
    let noProbe = 0;
    const samples: PhaseResult['samples'] = [];
    const ready = connected[k].ready;
    for (const seq of measured[k]) {
      const b = probeBySeq.get(seq);
      if (!b) {
        noProbe++;
        continue;
      }
      const r = receipts[k].bySeq.get(seq);
      const f = fired[k].get(seq)!;
      const got = r?.count ?? 0;
      if (got < ready) {
        incomplete++;
        missedReceipts += ready - got;
      }
      if (!r) continue;
      const hasCommit = b.commitAt > 0 && b.commitAt <= b.emitStart && b.emitStart - b.commitAt < 10_000;
      if (t.name === 'api' && !hasCommit) noCommit++;
      const from = t.name === 'api' && hasCommit ? b.commitAt : b.emitStart;
      latency.push(r.last - from);
      firstClient.push(r.first - from);
      emitMs.push(b.emitMs);
      emitCpuMs.push(b.emitCpuMs);
      windows.push({ k, from, to: r.last });
      samples.push({ seq, t0: from - start, firstMs: r.first - from, lastMs: r.last - from, emitMs: b.emitMs, received: got });
      if (t.name === 'api') {
        fromRequest.push(r.last - f.sentAt);
        requestRtt.push(f.doneAt - f.sentAt);
        if (hasCommit) commitToEmit.push(b.emitStart - b.commitAt);
      }
    }
    if (noCommit) console.log(`[${t.name}] warning: no COMMIT seen before ${noCommit} broadcast(s); those are timed from the emit`);
    if (noProbe) console.log(`[${t.name}] warning: the probe saw no broadcast for ${noProbe} update(s); they are left out`);
    const c = connected[k];
    return {
      target: t.name,
      connected: c.ready,
      failed: c.failed,
      connectErrors: c.errors,
      connectSeconds: c.seconds,
      rssBefore: c.mem0.rss,
      rssAfter: c.mem1.rss,
      rssPerClientKb: (c.mem1.rss - c.mem0.rss) / c.ready / 1024,
      heapPerClientKb: (c.mem1.heapUsed - c.mem0.heapUsed) / c.ready / 1024,
      measured: latency.length,
      incomplete,
      missedReceipts,
      dropped: receipts[k].dropped,
      overlapped: 0,
      latency: stat(latency),
      firstClient: stat(firstClient),
      emitMs: stat(emitMs),
      emitCpuMs: stat(emitCpuMs),
      ...(t.name === 'api' ? { fromRequest: stat(fromRequest), requestRtt: stat(requestRtt), commitToEmit: stat(commitToEmit) } : {}),
      timedFrom: t.timedFrom,
      eld: stats[k].eld,
      cpuPercent: stats[k].cpuPercent,
      otherBroadcasts: stats[k].otherBroadcasts,
      reads: t.name === 'api' ? readStats : undefined,
      samples,
    };
  });
  for (const w of windows) {
    if (windows.some((o) => o.k !== w.k && o.from < w.to && w.from < o.to)) results[w.k].overlapped++;
  }

  // Done with these clients.
  await Promise.all(workers.map((w) => w.request({ type: 'close' } satisfies WorkerCommand, 'closed', 60_000)));
  await sleep(1000);
  return results;
}

function stat(values: number[]): Stat {
  const { p50, p99, max } = summary(values);
  return { p50, p99, max };
}

/** Open-loop schedule reads (a fixed rate, whatever the latency), for their latency during a run. */
function scheduleReads(url: string, perSecond: number): { start(): () => ReadStats } {
  return {
    start() {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      const latencies: number[] = [];
      let errors = 0;
      let count = 0;
      const timer = setInterval(
        () => {
          const t = now();
          count++;
          const req = http.get(url, { agent }, (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200) latencies.push(now() - t);
              else errors++;
            });
          });
          req.on('error', () => errors++);
        },
        Math.max(1, Math.round(1000 / perSecond)),
      );
      return () => {
        clearInterval(timer);
        agent.destroy();
        const { p50, p99, max } = summary(latencies);
        return { count, errors, p50, p99, max };
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP throughput

interface HttpResult {
  target: string;
  rps: number;
  /** Server CPU (user + system) per request: what the server would do with a whole core. */
  cpuUsPerRequest: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/**
 * autocannon against each server in turn, in two rounds (api, bare, api, bare) so that a change
 * in the machine's load hits both; req/s over both rounds, latency p99 of the worse round.
 */
async function throughput(servers: { name: string; peer: Peer; url: string }[]): Promise<HttpResult[]> {
  const rounds = 2;
  const seconds = Math.max(1, Math.round(opts.httpDuration / rounds));
  const acc = servers.map((t) => ({
    target: t.name,
    requests: 0,
    duration: 0,
    cpuMs: 0,
    p50s: [] as number[],
    p99: 0,
    non2xx: 0,
    errors: 0,
  }));
  console.log(
    `[http] GET ${SCHEDULE_PATH}: autocannon, 100 connections, no pipelining, 3 s warm-up, then ${rounds} x ${seconds} s per server`,
  );
  for (const t of servers) await autocannon({ url: `${t.url}${SCHEDULE_PATH}`, connections: 100, pipelining: 1, duration: 3 });
  for (let round = 0; round < rounds; round++) {
    for (const [k, t] of servers.entries()) {
      if (PROFILE_DIR && round === 0) await t.peer.probe('profile-start');
      await t.peer.probe('reset');
      const r = await autocannon({ url: `${t.url}${SCHEDULE_PATH}`, connections: 100, pipelining: 1, duration: seconds });
      const { cpuMs } = await t.peer.probe<{ cpuMs: number }>('stats');
      if (PROFILE_DIR && round === 0) {
        const file = join(PROFILE_DIR, `calendar-http-${t.name}-${Date.now()}.cpuprofile`);
        await t.peer.probe('profile-stop', { file }, 60_000);
        console.log(`[http] CPU profile: ${file}`);
      }
      const a = acc[k];
      a.requests += r.requests.total;
      a.duration += r.duration;
      a.cpuMs += cpuMs;
      a.p50s.push(r.latency.p50);
      a.p99 = Math.max(a.p99, r.latency.p99);
      a.non2xx += r.non2xx;
      a.errors += r.errors + r.timeouts;
    }
  }
  return acc.map((a) => ({
    target: a.target,
    rps: a.requests / a.duration,
    cpuUsPerRequest: (a.cpuMs * 1000) / a.requests,
    p50: percentile(a.p50s, 50),
    p99: a.p99,
    non2xx: a.non2xx,
    errors: a.errors,
  }));
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  console.log(
    `calendar fan-out benchmark: ${opts.clients} ${opts.client} clients in ${opts.workers} processes, ` +
      `${opts.updates} updates (+${opts.warmup} warm-up) every ${opts.interval} ms; ${cpus().length} CPUs, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );

  const loadBefore = loadavg()[0];
  const fdLimit = openFilesLimit();
  // Each server holds one socket per client; each worker one per client it runs, for both servers.
  const needed = Math.max(opts.clients, Math.ceil((2 * opts.clients) / opts.workers)) + 1000;
  console.log(
    `open files limit: ${fdLimit ?? 'unknown'}${fdLimit !== null && fdLimit < needed ? ` - too low for this run (needs ~${needed}): raise ulimit -n or use more --workers` : ''}`,
  );

  const [api, bare] = await Promise.all([startApi(), startBare()]);
  const workers = Array.from({ length: opts.workers }, (_, k) =>
    forkWorker(`client worker ${k + 1}`, join(ROOT, 'bench/lib/client-worker.ts')),
  );
  peers.push(...workers);

  // The secretariat, and the public session it will keep updating.
  const login = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: SEC_EMAIL, password: SEC_PASSWORD }),
  });
  if (!login.ok) throw new Error(`secretariat login failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const scheduleRes = await fetch(`${api.url}${SCHEDULE_PATH}`);
  if (!scheduleRes.ok) throw new Error(`GET ${SCHEDULE_PATH}: ${scheduleRes.status} ${await scheduleRes.text()}`);
  const scheduleBody = await scheduleRes.text();
  const schedule = JSON.parse(scheduleBody) as SessionListDto;
  const target = schedule.sessions.find((s) => s.visibility === 'public' && s.status === 'scheduled');
  if (!target) throw new Error(`${MEETING} has no public scheduled session to update`);
  let revision = target.revision;
  let apiSeq = schedule.lastSeq;
  const title = (i: number): SessionDto['title'] => ({ ...target.title, en: `${target.title.en} [bench update ${i}]` });

  // The bare server sends what the api would: the same change event, same size.
  const template: ChangeEvent = {
    meeting: MEETING,
    seq: 0,
    at: new Date().toISOString(),
    kind: 'session.updated',
    session: { ...target, title: title(1), revision: target.revision + 1 },
  };
  await bare.peer.request(
    { type: 'schedule', path: SCHEDULE_PATH, body: scheduleBody, etag: scheduleRes.headers.get('etag') ?? '' },
    'schedule-set',
    10_000,
  );

  // The baseline: the bare server stamps and emits; the api: PATCH through REST, the real path.
  const bareTarget: Target = {
    name: 'bare',
    ...bare,
    timedFrom: 'start of the room emit',
    fire(i) {
      const sentAt = now();
      bare.peer.send({ type: 'broadcast', event: { ...template, seq: i, session: { ...template.session, title: title(i) } } });
      return Promise.resolve({ seq: i, sentAt, doneAt: sentAt });
    },
  };
  const apiTarget: Target = {
    name: 'api',
    ...api,
    timedFrom: 'COMMIT answer received by the api',
    async fire(i) {
      const sentAt = now();
      const res = await fetch(`${api.url}/api/meetings/${MEETING}/sessions/${target.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': String(revision) },
        body: JSON.stringify({ title: title(i) }),
      });
      const doneAt = now();
      if (!res.ok) throw new Error(`PATCH ${i}: ${res.status} ${await res.text()}`);
      revision = ((await res.json()) as SessionDto).revision;
      return { seq: ++apiSeq, sentAt, doneAt };
    },
  };
  const reads = opts.reads > 0 ? scheduleReads(`${api.url}${SCHEDULE_PATH}`, opts.reads) : undefined;
  let bareResult: PhaseResult;
  let apiResult: PhaseResult;
  if (opts.mode === 'interleaved') {
    [bareResult, apiResult] = await fanOut([bareTarget, apiTarget], workers, reads);
  } else {
    [bareResult] = await fanOut([bareTarget], workers);
    [apiResult] = await fanOut([apiTarget], workers, reads);
  }

  // 3. Schedule read throughput, clients gone.
  const httpResults: HttpResult[] = [];
  if (opts.httpDuration > 0) {
    httpResults.push(
      ...(await throughput([
        { name: 'api', ...api },
        { name: 'bare', ...bare },
      ])),
    );
  }

  await cleanup();
  report(bareResult, apiResult, httpResults, scheduleBody.length, [loadBefore, loadavg()[0]]);
}

// ---------------------------------------------------------------------------------------------
// Report

/** From the first to the last measured broadcast: shows when the pace could not be kept. */
function meanInterval(r: PhaseResult): number {
  const t = r.samples.map((s) => s.t0).sort((a, b) => a - b);
  return t.length > 1 ? (t[t.length - 1] - t[0]) / (t.length - 1) : NaN;
}

function report(bare: PhaseResult, api: PhaseResult, httpResults: HttpResult[], bodyBytes: number, load: [number, number]): void {
  const rows: [string, string, string, string][] = [];
  const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '-');
  const row = (label: string, b: number | string, a: number | string, r = '', digits = 1) =>
    rows.push([label, typeof b === 'number' ? fmt(b, digits) : b, typeof a === 'number' ? fmt(a, digits) : a, r]);

  row('clients subscribed (failed)', `${bare.connected} (${bare.failed})`, `${api.connected} (${api.failed})`);
  row('  time to connect + subscribe all, s', bare.connectSeconds, api.connectSeconds);
  row('broadcasts measured', String(bare.measured), String(api.measured));
  row('  actual interval between them, ms (mean)', meanInterval(bare), meanInterval(api), '', 0);
  row('  of which not received by every client', String(bare.incomplete), String(api.incomplete));
  if (opts.mode === 'interleaved') row("  overlapping the other server's fan-out", String(bare.overlapped), String(api.overlapped));
  if (bare.dropped + api.dropped) row('clients dropped by the server during the run', String(bare.dropped), String(api.dropped));
  row('latency to the LAST client, ms  p50', bare.latency.p50, api.latency.p50, ratio(api.latency.p50, bare.latency.p50));
  row('                                p99', bare.latency.p99, api.latency.p99, ratio(api.latency.p99, bare.latency.p99));
  row('                                max', bare.latency.max, api.latency.max, ratio(api.latency.max, bare.latency.max));
  row('  per client (p50 / clients), µs', (bare.latency.p50 * 1000) / bare.connected, (api.latency.p50 * 1000) / api.connected, '', 1);
  row('latency to the first client, ms p50', bare.firstClient.p50, api.firstClient.p50);
  row('server time inside emit(), ms   p50', bare.emitMs.p50, api.emitMs.p50, ratio(api.emitMs.p50, bare.emitMs.p50));
  row('                                p99', bare.emitMs.p99, api.emitMs.p99);
  row('  of which CPU time, ms           p50', bare.emitCpuMs.p50, api.emitCpuMs.p50, ratio(api.emitCpuMs.p50, bare.emitCpuMs.p50));
  row('  CPU per client, µs              p50', (bare.emitCpuMs.p50 * 1000) / bare.connected, (api.emitCpuMs.p50 * 1000) / api.connected);
  row('server event-loop delay, ms     p99', bare.eld.p99, api.eld.p99, ratio(api.eld.p99, bare.eld.p99));
  row('                                max', bare.eld.max, api.eld.max);
  row('server CPU during the broadcasts, %', bare.cpuPercent, api.cpuPercent);
  for (const ev of new Set([...Object.keys(bare.otherBroadcasts), ...Object.keys(api.otherBroadcasts)])) {
    const o = (r: PhaseResult) => r.otherBroadcasts[ev];
    const cell = (r: PhaseResult) => (o(r) ? `${o(r).count} x ${fmt(o(r).ms / o(r).count)}` : '-');
    row(`other broadcasts: ${ev}, count x ms`, cell(bare), cell(api));
  }
  row('server RSS per connection, kB', bare.rssPerClientKb, api.rssPerClientKb, ratio(api.rssPerClientKb, bare.rssPerClientKb));
  row('  heap per connection, kB', bare.heapPerClientKb, api.heapPerClientKb);
  row(
    '  RSS before -> with clients, MB',
    `${fmt(bare.rssBefore / 2 ** 20, 0)} -> ${fmt(bare.rssAfter / 2 ** 20, 0)}`,
    `${fmt(api.rssBefore / 2 ** 20, 0)} -> ${fmt(api.rssAfter / 2 ** 20, 0)}`,
  );
  if (api.fromRequest) {
    row('api: PATCH sent -> last client, ms p50', '', api.fromRequest.p50);
    row('     (upper bound)                 p99', '', api.fromRequest.p99);
    row('api: PATCH round trip, ms         p50', '', api.requestRtt!.p50);
    row('                                  p99', '', api.requestRtt!.p99);
    row('api: COMMIT -> emit starts, ms    p99', '', api.commitToEmit!.p99, '', 2);
  }
  if (api.reads) {
    row(`schedule GETs during the run (${api.reads.count}), ms p50`, '', api.reads.p50);
    row('                                p99', '', api.reads.p99);
    row('                                max', '', api.reads.max);
    if (api.reads.errors) row('                             errors', '', String(api.reads.errors));
  }
  const httpApi = httpResults.find((h) => h.target === 'api');
  const httpBare = httpResults.find((h) => h.target === 'bare');
  if (httpApi && httpBare) {
    row(`GET ${SCHEDULE_PATH} (${bodyBytes} B), req/s`, httpBare.rps, httpApi.rps, ratio(httpApi.rps, httpBare.rps), 0);
    row(
      '  server CPU per request, µs',
      httpBare.cpuUsPerRequest,
      httpApi.cpuUsPerRequest,
      ratio(httpApi.cpuUsPerRequest, httpBare.cpuUsPerRequest),
    );
    row('  = req/s per fully used core', 1e6 / httpBare.cpuUsPerRequest, 1e6 / httpApi.cpuUsPerRequest, '', 0);
    row('  latency under load, ms p50', httpBare.p50, httpApi.p50);
    row('                         p99', httpBare.p99, httpApi.p99);
    if (httpApi.non2xx + httpApi.errors + httpBare.non2xx + httpBare.errors) {
      row('  non-2xx / errors', `${httpBare.non2xx} / ${httpBare.errors}`, `${httpApi.non2xx} / ${httpApi.errors}`);
    }
  }

  const w = [Math.max(...rows.map((r) => r[0].length)), 16, 16, 10];
  const line = (r: string[]) => `${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padStart(w[2])}  ${r[3].padStart(w[3])}`;
  console.log('');
  console.log(
    `Results: ${opts.clients} ${opts.client} clients, ${opts.workers} client processes, ${opts.updates} broadcasts every ${opts.interval} ms`,
  );
  console.log(line(['', 'bare socket.io', 'api (NestJS)', 'api/bare']));
  console.log('-'.repeat(w.reduce((a, b) => a + b + 2, 0)));
  for (const r of rows) console.log(line(r));
  console.log('');
  if (opts.mode === 'interleaved') {
    console.log('Both servers ran at once, their broadcasts interleaved half an interval apart, with the same client');
    console.log('processes; the api also had its schedule read during the run.');
  } else {
    console.log('The bare server ran first, then the api, with the same client processes and the same pace; the api');
    console.log('also had its schedule read during its run.');
  }
  console.log('How latency is measured: every client timestamps each change it receives; per broadcast, the LAST');
  console.log('receipt is compared with, for the api, the moment PostgreSQL answered the COMMIT of the update (seen');
  console.log('inside the api process by bench/lib/probe.cjs), and for the bare server the moment it starts its one');
  console.log("emit to the room (its 'commit'). Same clock in all processes. 'PATCH sent -> last client' needs no");
  console.log('probe and bounds the api figure from above; the event `at` is the transaction START, so it is not used.');
  console.log('Event-loop delay: monitorEventLoopDelay (10 ms resolution) in the server, over the measured broadcasts.');
  console.log('CPU time (process.cpuUsage) barely moves when other processes compete for the CPUs, wall time does: when');
  console.log('the machine is busy, compare the CPU rows.');
  console.log('RSS per connection: (RSS with all clients subscribed - RSS before), after a full GC, / clients.');
  const busy = Math.max(...load) > cpus().length;
  console.log(
    `Machine load average (1 min) before / after: ${fmt(load[0], 2)} / ${fmt(load[1], 2)} on ${cpus().length} CPUs` +
      (busy ? ' - other work was competing for the CPUs: tail latencies are noisy, compare ratios, rerun when quiet' : ''),
  );

  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const p99Ratio = api.latency.p99 / bare.latency.p99;
  console.log('');
  console.log('Targets (informational):');
  console.log(
    `  10,000 clients, all subscribed and all broadcasts received:  ${opts.clients < 10_000 ? 'not tried (--clients 10000)' : verdict(api.connected >= 10_000 && api.failed === 0 && api.incomplete === 0)} (${api.connected} subscribed, ${api.failed} failed, ${api.incomplete} incomplete broadcasts)`,
  );
  console.log(
    `  last-client p99 within 1.2x of the bare baseline:           ${verdict(p99Ratio <= 1.2)} (${fmt(p99Ratio, 2)}x: ${fmt(api.latency.p99)} vs ${fmt(bare.latency.p99)} ms)`,
  );
  if (httpApi)
    console.log(
      `  schedule reads at least 10,000 req/s:                        ${verdict(httpApi.rps >= 10_000)} (${fmt(httpApi.rps, 0)} req/s)`,
    );

  if (flags.json) {
    writeFileSync(
      flags.json,
      JSON.stringify({ options: opts, apiEnv: API_ENV, load, bare, api, http: httpResults, at: new Date().toISOString() }, null, 2),
    );
    console.log(`\nFigures written to ${flags.json}`);
  }
}

main().then(
  () => process.exit(0),
  async (e: unknown) => {
    console.error(`\nThe benchmark failed: ${(e as Error).stack ?? e}`);
    await cleanup();
    process.exit(1);
  },
);
