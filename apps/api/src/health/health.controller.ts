import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Access } from '../auth/access';
import { withTimeout } from '../common/timeout';
import { REDIS } from '../redis/redis.module';

@Controller('health')
export class HealthController {
  private readonly log = new Logger('Health');

  constructor(
    private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** The process is up (for restart decisions). */
  @Get('live')
  @Access('anyone')
  live() {
    return { status: 'ok' };
  }

  /**
   * Whether a balancer should send traffic here. PostgreSQL holds everything: without it, 503.
   * Without Redis most of the api still works (cross-process fan-out and shared rate limits fall
   * back to this process, the feed head carries clients over), so that is 200 "degraded" rather
   * than a reason to drain every instance at once. Why a check failed goes to the log, not to
   * the anonymous caller.
   */
  @Get('ready')
  @Access('anyone')
  async ready(@Res() reply: FastifyReply) {
    const check = async (name: string, fn: () => Promise<unknown>) => {
      try {
        await withTimeout(fn(), 1000);
        return { status: 'up' as const };
      } catch (e) {
        this.log.warn(`Readiness: ${name} is down: ${(e as Error).message}`);
        return { status: 'down' as const };
      }
    };
    const [postgres, redis] = await Promise.all([
      check('PostgreSQL', () => this.ds.query('SELECT 1')),
      check('Redis', () => this.redis.ping()),
    ]);
    const status = postgres.status === 'down' ? 'unavailable' : redis.status === 'down' ? 'degraded' : 'ok';
    void reply
      .code(status === 'unavailable' ? 503 : 200)
      .header('Cache-Control', 'no-store')
      .send({ status, checks: { postgres, redis } });
  }
}
