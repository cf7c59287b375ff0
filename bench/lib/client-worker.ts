/**
 * A process holding a share of the benchmark's socket.io clients (forked by bench/calendar.ts,
 * so that clients never share a process, nor an event loop, with the server under test).
 *
 * Two kinds of client, both on the WebSocket transport only:
 *   full   socket.io-client 4.8 (Manager + Socket per client, payloads parsed as JSON)
 *   light  a raw `ws` WebSocket speaking the engine.io 4 / socket.io 5 text protocol: connect
 *          to the namespace, subscribe, answer pings, and read only the `seq` of each change.
 *          Costs the client process a few µs per message, so the latency measured is the
 *          server's, not the clients'.
 *
 * Each client binds to one of several loopback source addresses (127.0.0.2, 127.0.0.3, ...):
 * every (source address, destination) pair has its own ~28k ephemeral ports.
 *
 * For each broadcast seq, the worker keeps how many clients got it and the first and last
 * receipt time (performance.timeOrigin + performance.now(): the same clock in every process
 * of this machine, to well under a millisecond).
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { LIVE_NAMESPACE, LiveEvents } from '@cop/contracts';

export type ClientKind = 'full' | 'light';

/** Clients are kept in named groups (one per server under test); receipts are per group. */
export type WorkerCommand =
  | {
      type: 'connect';
      group: string;
      url: string;
      count: number;
      firstIndex: number;
      addresses: string[];
      concurrency: number;
      meeting: string;
      kind: ClientKind;
      timeoutMs: number;
    }
  | { type: 'reset' }
  | { type: 'receipts'; group: string }
  | { type: 'close' };

export type WorkerReply =
  | { type: 'connected'; group: string; ready: number; failed: number; errors: Record<string, number>; ms: number }
  | { type: 'reset' }
  | { type: 'receipts'; group: string; rows: [seq: number, count: number, first: number, last: number][]; dropped: number; open: number }
  | { type: 'closed' };

const now = () => performance.timeOrigin + performance.now();
const send = (reply: WorkerReply) => process.send!(reply);

interface Client {
  close(): void;
}

interface Group {
  clients: Client[];
  /** seq -> [count, first, last] */
  receipts: Map<number, [number, number, number]>;
  dropped: number;
  open: number;
  closing: boolean;
}
const groups = new Map<string, Group>();
const groupOf = (name: string): Group => {
  let g = groups.get(name);
  if (!g) groups.set(name, (g = { clients: [], receipts: new Map(), dropped: 0, open: 0, closing: false }));
  return g;
};

function receive(g: Group, seq: number): void {
  const t = now();
  const r = g.receipts.get(seq);
  if (r) {
    r[0]++;
    if (t > r[2]) r[2] = t;
  } else {
    g.receipts.set(seq, [1, t, t]);
  }
}

interface ConnectSpec {
  group: Group;
  url: string;
  localAddress: string;
  meeting: string;
  timeoutMs: number;
}

/** socket.io-client, WebSocket only; resolves once the server has confirmed the subscription. */
function connectFull(spec: ConnectSpec): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket: Socket = io(spec.url + LIVE_NAMESPACE, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: spec.timeoutMs,
      // Passed on to the ws WebSocket (engine.io-client picks localAddress from its options).
      localAddress: spec.localAddress,
    } as Parameters<typeof io>[1]);
    let lastSeq = 0;
    let ready = false;
    const timer = setTimeout(() => fail(new Error('subscribe timeout')), spec.timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      socket.disconnect();
      reject(e);
    };
    socket.on('connect', () => socket.emit(LiveEvents.Subscribe, { meeting: spec.meeting }));
    socket.on('connect_error', (e: Error) => fail(e));
    socket.on(LiveEvents.Error, (e: { code: string; message: string }) => fail(new Error(`${e.code}: ${e.message}`)));
    socket.on(LiveEvents.Subscribed, () => {
      if (ready) return;
      ready = true;
      spec.group.open++;
      clearTimeout(timer);
      resolve({ close: () => socket.disconnect() });
    });
    socket.on('disconnect', (reason: string) => {
      if (!ready) return;
      spec.group.open--;
      if (reason !== 'io client disconnect') spec.group.dropped++;
    });
    socket.on(LiveEvents.CalendarChanged, (e: { seq: number }) => {
      if (e.seq > lastSeq) {
        lastSeq = e.seq;
        receive(spec.group, e.seq);
      }
    });
  });
}

const CHANGED = Buffer.from(`42${LIVE_NAMESPACE},["${LiveEvents.CalendarChanged}",`);
const SEQ = Buffer.from('"seq":');

/** A raw WebSocket speaking just enough engine.io/socket.io to subscribe and receive. */
function connectLight(spec: ConnectSpec): Promise<Client> {
  return new Promise((resolve, reject) => {
    const u = new URL(spec.url);
    const ws = new WebSocket(`ws://${u.host}/socket.io/?EIO=4&transport=websocket`, {
      localAddress: spec.localAddress,
      perMessageDeflate: false,
      handshakeTimeout: spec.timeoutMs,
    });
    let lastSeq = 0;
    let ready = false;
    const timer = setTimeout(() => fail(new Error('subscribe timeout')), spec.timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      ws.terminate();
      reject(e);
    };
    ws.on('error', (e) => (ready ? undefined : fail(e)));
    ws.on('close', () => {
      if (!ready) return fail(new Error('closed before subscribing'));
      spec.group.open--;
      if (!spec.group.closing) spec.group.dropped++;
    });
    ws.on('message', (data: Buffer) => {
      // Hot path first: a change broadcast. Only its seq is read.
      if (data.length > CHANGED.length && data.compare(CHANGED, 0, CHANGED.length, 0, CHANGED.length) === 0) {
        const at = data.indexOf(SEQ, CHANGED.length);
        if (at < 0) return;
        let seq = 0;
        for (let i = at + SEQ.length; i < data.length; i++) {
          const c = data[i];
          if (c < 48 || c > 57) break;
          seq = seq * 10 + (c - 48);
        }
        if (seq > lastSeq) {
          lastSeq = seq;
          receive(spec.group, seq);
        }
        return;
      }
      const text = data.toString();
      if (text === '2') return ws.send('3'); // engine.io ping -> pong
      if (text.startsWith('0{')) return ws.send(`40${LIVE_NAMESPACE},`); // engine.io open -> socket.io CONNECT
      if (text.startsWith(`40${LIVE_NAMESPACE},`))
        return ws.send(`42${LIVE_NAMESPACE},${JSON.stringify([LiveEvents.Subscribe, { meeting: spec.meeting }])}`);
      if (text.startsWith(`44${LIVE_NAMESPACE},`)) return fail(new Error(`connect refused: ${text.slice(4 + LIVE_NAMESPACE.length)}`));
      if (text.startsWith(`42${LIVE_NAMESPACE},["${LiveEvents.Subscribed}"`) && !ready) {
        ready = true;
        spec.group.open++;
        clearTimeout(timer);
        resolve({ close: () => ws.close() });
      } else if (text.startsWith(`42${LIVE_NAMESPACE},["${LiveEvents.Error}"`) && !ready) {
        fail(new Error(text.slice(3 + LIVE_NAMESPACE.length)));
      }
    });
  });
}

async function connectAll(cmd: Extract<WorkerCommand, { type: 'connect' }>): Promise<void> {
  const started = now();
  const errors: Record<string, number> = {};
  let next = 0;
  let ready = 0;
  let failed = 0;
  const group = groupOf(cmd.group);
  group.closing = false;
  const connect = cmd.kind === 'light' ? connectLight : connectFull;
  const lane = async () => {
    while (next < cmd.count) {
      const i = next++;
      const localAddress = cmd.addresses[(cmd.firstIndex + i) % cmd.addresses.length];
      try {
        group.clients.push(await connect({ group, url: cmd.url, localAddress, meeting: cmd.meeting, timeoutMs: cmd.timeoutMs }));
        ready++;
      } catch (e) {
        failed++;
        const key = ((e as Error).message || String(e)).slice(0, 120);
        errors[key] = (errors[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(cmd.concurrency, cmd.count) }, lane));
  send({ type: 'connected', group: cmd.group, ready, failed, errors, ms: now() - started });
}

process.on('message', (cmd: WorkerCommand) => {
  switch (cmd.type) {
    case 'connect':
      void connectAll(cmd);
      return;
    case 'reset':
      for (const g of groups.values()) {
        g.receipts.clear();
        g.dropped = 0;
      }
      return send({ type: 'reset' });
    case 'receipts': {
      const g = groupOf(cmd.group);
      const rows = [...g.receipts].map(([seq, [count, first, last]]): [number, number, number, number] => [seq, count, first, last]);
      return send({ type: 'receipts', group: cmd.group, rows, dropped: g.dropped, open: g.open });
    }
    case 'close': {
      for (const g of groups.values()) {
        g.closing = true;
        for (const c of g.clients) c.close();
        g.clients = [];
      }
      // Give the close frames a moment to leave before reporting.
      setTimeout(() => send({ type: 'closed' }), 500);
      return;
    }
  }
});

// The benchmark going away (normally or not) ends this worker too.
process.on('disconnect', () => process.exit(0));
