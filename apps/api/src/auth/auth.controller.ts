import { Body, Controller, Get, HttpCode, Post, Req, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { loginSchema } from '@cop/contracts';
import { ZodPipe } from '../common/zod.pipe';
import { Access, type Caller } from './access';
import { CurrentCaller } from './caller.decorator';
import { LoginLimiter } from './login-limiter.service';
import { loginFailures } from '../common/metrics';
import { TokenService } from './token.service';
import { UsersService } from './users.service';

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly limiter: LoginLimiter,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Access('anyone')
  async login(@Body(new ZodPipe(loginSchema)) body: { email: string; password: string }, @Req() req: FastifyRequest) {
    await this.limiter.take(body.email, req.ip);
    const user = await this.users.authenticate(body.email, body.password);
    if (!user) loginFailures.inc();
    if (!user) throw new UnauthorizedException('Email or password is not correct.');
    await this.limiter.succeeded(body.email, req.ip);
    const caller: Caller = { id: user.id, email: user.email, role: user.role };
    return { ...this.tokens.issue(caller), user: { id: user.id, email: user.email, role: user.role, displayName: user.displayName } };
  }

  @Get('me')
  @Access('signed-in')
  me(@CurrentCaller() caller: Caller) {
    return caller;
  }
}
