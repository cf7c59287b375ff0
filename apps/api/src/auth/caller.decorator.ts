import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthedRequest } from './auth.guard';
import type { Caller } from './access';

/** The signed-in caller, or null for anonymous requests. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller | null => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().caller ?? null;
});
