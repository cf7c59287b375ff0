import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { REDIS } from '../redis/redis.module';

/**
 * Slows password guessing: failed logins are counted per account and per client IP in Redis
 * (shared by every API process); past the limit the caller gets 429 with Retry-After.
 */
@Injectable()
export class LoginLimiter {
  private readonly byAccount: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) c: AppConfig) {
    const window = { duration: c.LOGIN_WINDOW_SECONDS, blockDuration: c.LOGIN_WINDOW_SECONDS };
    // While Redis is unreachable each process keeps counting in memory instead of failing sign-ins.
    const limiter = (keyPrefix: string, points: number) =>
      new RateLimiterRedis({
        ...window,
        storeClient: redis,
        keyPrefix,
        points,
        insuranceLimiter: new RateLimiterMemory({ ...window, keyPrefix, points }),
      });
    this.byAccount = limiter('login-fail-account', c.LOGIN_MAX_FAILURES_PER_ACCOUNT);
    this.byIp = limiter('login-fail-ip', c.LOGIN_MAX_FAILURES_PER_IP);
  }

  /** Refuses before any password is checked when either counter is exhausted. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [account, client] = await Promise.all([this.byAccount.get(email), this.byIp.get(ip)]);
    const blocked = [account, client].filter((r): r is RateLimiterRes => r !== null && r.remainingPoints <= 0 && r.msBeforeNext > 0);
    if (blocked.length) this.tooMany(Math.max(...blocked.map((r) => r.msBeforeNext)));
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([this.byAccount.penalty(email, 1), this.byIp.penalty(ip, 1)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }

  private tooMany(ms: number): never {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    throw new HttpException(
      {
        message: `Too many failed sign-in attempts. Try again in ${seconds} seconds.`,
        retryAfterSeconds: seconds,
        headers: { 'Retry-After': String(seconds) },
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
