import { rateLimitRefusals } from '../common/metrics';
import { HttpException, HttpStatus } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';

/**
 * Counts failed attempts per key (an account, a client address) in Redis, shared by every api
 * process, and refuses with 429 and Retry-After once `points` failures fall in the window. While
 * Redis is unreachable each process keeps counting in memory instead of failing the request.
 */
export class AttemptLimiter {
  private readonly limiter: RateLimiterRedis;
  private readonly name: string;

  constructor(
    redis: Redis,
    keyPrefix: string,
    points: number,
    seconds: number,
    private readonly refusal: (seconds: number) => string,
  ) {
    this.name = keyPrefix;
    const window = { keyPrefix, points, duration: seconds, blockDuration: seconds };
    this.limiter = new RateLimiterRedis({ ...window, storeClient: redis, insuranceLimiter: new RateLimiterMemory(window) });
  }

  /**
   * Takes one attempt atomically before the work it guards, so that parallel attempts cannot
   * all pass one check: 429 when none is left. Give it back with `succeeded` when it was not a
   * failure.
   */
  async take(key: string): Promise<void> {
    try {
      await this.limiter.consume(key, 1);
    } catch (e) {
      if (e instanceof Error) throw e;
      rateLimitRefusals.inc({ limiter: this.name });
      throw tooMany(this.refusal, (e as { msBeforeNext: number }).msBeforeNext);
    }
  }

  /** The attempt taken was not a failure. */
  async succeeded(key: string): Promise<void> {
    await this.limiter.reward(key, 1);
  }

  async forget(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

function tooMany(refusal: (seconds: number) => string, ms: number): HttpException {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new HttpException(
    { message: refusal(seconds), retryAfterSeconds: seconds, headers: { 'Retry-After': String(seconds) } },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
