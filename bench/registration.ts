/**
 * `npm run bench -- registration [--focal-points 200] [--per-focal-point 10] [--retry-share 0.5] [--worker inline|separate] [--warm-up 1]`
 *
 * Nomination burst: N focal points (each of its own Party, signed in, with a letter of
 * nomination uploaded — argon2 hashing and letter uploads happen in the unmeasured set-up)
 * submit their nominations at once — all N concurrently, each its own nominations one after
 * another — and a share of the nominations is sent twice with the same Idempotency-Key: half of
 * those retries race the original, half follow its answer. The focal points run in a process of
 * their own (bench/lib/nomination-client.ts); the api runs as its own process with the mail
 * worker inside (RUN_WORKER=true, as `npm start` does) against an SMTP sink in this process.
 * `--worker separate` runs the worker as a process of its own instead (apps/api/src/worker.ts,
 * as the README's scale-out deployment does) at nice 10. On 2 cores that is the slower choice
 * during the burst: the worker's mail (about 2.5 ms of CPU each, plus its PostgreSQL and Redis
 * work at normal priority) then competes with the nominations, while inside the api the event
 * loop serves requests first and the mail mostly waits for the burst to end.
 *
 * Same-run baseline: the same focal points send the same number of requests in the same pattern
 * to `GET /api/auth/me` (token checked, no database) just before the burst; the ratio of the two
 * is what moves least when other work competes for the CPUs. Before both, unmeasured: the same
 * pattern to `GET /api/auth/me` twice (sockets open) and `--warm-up` nominations per focal point
 * for other nominees, their mail delivered (the nomination path warm; 0 = a cold api).
 *
 * Printed for both: requests, throughput, latency p50/p99/max of every request, the api's CPU
 * time per request; then registrations created (must equal the unique nominations: zero
 * duplicates), status counts, and the mail queue's drain time (from the burst's start until the
 * SMTP sink has every "nomination received" mail). BENCH_PROFILE_DIR=dir writes a CPU profile of
 * the api during the burst.
 *
 * Expects DATABASE_URL (migrated, demo meeting loaded), REDIS_URL, BENCH_SECRETARIAT_EMAIL and
 * BENCH_SECRETARIAT_PASSWORD: scripts/bench.mjs provides all four on a throwaway database.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, setPriority, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import type { ClientReply } from './lib/nomination-client';
import { fmt, forkWorker, now, ROOT, sleep, spawnServer, summary, type Peer } from './lib/util';

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'focal-points': { type: 'string', default: '200' },
    'per-focal-point': { type: 'string', default: '10' },
    'retry-share': { type: 'string', default: '0.5' },
    worker: { type: 'string', default: 'inline' },
    'warm-up': { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
const HELP = `npm run bench -- registration [options]
  --focal-points N      concurrent focal points, one Party each (default 200)
  --per-focal-point K   nominations per focal point (default 10; 200 x 10 = 2,000)
  --retry-share S       share of nominations sent twice with the same Idempotency-Key (default 0.5)
  --worker W            inline: the mail worker inside the api, as npm start (default); separate: its own process at nice 10
  --warm-up N           nominations per focal point sent (and their mail delivered) before measuring, not counted
                        (default 1: the nomination path compiled, the statement prepared on the pool's connections,
                        each focal point's Party binding cached); 0 measures a cold api`;
if (flags.help) {
  console.log(HELP);
  process.exit(0);
}
const opts = {
  fps: Number(flags['focal-points']),
  per: Number(flags['per-focal-point']),
  retry: Number(flags['retry-share']),
  separateWorker: flags.worker === 'separate',
  warmUp: Number(flags['warm-up']),
};
if (
  !(opts.fps >= 1 && opts.fps <= 676 && opts.per >= 1 && opts.per <= 1000 && opts.retry >= 0 && opts.retry <= 1) ||
  !(Number.isInteger(opts.warmUp) && opts.warmUp >= 0 && opts.warmUp <= 100) ||
  !['separate', 'inline'].includes(flags.worker!)
) {
  console.error(HELP);
  process.exit(2);
}
const need = (name: string) => {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is not set: run this through \`npm run bench -- registration\` (scripts/bench.mjs), which provides it.`);
    process.exit(2);
  }
  return v;
};
const DATABASE_URL = need('DATABASE_URL');
const REDIS_URL = need('REDIS_URL');
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const SEC = { email: need('BENCH_SECRETARIAT_EMAIL'), password: need('BENCH_SECRETARIAT_PASSWORD') };

type Res = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function main(): Promise<void> {
  // ---- SMTP sink
  let mails = 0;
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        mails++;
        cb();
      });
    },
  });
  const smtpPort = await new Promise<number>((resolve) =>
    smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as { port: number }).port)),
  );

  // ---- the api, its own process, with the mail worker (and bench/lib/probe.cjs: CPU time, profile)
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL,
    REDIS_URL,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_BACKOFF_MS: '500',
    MAIL_QUEUE_PREFIX: `cop-bench-${process.pid}`,
    LETTERS_DIR: join(ROOT, '.data', `bench-letters-${process.pid}`),
    LOGIN_MAX_FAILURES_PER_IP: '100000',
  };
  const api = spawnServer('api', join(ROOT, 'apps/api/src/main.ts'), { ...env, RUN_WORKER: String(!opts.separateWorker) });
  api.child.stderr?.pipe(process.stderr);
  const worker = opts.separateWorker ? spawnServer('worker', join(ROOT, 'apps/api/src/worker.ts'), { ...env, RUN_WORKER: 'false' }) : null;
  if (worker) {
    setPriority(worker.child.pid!, 10);
    worker.child.stderr?.pipe(process.stderr);
  }
  // ---- the focal points, in a process of their own
  const client = forkWorker('nomination client', join(ROOT, 'bench/lib/nomination-client.ts'));
  const stop = () => Promise.all([api.stop(), client.stop(), worker?.stop()]);
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    for (const deadline = Date.now() + 60_000; ;) {
      if (api.exited) throw new Error(`the api exited during start-up:\n${api.tail()}`);
      if (
        await fetch(`${url}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (Date.now() > deadline) throw new Error('the api did not become ready');
      await sleep(200);
    }
    await run(url, api, worker, client, () => mails);
  } finally {
    await stop();
    smtp.close();
  }
}

async function run(url: string, api: Peer, worker: Peer | null, client: Peer, mailsSeen: () => number): Promise<void> {
  const request = async (
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const must = (r: Res, status: number, what: string) => {
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const login = async (email: string, password: string) =>
    must(await request('POST', '/api/auth/login', undefined, { email, password }), 200, 'login').token as string;
  const pool = async <T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: n }, async () => {
        while (next < items.length) {
          const i = next++;
          await fn(items[i], i);
        }
      }),
    );
  };

  // ---- set-up (not measured): meeting, Parties, focal points, letters
  const t0 = now();
  const sec = await login(SEC.email, SEC.password);
  const meeting = `bench-${randomBytes(3).toString('hex')}`;
  must(
    await request('POST', '/api/meetings', sec, {
      code: meeting,
      title: { en: 'Registration benchmark meeting' },
      shortTitle: 'BENCH',
      venue: 'CICG, Geneva',
      timeZone: 'Europe/Zurich',
      startDate: '2031-11-03',
      endDate: '2031-11-07',
    }),
    201,
    'meeting',
  );
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const fps = Array.from({ length: opts.fps }, (_, i) => ({
    code: `Q${letters[Math.floor(i / 26)]}${letters[i % 26]}`,
    email: `fp${i}@bench.cop`,
    password: `bench-fp-${randomBytes(8).toString('hex')}`,
    token: '',
    letter: '',
  }));
  await pool(fps, 8, async (fp) => {
    must(
      await request('POST', '/api/parties', sec, { code: fp.code, name: `Benchland ${fp.code}`, regionalGroup: 'African Group' }),
      201,
      'party',
    );
    must(
      await request('POST', '/api/focal-points', sec, {
        email: fp.email,
        displayName: `Focal point ${fp.code}`,
        partyCode: fp.code,
        password: fp.password,
      }),
      201,
      'focal point',
    );
    fp.token = await login(fp.email, fp.password);
    const pdf = Buffer.from(`%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n% ${fp.code}\ntrailer <</Root 1 0 R>>\n%%EOF\n`, 'latin1');
    fp.letter = must(
      await request('POST', `/api/meetings/${meeting}/nomination-letters`, fp.token, pdf, { 'content-type': 'application/pdf' }),
      201,
      'letter',
    ).id;
  });
  console.log(`set-up: ${opts.fps} Parties, focal points (argon2id) and letters in ${fmt((now() - t0) / 1000)} s`);

  // ---- the same-run baseline, then the burst: the same focal points, requests and concurrency
  const load = fps.map((fp) => ({ token: fp.token, letter: fp.letter }));
  // Warm-up (not measured): connections open, the api's code paths compiled.
  await client.request<ClientReply>({ type: 'baseline', url, meeting, focalPoints: load, per: 2, retry: opts.retry }, 'done', 60_000);
  // ... the nomination path too (--warm-up): its own nominees (warmup-…), whose mail is delivered before the burst.
  const warm = opts.warmUp
    ? await client.request<ClientReply>(
        { type: 'burst', url, meeting, focalPoints: load, per: opts.warmUp, retry: opts.retry, emailPrefix: 'warmup-' },
        'done',
        600_000,
      )
    : null;
  if (warm && (warm.errors.length || Object.keys(warm.statuses).some((k) => k !== '200' && k !== '201')))
    throw new Error(`warm-up nominations failed: ${JSON.stringify(warm.statuses)} ${warm.errors[0] ?? ''}`);
  for (const deadline = now() + 120_000; mailsSeen() < opts.fps * opts.warmUp; await sleep(20))
    if (now() > deadline) throw new Error(`warm-up mail not delivered: ${mailsSeen()} of ${opts.fps * opts.warmUp}`);
  const mailsBefore = mailsSeen();
  if (warm)
    console.log(
      `warm-up: ${opts.warmUp} nomination(s) per focal point (${warm.latencies.length} requests, ${fmt(warm.latencies.length / (warm.ms / 1000), 0)} req/s, p99 ${fmt(summary(warm.latencies).p99)} ms) and their mail, not counted below`,
    );
  await api.probe('reset');
  const base = await client.request<ClientReply>(
    { type: 'baseline', url, meeting, focalPoints: load, per: opts.per, retry: opts.retry },
    'done',
    600_000,
  );
  const baseCpu = await api.probe<{ cpuMs: number }>('stats');
  if (PROFILE_DIR) await api.probe('profile-start');
  await Promise.all([api.probe('reset'), worker?.probe('reset')]);
  const burstStart = now();
  const burst = await client.request<ClientReply>(
    { type: 'burst', url, meeting, focalPoints: load, per: opts.per, retry: opts.retry },
    'done',
    600_000,
  );
  const burstCpu = await api.probe<{ cpuMs: number; systemCpuMs: number; queries: number; eld: { p99: number } }>('stats');
  if (PROFILE_DIR) {
    const file = join(PROFILE_DIR, `registration-burst-${Date.now()}.cpuprofile`);
    await api.probe('profile-stop', { file });
    console.log(`CPU profile of the api during the burst: ${file}`);
  }
  const burstMs = burst.ms;

  // ---- what was created, and the mail drain
  const db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  const [{ created, distinct_emails }] = (
    await db.query(
      `SELECT count(*)::int AS created, count(DISTINCT email)::int AS distinct_emails FROM registration r JOIN meeting m ON m.id = r.meeting_id WHERE m.code = $1 AND r.email NOT LIKE 'warmup-%'`,
      [meeting],
    )
  ).rows;
  const unique = opts.fps * opts.per;
  let drainMs = NaN;
  for (const deadline = now() + 300_000; now() < deadline;) {
    if (mailsSeen() - mailsBefore >= unique) {
      drainMs = now() - burstStart;
      break;
    }
    await sleep(20);
  }
  const workerCpu = worker ? await worker.probe<{ cpuMs: number }>('stats') : null;
  const [{ unsent }] = (
    await db.query(
      `SELECT count(*)::int AS unsent FROM mail_outbox o JOIN registration r ON r.id = o.registration_id JOIN meeting m ON m.id = r.meeting_id WHERE m.code = $1 AND o.sent_at IS NULL`,
      [meeting],
    )
  ).rows;
  await db.end();

  const s = summary(burst.latencies);
  const b = summary(base.latencies);
  const r = summary(burst.retryLatencies);
  const requests = burst.latencies.length;
  const line = (what: string, x: ClientReply, ms: number, cpuMs: number) => {
    const n = x.latencies.length;
    const q = summary(x.latencies);
    return `  ${what.padEnd(16)}${n} requests in ${fmt(ms / 1000, 2)} s = ${fmt(n / (ms / 1000), 0)} req/s   p50 ${fmt(q.p50)} ms   p99 ${fmt(q.p99)} ms   max ${fmt(q.max)} ms   api CPU ${fmt(cpuMs / n, 2)} ms/request`;
  };
  // Where in the run the slow answers are: requests grouped by when they were sent.
  const tenths = (x: ClientReply) =>
    Array.from({ length: 10 }, (_, t) => {
      const lo = (x.ms * t) / 10;
      const hi = (x.ms * (t + 1)) / 10;
      return summary(x.latencies.filter((_, i) => x.sentAt[i] >= lo && x.sentAt[i] < hi));
    })
      .map((q) => `${q.n}:${fmt(q.p50, 0)}/${fmt(q.p99, 0)}`)
      .join(' ');
  const errors = [...base.errors, ...burst.errors];
  console.log(`
machine: ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, ${fmt(totalmem() / 2 ** 30)} GiB, load average ${loadavg()
    .map((l) => fmt(l, 2))
    .join(' ')}
${opts.fps} focal points at once, ${unique} unique nominations, ${burst.retried.racing + burst.retried.after} sent twice with the same Idempotency-Key (${burst.retried.racing} racing the original, ${burst.retried.after} after its answer); every request timed on its own
${line('baseline', base, base.ms, baseCpu.cpuMs)}   (GET /api/auth/me, same focal points and pattern)
${line('nominations', burst, burstMs, burstCpu.cpuMs)}
  by tenth        of the run, by when the request was sent: count:p50/p99 ms
    baseline      ${tenths(base)}
    nominations   ${tenths(burst)}
  ratio           p50 ${fmt(s.p50 / b.p50, 1)}x   p99 ${fmt(s.p99 / b.p99, 1)}x the baseline; retries alone p50 ${fmt(r.p50)} ms p99 ${fmt(r.p99)} ms
  api CPU         ${fmt(burstCpu.cpuMs / requests, 2)} ms per request, of which ${fmt(burstCpu.systemCpuMs / requests, 2)} ms in the kernel (system calls)
  database        ${fmt(burstCpu.queries / requests, 1)} statements (round trips) per api request during the burst${opts.separateWorker ? '' : ", the mail worker's included"}
  target          p99 < 300 ms: ${s.p99 < 300 ? 'met' : 'NOT met'} (${fmt(unique / (burstMs / 1000), 0)} unique nominations/s; api event-loop delay p99 ${fmt(burstCpu.eld.p99)} ms)
  statuses        ${Object.entries(burst.statuses)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}${errors.length ? `; ${errors.length} network errors, e.g. ${errors[0]}` : ''}
  registrations   ${created} created for ${unique} unique nominations: ${created === unique && distinct_emails === unique ? 'zero duplicates, none lost' : `MISMATCH (${distinct_emails} distinct emails)`}
mail: ${mailsSeen() - mailsBefore} delivered to the SMTP sink; queue drained ${fmt(drainMs / 1000, 2)} s after the burst started (${fmt((drainMs - burstMs) / 1000, 2)} s after it ended); ${unsent} unsent
  worker          ${workerCpu ? `its own process at nice 10: ${fmt(workerCpu.cpuMs / unique, 2)} ms CPU per mail` : 'inside the api process (--worker inline): its CPU is in the api figures above'}`);
  if (
    created !== unique ||
    distinct_emails !== unique ||
    !Number.isFinite(drainMs) ||
    errors.length ||
    requests !== unique + burst.retried.racing + burst.retried.after
  )
    process.exitCode = 1;
}

main().catch((e: Error) => {
  console.error(`bench registration: ${e.message}`);
  process.exit(1);
});
