import { GoneException, Injectable, NotFoundException } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import type { Role } from '@cop/contracts';
import { TokenService } from '../auth/token.service';
import { ARGON2, sha256 } from './directory.service';

/** Single-use, expiring invitation links: the owner sets a password (argon2id) and is signed in. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async accept(token: string, password: string) {
    const passwordHash = await hash(password, ARGON2);
    const user = await this.ds.transaction(async (em) => {
      const [inv] = await em.query(
        `SELECT i.user_id, i.used_at, i.expires_at <= now() AS expired, u.email, u.role, u.display_name, u.disabled_at
           FROM invitation i JOIN app_user u ON u.id = i.user_id WHERE i.token_hash = $1 FOR UPDATE OF i`,
        [sha256(token)],
      );
      if (!inv || inv.disabled_at) throw new NotFoundException('This invitation link is not valid.');
      if (inv.used_at)
        throw new GoneException({ message: 'This invitation link has already been used (or replaced by a newer one).', reason: 'used' });
      if (inv.expired)
        throw new GoneException({ message: 'This invitation link has expired; ask the secretariat for a new one.', reason: 'expired' });
      await em.query('UPDATE invitation SET used_at = now() WHERE token_hash = $1', [sha256(token)]);
      await em.query('UPDATE app_user SET password_hash = $2 WHERE id = $1', [inv.user_id, passwordHash]);
      return { id: inv.user_id as string, email: inv.email as string, role: inv.role as Role, displayName: inv.display_name as string };
    });
    return { ...this.tokens.issue({ id: user.id, email: user.email, role: user.role }), user };
  }
}
