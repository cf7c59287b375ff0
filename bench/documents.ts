/**
 * `npm run bench -- documents [--connections 200] [--duration 15] [--threads 2] [--size-mb 5]
 *                              [--uploads 20] [--upload-mb 200]`
 *
 * 1. Downloads: the api (its own process, as production runs it) serves a participants-only
 *    PDF of `--size-mb` MB to `--connections` concurrent wrk connections, each request with a
 *    bearer token — so every request is authenticated, authorized against the document's
 *    distribution and audited (one INSERT into document_download) before the bytes go out. In
 *    the same run nginx (the Debian package, started here on a loopback port with a temporary
 *    configuration: sendfile on, access log off) serves the same file statically to the same
 *    load. Printed: requests/s and MB/s of both, and api/nginx.
 * 2. Uploads: `--uploads` concurrent uploads of `--upload-mb` MB each (distinct content, sent
 *    as a stream with Content-Length); the api's resident memory (VmRSS from /proc) is sampled
 *    every 100 ms before, during and after. Streaming means the peak stays near the baseline
 *    rather than growing with uploads × size.
 *
 * Needs nginx and wrk (apt-get install nginx wrk). Expects DATABASE_URL (migrated), REDIS_URL,
 * BENCH_SECRETARIAT_EMAIL and BENCH_SECRETARIAT_PASSWORD: scripts/bench.mjs provides them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { freePort } from '../scripts/free-port.cjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    connections: { type: 'string', default: '200' },
    duration: { type: 'string', default: '15' },
    threads: { type: 'string', default: '2' },
    'size-mb': { type: 'string', default: '5' },
    uploads: { type: 'string', default: '20' },
    'upload-mb': { type: 'string', default: '200' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(readFileSync(__filename, 'utf8').split('*/')[0]);
  process.exit(0);
}

const ROOT = join(__dirname, '..');
const MB = 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'cop-bench-docs-'));
const children: ChildProcess[] = [];
const log = (s: string) => console.log(`[documents] ${s}`);

function cleanup(): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => process.exit(130));

function need(tool: string, args: string[]): void {
  if (spawnSync(tool, args).error) {
    console.error(`${tool} is not installed: apt-get install nginx wrk`);
    process.exit(2);
  }
}

async function waitFor(url: string, what: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up`);
}

/** A valid PDF of about `bytes` bytes (one page of text and a padding stream), unique per `seed`. */
function pdfOfSize(bytes: number, seed: string): Buffer {
  const head = Buffer.from(`%PDF-1.4\n% ${seed}\n`);
  const tail = Buffer.from('\n%%EOF\n');
  const body = Buffer.alloc(Math.max(0, bytes - head.length - tail.length), 0x20);
  return Buffer.concat([head, body, tail]);
}

async function api(
  method: string,
  url: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; json: { token?: string } | null }> {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

interface WrkResult {
  requestsPerSec: number;
  mbPerSec: number;
  non2xx: number;
  errors: string;
  latency: string;
}

function wrk(url: string, headers: string[]): WrkResult {
  const args = ['-t', flags.threads!, '-c', flags.connections!, '-d', `${flags.duration}s`, '--latency'];
  for (const h of headers) args.push('-H', h);
  const r = spawnSync('wrk', [...args, url], { encoding: 'utf8', maxBuffer: 10 * MB });
  const out = r.stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const transfer = /Transfer\/sec:\s+([\d.]+)(\w+)/.exec(out);
  const unit = { B: 1 / MB, KB: 1 / 1024, MB: 1, GB: 1024 }[transfer?.[2] ?? 'MB'] ?? 1;
  return {
    requestsPerSec: rps,
    mbPerSec: transfer ? Number(transfer[1]) * unit : NaN,
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
    errors: /Socket errors:.*/.exec(out)?.[0] ?? 'none',
    latency: /50%\s+(\S+)[\s\S]*?99%\s+(\S+)/.exec(out)?.slice(1).join(' / ') ?? '-',
  };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  need('nginx', ['-v']);
  need('wrk', ['--version']);
  const sizeBytes = Math.round(Number(flags['size-mb']) * MB);
  const uploadBytes = Math.round(Number(flags['upload-mb']) * MB);
  const uploads = Number(flags.uploads);

  // ---- the api, as its own process
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const apiProc = spawn(process.execPath, ['-r', require.resolve('@swc-node/register'), join(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('hex'),
      DOCUMENT_DIR: join(work, 'documents'),
      DOCUMENT_SIGNING_KEY_FILE: join(work, 'signing.pem'),
      DOCUMENT_MAX_BYTES: String(uploadBytes + MB),
      DOCUMENT_QUEUE_PREFIX: `cop-bench-${process.pid}`,
      RUN_WORKER: 'false',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(apiProc);
  await waitFor(`${base}/health/ready`, 'the api');
  log(`api on ${base} (pid ${apiProc.pid})`);

  const login = await api('POST', `${base}/api/auth/login`, null, {
    email: process.env.BENCH_SECRETARIAT_EMAIL,
    password: process.env.BENCH_SECRETARIAT_PASSWORD,
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.json)}`);
  const token = login.json!.token!;
  const code = `bench-${randomBytes(3).toString('hex')}`;
  const meeting = await api('POST', `${base}/api/meetings`, token, {
    code,
    title: { en: 'Benchmark meeting' },
    shortTitle: 'BENCH',
    venue: 'Loopback',
    timeZone: 'Europe/Zurich',
    startDate: '2025-11-03',
    endDate: '2025-11-07',
  });
  if (meeting.status !== 201) throw new Error(`meeting: ${meeting.status} ${JSON.stringify(meeting.json)}`);
  const created = await api('POST', `${base}/api/meetings/${code}/documents`, token, {
    symbol: 'UNEP/MC/COP.6/CRP.1',
    title: { en: 'Benchmark conference room paper' },
    distribution: 'participants',
  });
  if (created.status !== 201) throw new Error(`document: ${created.status} ${JSON.stringify(created.json)}`);
  const pdf = pdfOfSize(sizeBytes, 'download');
  const put = await fetch(`${base}/api/meetings/${code}/documents/UNEP-MC-COP.6-CRP.1/files/en`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
    body: new Uint8Array(pdf),
  });
  if (put.status !== 201) throw new Error(`upload: ${put.status} ${await put.text()}`);
  const downloadUrl = `${base}/api/meetings/${code}/documents/UNEP-MC-COP.6-CRP.1/files/en`;

  // ---- nginx serving the same bytes
  const nginxPort = await freePort();
  const root = join(work, 'nginx');
  spawnSync('mkdir', ['-p', join(root, 'html'), join(root, 'logs'), join(root, 'tmp')]);
  chmodSync(work, 0o755); // nginx's workers run as an unprivileged user and must reach html/
  writeFileSync(join(root, 'html', 'UNEP-MC-COP.6-CRP.1-E.pdf'), pdf);
  writeFileSync(
    join(root, 'nginx.conf'),
    `worker_processes auto;
pid ${root}/nginx.pid;
error_log ${root}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path ${root}/tmp; proxy_temp_path ${root}/tmp; fastcgi_temp_path ${root}/tmp;
  uwsgi_temp_path ${root}/tmp; scgi_temp_path ${root}/tmp;
  types { application/pdf pdf; }
  server { listen 127.0.0.1:${nginxPort}; root ${root}/html; }
}
`,
  );
  const nginx = spawn('nginx', ['-p', root, '-c', join(root, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
  children.push(nginx);
  const nginxUrl = `http://127.0.0.1:${nginxPort}/UNEP-MC-COP.6-CRP.1-E.pdf`;
  await waitFor(nginxUrl, 'nginx');
  log(`nginx on 127.0.0.1:${nginxPort}`);

  // Sanity: same bytes from both.
  const a = Buffer.from(await (await fetch(downloadUrl, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
  const b = Buffer.from(await (await fetch(nginxUrl)).arrayBuffer());
  if (!a.equals(pdf) || !b.equals(pdf)) throw new Error('the api and nginx do not serve the same bytes');

  const auditBefore = await auditCount(base, token, code);
  log(`downloads: ${flags.connections} connections, ${flags.duration}s each, ${(sizeBytes / MB).toFixed(1)} MB file`);
  const nginxResult = wrk(nginxUrl, []);
  const apiResult = wrk(downloadUrl, [`Authorization: Bearer ${token}`]);
  const audited = (await auditCount(base, token, code)) - auditBefore;
  nginx.kill('SIGTERM');

  // ---- memory during concurrent uploads
  log(`uploads: ${uploads} concurrent × ${flags['upload-mb']} MB`);
  const samples: number[] = [];
  const baseline = rssMb(apiProc.pid!);
  const sampler = setInterval(() => samples.push(rssMb(apiProc.pid!)), 100);
  const t0 = Date.now();
  const statuses = await Promise.all(
    Array.from({ length: uploads }, (_, i) => uploadStream(`${downloadUrl.replace(/\/files\/en$/, '/files/fr')}`, token, uploadBytes, i)),
  );
  const uploadSeconds = (Date.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  clearInterval(sampler);
  const after = rssMb(apiProc.pid!);

  // ---- report
  const ratio = apiResult.requestsPerSec / nginxResult.requestsPerSec;
  const row = (name: string, r: WrkResult) =>
    `${name.padEnd(24)} ${r.requestsPerSec.toFixed(1).padStart(9)} req/s ${r.mbPerSec.toFixed(0).padStart(7)} MB/s   p50/p99 ${r.latency.padEnd(17)} non-2xx ${r.non2xx}  ${r.errors}`;
  console.log('\n=== Document downloads (wrk) ===');
  console.log(row('nginx (static, sendfile)', nginxResult));
  console.log(row('api (bearer+audit)', apiResult));
  console.log(`api / nginx throughput: ${ratio.toFixed(2)}   (target ≥ 0.5, aim 0.9)`);
  console.log(
    `restricted downloads audited during the api run: ${audited} (wrk completed ≈ ${Math.round(apiResult.requestsPerSec * Number(flags.duration))})`,
  );
  console.log('\n=== Memory during uploads ===');
  console.log(
    `${uploads} × ${flags['upload-mb']} MB uploaded concurrently in ${uploadSeconds.toFixed(1)} s (${((uploads * uploadBytes) / MB / uploadSeconds).toFixed(0)} MB/s); statuses: ${summarize(statuses)}`,
  );
  console.log(
    `api RSS: before ${baseline.toFixed(0)} MB, peak ${Math.max(...samples).toFixed(0)} MB, after ${after.toFixed(0)} MB (${samples.length} samples)`,
  );
  console.log(`(data uploaded: ${((uploads * uploadBytes) / MB).toFixed(0)} MB; a buffering server would need at least that much)`);
  const ok = statuses.every((s) => s === 201) && apiResult.non2xx === 0;
  apiProc.kill('SIGTERM');
  await new Promise((r) => apiProc.once('exit', r));
  process.exit(ok ? 0 : 1);
}

async function auditCount(base: string, token: string, code: string): Promise<number> {
  // The bench reads the audit table directly: it is not exposed over HTTP.
  const { Client } = await import('pg');
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT count(*)::int AS n FROM document_download a JOIN document d ON d.id = a.document_id JOIN meeting m ON m.id = d.meeting_id WHERE m.code = $1`,
      [code],
    );
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

function summarize(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n}×${s}`).join(', ');
}

/** Streams a PDF of `bytes` bytes (distinct per index) without holding it in memory. */
function uploadStream(url: string, token: string, bytes: number, index: number): Promise<number> {
  const head = Buffer.from(`%PDF-1.4\n% upload ${index} ${randomBytes(8).toString('hex')}\n`);
  const tail = Buffer.from('\n%%EOF\n');
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  let left = bytes - head.length - tail.length;
  const body = Readable.from(
    (function* () {
      yield head;
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        yield n === chunk.length ? chunk : chunk.subarray(0, n);
      }
      yield tail;
    })(),
  );
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        method: 'PUT',
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'content-length': String(bytes) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    body.pipe(req);
  });
}

main().catch((e: Error) => {
  console.error(`[documents] ${e.message}`);
  process.exit(1);
});
