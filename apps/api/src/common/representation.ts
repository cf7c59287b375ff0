import type { FastifyReply, FastifyRequest } from 'fastify';

/** A ready-to-send representation: the body is serialized once and reused until what it shows changes. */
export interface Representation {
  etag: string;
  /** Encoded once: re-encoding non-Latin titles on every read is a measurable cost. */
  body: string | Buffer;
}

/** Sends a cached representation, answering If-None-Match with 304. */
export function sendRepresentation(
  req: FastifyRequest,
  reply: FastifyReply,
  rep: Representation,
  contentType = 'application/json; charset=utf-8',
  cacheControl = 'no-cache',
): void {
  reply.header('ETag', rep.etag).header('Cache-Control', cacheControl).header('Vary', 'Authorization');
  const inm = req.headers['if-none-match'];
  if (inm && inm.split(',').some((t) => t.trim() === rep.etag || t.trim() === '*')) {
    void reply.code(304).send();
    return;
  }
  void reply.type(contentType).send(rep.body);
}
