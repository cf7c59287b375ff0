#!/usr/bin/env node
// A real sample plenary stream for development, demos and tests, made with ffmpeg:
// one H.264 video rendition and seven AAC audio renditions (floor + ar, zh, en, fr, ru, es),
// each audibly distinct (espeak-ng says the language's name in that language over a tone of
// its own; tones only when espeak-ng is missing), a master playlist declaring them with
// EXT-X-MEDIA TYPE=AUDIO / LANGUAGE / NAME, and each audio rendition doubling as the channel's
// audio-only playlist.
//
//   npm run media:sample                      VOD (MEDIA_DIR/vod, 24 s) then a live sliding-window
//                                             stream (MEDIA_DIR/live) that runs until stopped
//   npm run media:sample -- --vod-only [--duration 12] [--force]
//   npm run media:sample -- --live-only
//   --out DIR   instead of MEDIA_DIR (default .data/media)
//
// Needs ffmpeg (Debian: apt-get install ffmpeg espeak-ng).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** floor first, then UN protocol order; NAME in the language's own script; a tone of its own. */
export const CHANNELS = [
  { code: 'floor', name: 'Floor', lang: null, voice: 'en', say: 'Floor', tone: 220 },
  { code: 'ar', name: 'العربية', lang: 'ar', voice: 'ar', say: 'العربية', tone: 262 },
  { code: 'zh', name: '中文', lang: 'zh', voice: 'cmn', say: '中文', tone: 294 },
  { code: 'en', name: 'English', lang: 'en', voice: 'en', say: 'English', tone: 330 },
  { code: 'fr', name: 'Français', lang: 'fr', voice: 'fr', say: 'Français', tone: 349 },
  { code: 'ru', name: 'Русский', lang: 'ru', voice: 'ru', say: 'Русский', tone: 392 },
  { code: 'es', name: 'Español', lang: 'es', voice: 'es', say: 'Español', tone: 440 },
];

const SEGMENT_SECONDS = 2;
const LOOP_SECONDS = 4;
const VIDEO = { width: 320, height: 180, fps: 25, kbps: 250 };
const AUDIO_KBPS = 48;

function parseArgs(argv) {
  const opts = { vod: true, live: true, duration: 24, force: false, out: process.env.MEDIA_DIR || '.data/media' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--vod-only') opts.live = false;
    else if (a === '--live-only') opts.vod = false;
    else if (a === '--force') opts.force = true;
    else if (a === '--duration') opts.duration = Number(argv[++i]);
    else if (a === '--out') opts.out = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log('usage: media-sample.mjs [--vod-only | --live-only] [--duration SECONDS] [--out DIR] [--force]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isFinite(opts.duration) || opts.duration < SEGMENT_SECONDS || opts.duration > 600)
    throw new Error(`--duration must be between ${SEGMENT_SECONDS} and 600 seconds`);
  return opts;
}

const has = (cmd) => spawnSync(cmd, [cmd === 'ffmpeg' ? '-version' : '--version'], { stdio: 'ignore' }).status === 0;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr?.toString().slice(-2000)}`);
}

/** One LOOP_SECONDS clip per channel: its name spoken in its language over its own tone. */
function makeLoops(work) {
  mkdirSync(work, { recursive: true });
  const speak = has('espeak-ng');
  if (!speak) console.warn('espeak-ng not found: the channels differ by tone only (apt-get install espeak-ng)');
  return CHANNELS.map((c) => {
    const out = join(work, `${c.code}.wav`);
    const tone = ['-f', 'lavfi', '-i', `sine=frequency=${c.tone}:sample_rate=48000:duration=${LOOP_SECONDS}`];
    if (speak) {
      const speech = join(work, `${c.code}-speech.wav`);
      run('espeak-ng', ['-v', c.voice, '-s', '140', '-w', speech, c.say]);
      run('ffmpeg', [
        ...['-y', '-loglevel', 'error', '-i', speech, ...tone],
        '-filter_complex',
        `[0:a]aresample=48000,apad[s];[1:a]volume=0.12[t];[s][t]amix=inputs=2:duration=longest,volume=2`,
        ...['-t', String(LOOP_SECONDS), '-ac', '1', '-ar', '48000', out],
      ]);
    } else {
      run('ffmpeg', ['-y', '-loglevel', 'error', ...tone, '-af', 'volume=0.3', '-ac', '1', out]);
    }
    return out;
  });
}

/** The master playlist, written by hand so NAME and LANGUAGE are exactly what the player shows. */
function masterPlaylist() {
  const attr = (s) => s.replace(/"/g, "'");
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const c of CHANNELS) {
    lines.push(
      [
        '#EXT-X-MEDIA:TYPE=AUDIO',
        'GROUP-ID="aud"',
        `NAME="${attr(c.name)}"`,
        ...(c.lang ? [`LANGUAGE="${c.lang}"`] : []),
        `DEFAULT=${c.code === 'floor' ? 'YES' : 'NO'}`,
        'AUTOSELECT=YES',
        'CHANNELS="1"',
        `URI="${c.code}/index.m3u8"`,
      ].join(','),
    );
  }
  const bandwidth = (VIDEO.kbps + AUDIO_KBPS) * 1000 * 1.2;
  lines.push(
    `#EXT-X-STREAM-INF:BANDWIDTH=${Math.round(bandwidth)},CODECS="avc1.42c01e,mp4a.40.2",RESOLUTION=${VIDEO.width}x${VIDEO.height},FRAME-RATE=${VIDEO.fps}.000,AUDIO="aud"`,
    'video/index.m3u8',
    '',
  );
  return lines.join('\n');
}

/** ffmpeg arguments writing every rendition's media playlist and segments into `dir`. */
function encodeArgs(dir, loops, mode, duration) {
  const live = mode === 'live';
  const re = live ? ['-re'] : [];
  const inputs = [
    ...re,
    ...['-f', 'lavfi', '-i', `testsrc2=size=${VIDEO.width}x${VIDEO.height}:rate=${VIDEO.fps}`],
    ...loops.flatMap((wav) => [...re, '-stream_loop', '-1', '-i', wav]),
  ];
  const maps = ['-map', '0:v', ...loops.flatMap((_, i) => ['-map', `${i + 1}:a`])];
  const gop = VIDEO.fps * SEGMENT_SECONDS;
  const codecs = [
    ...['-c:v', 'libx264', '-profile:v', 'baseline', '-level', '3.0', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
    ...['-b:v', `${VIDEO.kbps}k`, '-maxrate', `${VIDEO.kbps}k`, '-bufsize', `${VIDEO.kbps * 2}k`],
    ...['-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-b:a', `${AUDIO_KBPS}k`, '-ac', '1', '-ar', '48000'],
  ];
  const streamMap = ['v:0,name:video', ...CHANNELS.map((c, i) => `a:${i},name:${c.code}`)].join(' ');
  const hls = [
    ...['-f', 'hls', '-hls_time', String(SEGMENT_SECONDS), '-hls_segment_type', 'mpegts'],
    ...(live
      ? ['-hls_list_size', '6', '-hls_flags', 'delete_segments+independent_segments+program_date_time', '-hls_delete_threshold', '2']
      : ['-t', String(duration), '-hls_list_size', '0', '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments']),
    ...['-var_stream_map', streamMap],
    ...['-hls_segment_filename', join(dir, '%v', 'seg_%05d.ts'), join(dir, '%v', 'index.m3u8')],
  ];
  return ['-y', '-loglevel', 'error', '-nostdin', ...inputs, ...maps, ...codecs, ...hls];
}

function prepare(dir) {
  rmSync(dir, { recursive: true, force: true });
  for (const c of ['video', ...CHANNELS.map((ch) => ch.code)]) mkdirSync(join(dir, c), { recursive: true });
  writeFileSync(join(dir, 'master.m3u8'), masterPlaylist());
}

/** Writes the finished VOD into `<out>/vod` (skipped when present, unless forced). Returns its master path. */
export function makeVod({ out, duration = 24, force = false }) {
  const dir = resolve(out, 'vod');
  const done = join(dir, 'video', 'index.m3u8');
  if (!force && existsSync(done) && existsSync(join(dir, 'master.m3u8'))) return join(dir, 'master.m3u8');
  const loops = makeLoops(resolve(out, '.work'));
  const partial = resolve(out, `vod.partial-${process.pid}`);
  prepare(partial);
  run('ffmpeg', encodeArgs(partial, loops, 'vod', duration));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(resolve(out), { recursive: true });
  spawnSync('mv', [partial, dir]);
  return join(dir, 'master.m3u8');
}

/** Starts the live sliding-window stream into `<out>/live`; resolves when ffmpeg exits. */
export function runLive({ out }) {
  const dir = resolve(out, 'live');
  const loops = makeLoops(resolve(out, '.work'));
  prepare(dir);
  const ffmpeg = spawn('ffmpeg', encodeArgs(dir, loops, 'live'), { stdio: ['ignore', 'inherit', 'inherit'] });
  const stop = () => ffmpeg.kill('SIGINT');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise((resolvePromise) => ffmpeg.once('exit', (code, signal) => resolvePromise({ code, signal })));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!has('ffmpeg')) {
    console.error('ffmpeg is required: sudo apt-get install ffmpeg espeak-ng');
    process.exit(1);
  }
  mkdirSync(resolve(opts.out), { recursive: true });
  if (opts.vod) {
    const started = Date.now();
    const master = makeVod({ out: opts.out, duration: opts.duration, force: opts.force || !opts.live });
    console.log(`VOD ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${master}  (served at /media/vod/master.m3u8)`);
  }
  if (opts.live) {
    console.log(`Live stream: ${resolve(opts.out, 'live', 'master.m3u8')}  (served at /media/live/master.m3u8); Ctrl-C to stop`);
    const { code, signal } = await runLive({ out: opts.out });
    if (signal !== 'SIGINT' && code !== 0 && code !== 255) process.exit(code ?? 1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
