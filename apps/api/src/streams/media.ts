import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { AppConfig } from '../config/config';

/** URL prefix of the development media (the sample stream from `npm run media:sample`). */
export const MEDIA_PREFIX = '/media/';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.aac': 'audio/aac',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
};

/** /media/ is for development and demos; production media comes from the venue's encoder or a CDN. */
export function servesMedia(config: Pick<AppConfig, 'MEDIA_SERVE' | 'DEMO_MODE' | 'NODE_ENV'>): boolean {
  if (config.MEDIA_SERVE !== 'auto') return config.MEDIA_SERVE === 'true';
  return config.DEMO_MODE || config.NODE_ENV !== 'production';
}

/**
 * Serves MEDIA_DIR under /media/, same origin as the portal (no CORS needed), with HLS content
 * types. Playlists are never cached (a live playlist changes every segment); segments are immutable.
 */
export async function registerMedia(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  if (!servesMedia(config)) return;
  const root = resolve(config.MEDIA_DIR);
  mkdirSync(root, { recursive: true });
  await app.register(fastifyStatic, {
    root,
    prefix: MEDIA_PREFIX,
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    cacheControl: false,
    setHeaders: (res, path) => {
      const ext = extname(path).toLowerCase();
      const type = CONTENT_TYPES[ext];
      if (type) res.setHeader('Content-Type', type);
      res.setHeader('Cache-Control', ext === '.m3u8' ? 'no-cache' : 'public, max-age=3600');
    },
  });
}
