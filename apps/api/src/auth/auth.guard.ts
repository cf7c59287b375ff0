import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ACCESS_KEY, type AccessRule, type Caller } from './access';
import { TokenService } from './token.service';

export type AuthedRequest = FastifyRequest & { caller?: Caller | null };

/** Reads the bearer token (if any) and enforces the handler's @Access rule. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!rule) {
      // Fail closed: an endpoint that forgot to say who may call it is nobody's.
      this.logger.error(`No @Access rule on ${ctx.getClass().name}.${ctx.getHandler().name}`);
      throw new ForbiddenException('This endpoint is not open to anyone.');
    }
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    req.caller = authenticate(req.headers.authorization, rule, this.tokens);
    return true;
  }
}

/**
 * The caller a request's Authorization header stands for (null: anonymous), checked against
 * `rule`: 401 for a bad token or a missing one the rule needs, 403 for the wrong role. Shared by
 * the guard and the routes served straight by Fastify (common/fast-route.ts).
 */
export function authenticate(header: string | undefined, rule: AccessRule, tokens: TokenService): Caller | null {
  let caller: Caller | null = null;
  if (header) {
    const m = /^Bearer (.+)$/i.exec(header);
    caller = m ? tokens.verify(m[1]) : null;
    if (!caller)
      throw new UnauthorizedException({
        message: 'The bearer token is invalid or expired.',
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
  }
  if (rule === 'anyone') return caller;
  if (!caller) throw new UnauthorizedException({ message: 'Sign in first.', headers: { 'WWW-Authenticate': 'Bearer' } });
  if (rule === 'signed-in' || rule.includes(caller.role)) return caller;
  throw new ForbiddenException(`Only ${rule.join(' or ')} accounts may do this.`);
}
