import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Representation } from '../calendar/sessions.service';

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
