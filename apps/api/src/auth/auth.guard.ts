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
    const header = req.headers.authorization;
    req.caller = null;
    if (header) {
      const m = /^Bearer (.+)$/i.exec(header);
      const caller = m ? this.tokens.verify(m[1]) : null;
      if (!caller)
        throw new UnauthorizedException({
          message: 'The bearer token is invalid or expired.',
          headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        });
      req.caller = caller;
    }
    if (rule === 'anyone') return true;
    if (!req.caller) throw new UnauthorizedException({ message: 'Sign in first.', headers: { 'WWW-Authenticate': 'Bearer' } });
    if (rule === 'signed-in' || rule.includes(req.caller.role)) return true;
    throw new ForbiddenException(`Only ${rule.join(' or ')} accounts may do this.`);
  }
}
