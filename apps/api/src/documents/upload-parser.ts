import type { FastifyInstance } from 'fastify';
import { UPLOAD_MEDIA_TYPES } from './upload-receiver';

/** PUT …/documents/:ref/files/:lang — the only route that takes a file body. */
const UPLOAD_ROUTE = /^\/api\/meetings\/[^/]+\/documents\/[^/]+\/files\/[^/?]+(\?.*)?$/;

/**
 * Lets document uploads through as a raw stream (the service reads request.raw, hashing and
 * writing it to disk as it arrives) and keeps every other route JSON-only: a file body sent
 * anywhere else is 415. Fastify's bodyLimit does not apply to a stream left unread here; the
 * upload enforces DOCUMENT_MAX_BYTES itself.
 */
export function registerDocumentUploadParser(fastify: FastifyInstance): void {
  const types = UPLOAD_MEDIA_TYPES.filter((t) => !fastify.hasContentTypeParser(t));
  if (!types.length) return;
  fastify.addContentTypeParser(types, (request, _payload, done) => {
    if (request.method === 'PUT' && UPLOAD_ROUTE.test(request.url)) return done(null, undefined);
    const err = Object.assign(new Error(`Content type ${request.headers['content-type']} is only accepted for document uploads.`), {
      statusCode: 415,
    });
    done(err, undefined);
  });
}
