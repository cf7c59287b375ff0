import { spawn, fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const ROOT = join(__dirname, '..', '..');
/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const SWC_REGISTER = require.resolve('@swc-node/register');

/** Nearest-rank percentile of unsorted values (NaN when empty). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summary(values: number[]): { n: number; p50: number; p99: number; max: number } {
  return { n: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: values.length ? Math.max(...values) : NaN };
}

export const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

/** What comes over IPC from a worker, a server or its probe. */
export type IpcMessage = { type?: unknown; probe?: unknown; id?: unknown; group?: unknown; [key: string]: unknown } | null | undefined;

/** A child process spoken to over IPC: send a message, wait for the reply that matches. */
export class Peer {
  private waiters: { match: (m: IpcMessage) => boolean; resolve: (m: IpcMessage) => void; reject: (e: Error) => void }[] = [];
  private nextId = 1;
  readonly output: string[] = [];
  exited: { code: number | null; signal: string | null } | null = null;
  private readonly exitPromise: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (raw) => {
      const m = raw as IpcMessage;
      const i = this.waiters.findIndex((w) => w.match(m));
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(m);
    });
    this.exitPromise = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exited = { code, signal };
        for (const w of this.waiters.splice(0))
          w.reject(new Error(`${name} exited (${code ?? signal}) while we waited for it:\n${this.tail()}`));
        resolve();
      });
    });
  }

  tail(lines = 20): string {
    return this.output.join('').split('\n').slice(-lines).join('\n');
  }

  waitFor<T>(match: (m: IpcMessage) => boolean, timeoutMs: number, what: string): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.name} has exited:\n${this.tail()}`));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (m: IpcMessage) => {
          clearTimeout(timer);
          resolve(m as T);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(waiter);
    });
  }

  send(message: object): void {
    this.child.send(message);
  }

  /** Sends and waits for a reply of `replyType` (messages with a `type`). */
  request<T>(message: object, replyType: string, timeoutMs: number): Promise<T> {
    return this.waitForReply<T>(message, (m) => m?.type === replyType, timeoutMs, `'${replyType}' reply`);
  }

  /** Sends and waits for the first message that `match`es. */
  waitForReply<T>(message: object, match: (m: IpcMessage) => boolean, timeoutMs: number, what = 'reply'): Promise<T> {
    const reply = this.waitFor<T>(match, timeoutMs, what);
    this.send(message);
    return reply;
  }

  /** Asks the preloaded probe (bench/lib/probe.cjs). */
  probe<T>(kind: 'reset' | 'memory' | 'stats' | 'profile-start' | 'profile-stop', extra: object = {}, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    const reply = this.waitFor<T>((m) => m?.probe === kind && m.id === id, timeoutMs, `probe '${kind}' reply`);
    this.send({ ...extra, probe: kind, id });
    return reply;
  }

  /** SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }
}

/** A server under test: TypeScript entry, preloaded probe, exposed GC, separate process. */
export function spawnServer(name: string, script: string, env: NodeJS.ProcessEnv): Peer {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--require', join(ROOT, 'bench/lib/probe.cjs'), '--require', SWC_REGISTER, script],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  return new Peer(name, child);
}

export function forkWorker(name: string, script: string): Peer {
  const child = fork(script, [], { cwd: ROOT, execArgv: ['--require', SWC_REGISTER], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  return new Peer(name, child);
}
