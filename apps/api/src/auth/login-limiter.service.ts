import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AttemptLimiter } from '../redis/attempt-limiter';
import { REDIS } from '../redis/redis.module';

const refusal = (seconds: number) => `Too many failed sign-in attempts. Try again in ${seconds} seconds.`;

/**
 * Slows password guessing: failed logins are counted per account *from one client address* and
 * per client address in Redis (shared by every API process); past either limit that address
 * gets 429 with Retry-After. An account is never locked for everyone: someone guessing from one
 * address cannot keep its owner out from another. Each attempt is taken from both counters
 * before the password is checked, so parallel guesses get no more tries than sequential ones.
 */
@Injectable()
export class LoginLimiter {
  private readonly byAccount: AttemptLimiter;
  private readonly byIp: AttemptLimiter;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) c: AppConfig) {
    this.byAccount = new AttemptLimiter(redis, 'login-fail-account-ip', c.LOGIN_MAX_FAILURES_PER_ACCOUNT, c.LOGIN_WINDOW_SECONDS, refusal);
    this.byIp = new AttemptLimiter(redis, 'login-fail-ip', c.LOGIN_MAX_FAILURES_PER_IP, c.LOGIN_WINDOW_SECONDS, refusal);
  }

  /** Takes one attempt from both counters; 429 when either is exhausted. */
  async take(email: string, ip: string): Promise<void> {
    await this.byIp.take(ip);
    try {
      await this.byAccount.take(accountFrom(email, ip));
    } catch (e) {
      await this.byIp.succeeded(ip);
      throw e;
    }
  }

  /** The attempt was right: the account starts afresh and the address gets its try back. */
  async succeeded(email: string, ip: string): Promise<void> {
    await Promise.all([this.byAccount.forget(accountFrom(email, ip)), this.byIp.succeeded(ip)]);
  }
}

const accountFrom = (email: string, ip: string) => `${email.toLowerCase()}|${ip}`;
