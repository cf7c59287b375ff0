import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** Kept between runs: the sample is made once (a few seconds of ffmpeg) and reused. Pass it to startApi({ MEDIA_DIR }). */
export const MEDIA_DIR = join(ROOT, 'node_modules/.cache/media-sample');

/** The sample VOD from `npm run media:sample` (served at /media/vod/), made with ffmpeg if it is not there yet. */
export function ensureSample(): void {
  if (existsSync(join(MEDIA_DIR, 'vod', 'master.m3u8')) && existsSync(join(MEDIA_DIR, 'vod', 'video', 'index.m3u8'))) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts/media-sample.mjs'), '--vod-only', '--duration', '20', '--out', MEDIA_DIR], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}
