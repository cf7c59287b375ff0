/**
 * The baseline: the same fan-out from a bare socket.io 4.8 server on node:http — no NestJS, no
 * database, no Redis adapter — with the api's engine options (perMessageDeflate off, the
 * handshake request dropped, one emit per room). Clients connect to the /live namespace and
 * send `subscribe` like they do to the api; the benchmark drives broadcasts over IPC. It also
 * serves a fixed body at the schedule's path, an upper bound for the api's HTTP throughput.
 *
 * Run by bench/calendar.ts with --require bench/lib/probe.cjs (event-loop delay, memory and the
 * timing of each broadcast are measured there, the same way as for the api).
 */
import { createServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { LIVE_NAMESPACE, LiveEvents, type ChangeEvent, type SubscribeRequest } from '@cop/contracts';

type Command = { type: 'broadcast'; event: ChangeEvent } | { type: 'schedule'; path: string; body: string; etag: string };

const room = (meeting: string) => `live:${meeting}:public`;
let schedule: { path: string; body: string; etag: string } | null = null;

const http = createServer((req, res) => {
  if (schedule && req.method === 'GET' && req.url === schedule.path) {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(schedule.body),
      etag: schedule.etag,
      'cache-control': 'no-cache',
      vary: 'Authorization',
    });
    res.end(schedule.body);
    return;
  }
  if (!req.url?.startsWith('/socket.io/')) {
    res.writeHead(404).end();
  }
});

const io = new Server(http, {
  transports: ['websocket', 'polling'],
  perMessageDeflate: false,
  httpCompression: false,
  cleanupEmptyChildNamespaces: true,
  serveClient: false,
  pingInterval: 25_000,
  pingTimeout: 20_000,
});
io.engine.on('connection', (raw: { request: unknown }) => {
  raw.request = null;
});

const live = io.of(LIVE_NAMESPACE);
live.on('connection', (socket: Socket) => {
  socket.on(LiveEvents.Subscribe, (body: SubscribeRequest) => {
    if (!body || typeof body.meeting !== 'string') return;
    void socket.join(room(body.meeting));
    socket.emit(LiveEvents.Subscribed, { meeting: body.meeting, lastSeq: 0 });
  });
});

process.on('message', (msg: Command) => {
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'broadcast') {
    // The api's publish step: stamp and emit once to the room.
    const event: ChangeEvent = { ...msg.event, at: new Date().toISOString() };
    live.to(room(event.meeting)).emit(LiveEvents.CalendarChanged, event);
  } else if (msg.type === 'schedule') {
    schedule = { path: msg.path, body: msg.body, etag: msg.etag };
    process.send?.({ type: 'schedule-set' });
  }
});

const port = Number(process.env.PORT ?? 0);
http.listen(port, '127.0.0.1', () => {
  const address = http.address();
  process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : port });
});

const stop = () => {
  void io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
