import etag from '@fastify/etag';
import fastifyStatic from '@fastify/static';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { AppModule } from './app.module';
import { registerFileBodyRoutes } from './common/file-body';
import { registerMetrics } from './common/metrics';
import { HttpErrorFilter } from './common/http-error.filter';
import { registerSecurityHeaders, securityHeaderOptions } from './common/security-headers';
import type { AppConfig } from './config/config';
import { DOCUMENT_UPLOAD_ROUTE } from './documents/upload-receiver';
import { RedisIoAdapter } from './feed/redis-io.adapter';
import { LETTER_UPLOAD_ROUTE } from './registration/letters.service';
import { registerMedia } from './streams/media';
import { registerDocsAssets } from './openapi/docs-assets';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's start-up inventory: a line per module, controller and route (about 150 lines). */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController']);

/** Nest's console logger with the start-up inventory at debug level, so `npm start` shows what matters. */
class AppLogger extends ConsoleLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) return this.debug(message, ...optionalParams);
    super.log(message, ...optionalParams);
  }
}

/** Finds the built portal: PORTAL_DIR, else apps/portal/dist when it has been built. */
export function resolvePortalDir(config: AppConfig): string | undefined {
  const dir = resolve(config.PORTAL_DIR ?? join(process.cwd(), 'apps/portal/dist'));
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/** Builds the api application (HTTP + socket.io) without listening; main.ts and the tests share it. */
export async function createApp(config: AppConfig, options: { quiet?: boolean } = {}): Promise<NestFastifyApplication> {
  const portalDir = resolvePortalDir(config);
  const adapter = new FastifyAdapter({
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 256 * 1024,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ ...config, PORTAL_DIR: portalDir }), adapter, {
    logger: new AppLogger({ logLevels: options.quiet ? ['error'] : LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1) }),
  });
  // The API speaks JSON only: any other body is 415, not silently read as text.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  // Document and letter uploads are the only raw file bodies: streamed after the guard, never buffered.
  registerFileBodyRoutes(app.getHttpAdapter().getInstance(), [DOCUMENT_UPLOAD_ROUTE, LETTER_UPLOAD_ROUTE]);
  app.useWebSocketAdapter(new RedisIoAdapter(app, config));
  app.useGlobalFilters(new HttpErrorFilter());
  registerSecurityHeaders(app.getHttpAdapter().getInstance(), securityHeaderOptions(config.PUBLIC_URL));
  registerMetrics(app.getHttpAdapter().getInstance(), config.METRICS_TOKEN);
  // Every other response gets an ETag from its body and If-None-Match → 304; hot paths set
  // their own (from the feed seq) so they are never hashed.
  await app.register(etag, { weak: true });
  await registerMedia(app, config);
  registerDocsAssets(app);
  if (portalDir) {
    await app.register(fastifyStatic, {
      root: portalDir,
      prefix: '/',
      index: false,
      wildcard: true,
      cacheControl: false,
      // Hashed build files never change; index.html and the service worker name the newest ones, so they are always revalidated.
      setHeaders: (res, path) => {
        res.setHeader(
          'Cache-Control',
          path.startsWith(join(portalDir, 'assets') + sep)
            ? 'public, max-age=31536000, immutable'
            : path.endsWith('.html') || path.endsWith(`${sep}sw.js`)
              ? 'no-cache'
              : 'public, max-age=3600',
        );
      },
    });
  }
  return app;
}
