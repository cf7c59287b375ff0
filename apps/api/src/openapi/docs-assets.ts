import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { DOCS_PATH } from './openapi-document';

/** Only the two files the reference page loads, from node_modules (no CDN: the CSP allows 'self'). */
const ASSETS = { 'swagger-ui.css': 'text/css; charset=utf-8', 'swagger-ui-bundle.js': 'text/javascript; charset=utf-8' };

export function registerDocsAssets(app: NestFastifyApplication): void {
  const root = dirname(require.resolve('swagger-ui-dist/package.json'));
  const fastify = app.getHttpAdapter().getInstance();
  for (const [file, type] of Object.entries(ASSETS)) {
    fastify.get(`${DOCS_PATH}/assets/${file}`, (_req, reply) =>
      reply
        .type(type)
        .header('Cache-Control', 'public, max-age=86400')
        .send(createReadStream(join(root, file))),
    );
  }
}
