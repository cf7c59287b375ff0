import { GoneException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { TokenService } from '../auth/token.service';
import { UsersService } from '../auth/users.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Db } from '../database/db';
import { AttemptLimiter } from '../redis/attempt-limiter';
import { REDIS } from '../redis/redis.module';
import {
  findInvitation,
  insertInvitation,
  lockInvitation,
  retireInvitations,
  useInvitation,
  type InvitationRow,
} from './invitation.queries';

/** Only the token's hash is stored: a copy of the database opens no account. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Single-use, expiring invitation links: the owner sets a password and is signed in. */
@Injectable()
export class InvitationsService {
  private readonly wrongTokens: AttemptLimiter;

  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    this.wrongTokens = new AttemptLimiter(
      redis,
      'invitation-wrong-token-ip',
      config.INVITATION_MAX_FAILURES_PER_IP,
      config.LOGIN_WINDOW_SECONDS,
      (seconds) => `Too many invalid invitation links from this address. Try again in ${seconds} seconds.`,
    );
  }

  /** Creates an invitation in the caller's transaction, replacing any earlier unused one; returns the link to mail. */
  async create(db: Db, userId: string, registrationId: string | null): Promise<{ link: string; expires: string }> {
    const token = randomBytes(32).toString('base64url');
    await retireInvitations(db, userId);
    const expiresAt = await insertInvitation(db, {
      tokenHash: hashToken(token),
      userId,
      registrationId,
      hours: this.config.INVITATION_TTL_HOURS,
    });
    return {
      link: `${this.config.PUBLIC_URL}/invitation#${token}`,
      expires: new Date(expiresAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    };
  }

  /**
   * Sets the password of the invitation's account and signs it in. The token is judged before
   * the password is hashed, so a guessed token costs a look-up, not an argon2 hash; wrong tokens
   * are counted per client address.
   */
  async accept(token: string, password: string, ip: string) {
    const tokenHash = hashToken(token);
    await this.wrongTokens.take(ip);
    const found = await findInvitation(this.ds, tokenHash);
    if (found) await this.wrongTokens.succeeded(ip);
    assertUsable(found);
    const passwordHash = await this.users.hashPassword(password);
    const user = await this.ds.transaction(async (em) => {
      const inv = assertUsable(await lockInvitation(em, tokenHash));
      await useInvitation(em, tokenHash);
      await this.users.setPasswordHash(em, inv.user_id, passwordHash);
      return { id: inv.user_id, email: inv.email, role: inv.role, displayName: inv.display_name };
    });
    return { ...this.tokens.issue({ id: user.id, email: user.email, role: user.role }), user };
  }
}

/** The invitation if it can still be used, else the answer saying why not. */
function assertUsable(inv: InvitationRow | undefined): InvitationRow {
  if (!inv || inv.disabled_at) throw new NotFoundException('This invitation link is not valid.');
  if (inv.used_at)
    throw new GoneException({ message: 'This invitation link has already been used (or replaced by a newer one).', reason: 'used' });
  if (inv.expired)
    throw new GoneException({ message: 'This invitation link has expired; ask the secretariat for a new one.', reason: 'expired' });
  return inv;
}
