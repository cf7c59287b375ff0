// Preloaded into a server under test (`node --expose-gc --require bench/lib/probe.cjs ...`) so the
// benchmark can observe it without any change to its code. Talks to the benchmark over the IPC
// channel the server was spawned with; does nothing when there is none.
//
//   event-loop delay   perf_hooks.monitorEventLoopDelay (10 ms resolution), reset per phase
//   memory             process.memoryUsage() after a full GC (needs --expose-gc)
//   CPU                process.cpuUsage() since the last reset; on request, a CPU profile
//   queries            statements sent through pg's Client#query (database round trips)
//   commit time        when PostgreSQL's answer to COMMIT reaches the server (a wrapper
//                      around pg's Client#query; the query itself is untouched)
//   broadcast          each `calendar.changed` emit to a room: its seq, when it started and
//                      ended (the synchronous part of a socket.io broadcast is the whole write
//                      loop over the room's sockets), and the latest COMMIT seen before it;
//                      other room broadcasts are counted and timed per event name
'use strict';

const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');

if (typeof process.send === 'function') {
  const now = () => performance.timeOrigin + performance.now();
  const EVENT = process.env.BENCH_PROBE_EVENT || 'calendar.changed';
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();

  let lastCommitAt = 0;
  /** Statements sent to PostgreSQL (database round trips) since the last reset. */
  let queries = 0;
  let since = { cpu: process.cpuUsage(), at: now() };
  let profiler = null;
  /** seq -> { commitAt, emitStart, emitEnd, emitMs, rooms } */
  const broadcasts = new Map();
  /** event -> { count, ms, maxMs } for every other room broadcast */
  const others = new Map();

  // The app's own copies: resolve from the working directory (the project root).
  const fromRoot = (id) => require.resolve(id, { paths: [process.cwd()] });

  try {
    const pg = require(fromRoot('pg'));
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function probedQuery(config) {
      const result = query.apply(this, arguments);
      queries++;
      const text = typeof config === 'string' ? config : config && config.text;
      if (text === 'COMMIT' && result && typeof result.then === 'function') {
        // Registered before the caller's await, so this runs first when the answer arrives.
        result.then(
          () => (lastCommitAt = now()),
          () => undefined,
        );
      }
      return result;
    };
  } catch {
    // No pg here (the bare server): commit time stays 0.
  }

  try {
    // socket.io's package exports hide dist/broadcast-operator; reach it by file path.
    const file = path.join(path.dirname(fromRoot('socket.io')), 'broadcast-operator.js');
    const { BroadcastOperator } = require(file);
    const emit = BroadcastOperator.prototype.emit;
    BroadcastOperator.prototype.emit = function probedEmit(ev, ...args) {
      if (ev !== EVENT) {
        // Other broadcasts (e.g. the api's periodic feed.head) cost the same per socket.
        const start = now();
        const out = emit.call(this, ev, ...args);
        const o = others.get(ev) || { count: 0, ms: 0, maxMs: 0 };
        const took = now() - start;
        o.count++;
        o.ms += took;
        o.maxMs = Math.max(o.maxMs, took);
        others.set(ev, o);
        return out;
      }
      const cpu0 = process.cpuUsage();
      const start = now();
      const out = emit.call(this, ev, ...args);
      const end = now();
      const cpu = process.cpuUsage(cpu0);
      // CPU time, unlike wall time, hardly changes when other processes compete for the CPUs.
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const seq = args[0] && typeof args[0] === 'object' ? Number(args[0].seq) : NaN;
      const b = broadcasts.get(seq);
      if (b) {
        b.emitEnd = end;
        b.emitMs += end - start;
        b.emitCpuMs += cpuMs;
        b.rooms++;
      } else {
        broadcasts.set(seq, {
          seq,
          commitAt: lastCommitAt,
          emitStart: start,
          emitEnd: end,
          emitMs: end - start,
          emitCpuMs: cpuMs,
          rooms: 1,
        });
      }
      return out;
    };
  } catch (e) {
    process.stderr.write(`probe: cannot observe socket.io broadcasts: ${e.message}\n`);
  }

  const ms = (ns) => Math.round((ns / 1e6) * 100) / 100;
  const memory = () => {
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
  };

  process.on('message', (msg) => {
    if (!msg || typeof msg !== 'object' || typeof msg.probe !== 'string') return;
    const reply = (body) => process.send({ probe: msg.probe, id: msg.id, ...body });
    switch (msg.probe) {
      case 'reset':
        eld.reset();
        broadcasts.clear();
        others.clear();
        since = { cpu: process.cpuUsage(), at: now() };
        queries = 0;
        return reply({});
      case 'memory':
        return reply({ memory: memory() });
      case 'profile-start': {
        // CPU profile of the server (BENCH_PROFILE_DIR): an inspector session in this process.
        const inspector = require('node:inspector');
        profiler = new inspector.Session();
        profiler.connect();
        profiler.post('Profiler.enable', () =>
          profiler.post('Profiler.setSamplingInterval', { interval: 250 }, () => profiler.post('Profiler.start', () => reply({}))),
        );
        return;
      }
      case 'profile-stop': {
        if (!profiler) return reply({ error: 'not profiling' });
        const session = profiler;
        profiler = null;
        session.post('Profiler.stop', (err, result) => {
          if (!err) require('node:fs').writeFileSync(msg.file, JSON.stringify(result.profile));
          session.disconnect();
          reply({ error: err ? err.message : undefined });
        });
        return;
      }
      case 'stats': {
        const cpu = process.cpuUsage(since.cpu);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        return reply({
          cpuMs,
          // Kernel time (system calls: socket writes wake the peer process) apart from JavaScript's.
          systemCpuMs: cpu.system / 1000,
          queries,
          cpuPercent: (cpuMs / (now() - since.at)) * 100,
          eld: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max), mean: ms(eld.mean), count: eld.count },
          broadcasts: [...broadcasts.values()],
          otherBroadcasts: Object.fromEntries(others),
          memory: process.memoryUsage(),
        });
      }
    }
  });
  // The channel must not keep the server alive once it has been asked to stop.
  if (process.channel && typeof process.channel.unref === 'function') process.channel.unref();
}
