import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessRule, Caller } from '../auth/access';
import { authenticate } from '../auth/auth.guard';
import type { TokenService } from '../auth/token.service';
import { sendError } from './http-error.filter';

const logger = new Logger('FastRoute');

/**
 * A GET served straight by Fastify, for the few hot reads where Nest's router (guard, pipes,
 * parameter decorators, interceptors) costs as much as the work itself. It keeps a controller
 * handler's contract: an access rule stated here like @Access, the same bearer-token check
 * (401/403), and the same JSON errors as HttpErrorFilter. Everything else belongs in controllers.
 */
export function fastGet(
  fastify: FastifyInstance,
  path: string,
  rule: AccessRule,
  tokens: TokenService,
  handler: (req: FastifyRequest, reply: FastifyReply, caller: Caller | null) => Promise<void>,
): void {
  fastify.get(path, async (req, reply) => {
    try {
      await handler(req, reply, authenticate(req.headers.authorization, rule, tokens));
    } catch (e) {
      sendError(reply, e, logger);
    }
    return reply;
  });
}
