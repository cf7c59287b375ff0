import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '@cop/contracts';

/** Every error leaves the API as the same JSON shape: { statusCode, error, message, details? }. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    if (isMistypedPortalAddress(exception, http.getRequest<FastifyRequest>(), reply)) {
      // The portal's own "not found" page, in the visitor's language, with a way back.
      void reply.code(404).header('Cache-Control', 'no-cache').sendFile('index.html', { maxAge: 0 });
      return;
    }
    sendError(reply, exception, this.logger);
  }
}

/** Paths the portal does not own: their unknown addresses stay JSON errors. */
const NOT_PORTAL = /^\/(api|health|live|socket\.io|media|assets)(\/|$|\?)/;

/** A browser asking for a page at an address no route has, where the portal is served. */
function isMistypedPortalAddress(exception: unknown, request: FastifyRequest, reply: FastifyReply): boolean {
  return (
    exception instanceof NotFoundException &&
    (request.method === 'GET' || request.method === 'HEAD') &&
    !NOT_PORTAL.test(request.url) &&
    /text\/html/.test(request.headers.accept ?? '') &&
    typeof (reply as { sendFile?: unknown }).sendFile === 'function'
  );
}

/** Answers `exception` as the API's JSON error (the filter's, and the Fastify-direct routes'). */
export function sendError(reply: FastifyReply, exception: unknown, logger: Pick<Logger, 'error'>): void {
  const body = toErrorBody(exception);
  if (body.statusCode >= 500) logger.error(exception instanceof Error ? exception.stack : String(exception));
  const headers =
    exception instanceof HttpException ? (exception.getResponse() as { headers?: Record<string, string> }).headers : undefined;
  if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  delete (body as { headers?: unknown }).headers;
  void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
}

export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const base = { statusCode: status, error: STATUS_CODES[status] ?? 'Error' };
    if (typeof res === 'string') return { ...base, message: res };
    const { message, statusCode: _s, error: _e, ...rest } = res as Record<string, unknown>;
    return { ...base, message: Array.isArray(message) ? message.join('; ') : String(message ?? base.error), ...rest };
  }
  // Errors Fastify raises before a route runs (bad JSON, wrong content type, body too large).
  const e = exception as { statusCode?: number; message?: string; code?: string };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { statusCode: e.statusCode, error: STATUS_CODES[e.statusCode] ?? 'Error', message: e.message ?? 'Bad request' };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'Something went wrong on our side.' };
}
