import { HttpException, HttpStatus, PayloadTooLargeException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';

/** A route that takes a file as its raw body (every other route is JSON-only). */
export interface FileBodyRoute {
  method: 'POST' | 'PUT';
  /** Matched against the request URL, query string included. */
  url: RegExp;
  mediaTypes: readonly string[];
}

/**
 * Lets a file body through to its route as an unread stream, so that the route's access guard
 * and its checks (meeting, size declared) run before a byte of it is read; the handler then
 * streams it to disk under its cap. Any of these media types sent to another route is 415.
 * An error answer on a file route closes the connection rather than draining the unread body.
 */
export function registerFileBodyRoutes(fastify: FastifyInstance, routes: readonly FileBodyRoute[]): void {
  const isFileRoute = (method: string, url: string) => routes.some((r) => r.method === method && r.url.test(url));
  const types = [...new Set(routes.flatMap((r) => r.mediaTypes))].filter((t) => !fastify.hasContentTypeParser(t));
  if (types.length)
    fastify.addContentTypeParser(types, (request, _payload, done) => {
      const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (routes.some((r) => r.method === request.method && r.url.test(request.url) && r.mediaTypes.includes(type)))
        return done(null, undefined);
      done(Object.assign(new Error(`Content type ${type} is not accepted here.`), { statusCode: 415 }), undefined);
    });
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && !request.raw.complete && isFileRoute(request.method, request.url)) reply.header('Connection', 'close');
    return payload;
  });
}

export const fileTooLarge = (max: number) =>
  new PayloadTooLargeException({
    message: `Files may be at most ${max} bytes (${(max / 1024 / 1024).toFixed(0)} MiB).`,
    headers: { Connection: 'close' },
  });

/** The declared Content-Length, when there is one, refused at once past `max`. */
export function refuseDeclaredOverCap(body: IncomingMessage, max: number): void {
  const declared = Number(body.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw fileTooLarge(max);
}

const interrupted = () => new HttpException('The upload was interrupted.', HttpStatus.BAD_REQUEST);

/**
 * Streams a request body to `path` (a new file), hashing and counting on the way, never holding
 * it in memory; rejects past `max` bytes or if the client goes away, and fsyncs before returning
 * so that a rename that follows never exposes a hole after a crash. The caller removes `path`.
 */
export async function receiveToFile(body: IncomingMessage, path: string, max: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) return done(fileTooLarge(max));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const aborted = new Promise<never>((_, reject) => {
    body.once('aborted', () => reject(interrupted()));
  });
  aborted.catch(() => undefined);
  const out = createWriteStream(path, { flags: 'wx', mode: 0o640 });
  try {
    await Promise.race([pipeline(body, meter, out), aborted]);
  } catch (e) {
    out.destroy();
    if (e instanceof HttpException) throw e;
    throw interrupted();
  }
  if (!body.complete) throw interrupted();
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: hash.digest('hex'), size };
}
