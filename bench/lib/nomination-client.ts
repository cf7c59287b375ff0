/**
 * The focal points of bench/registration.ts, in a process of their own (forked), so that the
 * clients' HTTP and JSON work never shares an event loop with the api under test, nor with the
 * benchmark's SMTP sink.
 *
 * One command, one reply. Every request is timed on its own, from just before sending to the end
 * of its body, over keep-alive node:http sockets (the same clock in every process:
 * performance.timeOrigin + performance.now()).
 *
 *   baseline  each focal point sends the same number of requests as in the burst, one after
 *             another, all focal points at once — but `GET /api/auth/me` (bearer token checked,
 *             no database): what this server, machine and concurrency cost without the work.
 *   burst     each focal point sends its nominations one after another, all focal points at
 *             once; a nomination picked for a retry (share `retry`) is sent twice with the same
 *             Idempotency-Key: half of those race the original (a client that timed out and
 *             sent again), half follow its answer (a client that lost the answer).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface FocalPointLoad {
  token: string;
  letter: string;
}
export type ClientCommand = {
  type: 'baseline' | 'burst';
  /** Prefix of the nominees' emails (the warm-up's nominations are told apart by theirs). */
  emailPrefix?: string;
  url: string;
  meeting: string;
  focalPoints: FocalPointLoad[];
  per: number;
  retry: number;
};
export type ClientReply = {
  type: 'done';
  ms: number;
  /** Latency of every request (first sends and retries alike), ms. */
  latencies: number[];
  /** When each of those requests was sent, ms after the run's start (same order as latencies). */
  sentAt: number[];
  /** Latency of the second send of retried nominations only. */
  retryLatencies: number[];
  statuses: Record<string, number>;
  /** Nominations sent twice: racing and after the answer. */
  retried: { racing: number; after: number };
  errors: string[];
};

const now = () => performance.timeOrigin + performance.now();

/** 0 → A, 27 → BB: names are letters only (the API refuses digits in names). */
const alpha = (n: number): string => (n < 26 ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n] : alpha(Math.floor(n / 26) - 1) + alpha(n % 26));

/** Deterministic choice of which nominations are retried, so the baseline sends as many requests. */
function plan(f: number, k: number, retry: number): 'once' | 'racing' | 'after' {
  const h = Math.imul(f * 1009 + k * 9176 + 7, 2654435761) >>> 0;
  if (h / 2 ** 32 >= retry) return 'once';
  return (h >>> 3) % 2 ? 'racing' : 'after';
}

/**
 * node:http with keep-alive sockets rather than fetch: fetch (undici behind WHATWG streams) costs
 * this process several times the CPU per request, and with 200 focal points in one event loop
 * that cost showed up as latency on every request, the baseline's included.
 */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
let origin = new URL('http://127.0.0.1');

/** Sends one request and reads its whole body; resolves with the status. */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: origin.hostname,
        port: origin.port,
        method,
        path,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(cmd: ClientCommand): Promise<ClientReply> {
  origin = new URL(cmd.url);
  const reply: ClientReply = {
    type: 'done',
    ms: 0,
    latencies: [],
    sentAt: [],
    retryLatencies: [],
    statuses: {},
    retried: { racing: 0, after: 0 },
    errors: [],
  };
  const runStart = now();
  const timed = async (init: () => Promise<number>, isRetry = false): Promise<void> => {
    const start = now();
    try {
      const status = await init();
      const took = now() - start;
      reply.latencies.push(took);
      reply.sentAt.push(start - runStart);
      if (isRetry) reply.retryLatencies.push(took);
      reply.statuses[status] = (reply.statuses[status] ?? 0) + 1;
    } catch (e) {
      reply.errors.push((e as Error).message);
    }
  };
  const me = (fp: FocalPointLoad) => () => send('GET', '/api/auth/me', { authorization: `Bearer ${fp.token}` });
  const nominate = (fp: FocalPointLoad, body: string, key: string) => () =>
    send(
      'POST',
      `/api/meetings/${cmd.meeting}/nominations`,
      { authorization: `Bearer ${fp.token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body,
    );
  await Promise.all(
    cmd.focalPoints.map(async (fp, f) => {
      for (let k = 0; k < cmd.per; k++) {
        const how = plan(f, k, cmd.retry);
        if (how !== 'once') reply.retried[how]++;
        if (cmd.type === 'baseline') {
          if (how === 'racing') await Promise.all([timed(me(fp)), timed(me(fp), true)]);
          else {
            await timed(me(fp));
            if (how === 'after') await timed(me(fp), true);
          }
          continue;
        }
        const body = JSON.stringify({
          title: 'Mx.',
          givenName: 'Bench',
          familyName: `Participant ${alpha(f)} ${alpha(k)}`,
          email: `${cmd.emailPrefix ?? 'p'}${f}-${k}@bench.cop`,
          function: k === 0 ? 'head-of-delegation' : 'adviser',
          nationality: 'CH',
          preferredLanguage: (['en', 'fr', 'es', 'ar', 'zh', 'ru'] as const)[k % 6],
          letterId: fp.letter,
        });
        const send = nominate(fp, body, `${cmd.emailPrefix ?? 'bench'}-${f}-${k}`);
        if (how === 'racing') await Promise.all([timed(send), timed(send, true)]);
        else {
          await timed(send);
          if (how === 'after') await timed(send, true);
        }
      }
    }),
  );
  reply.ms = now() - runStart;
  return reply;
}

process.on('message', (cmd: ClientCommand) => {
  void run(cmd).then((r) => process.send!(r));
});
