import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ROLES } from '@cop/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Caller, TokenClaims } from './access';

/** Issues and checks the bearer tokens that both REST and the socket.io handshake accept. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(caller: Caller): { token: string; expiresAt: string } {
    const claims: TokenClaims = { sub: caller.id, email: caller.email, role: caller.role };
    const token = this.jwt.sign(claims, { expiresIn: this.config.JWT_TTL_SECONDS });
    return { token, expiresAt: new Date(Date.now() + this.config.JWT_TTL_SECONDS * 1000).toISOString() };
  }

  /** The caller a token stands for, or null when it is forged, expired or malformed. */
  verify(token: string): Caller | null {
    try {
      const c = this.jwt.verify<TokenClaims>(token, { algorithms: ['HS256'] });
      if (typeof c.sub !== 'string' || !(ROLES as readonly string[]).includes(c.role)) return null;
      return { id: c.sub, email: c.email, role: c.role };
    } catch {
      return null;
    }
  }
}
