import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Access } from '../auth/access';
import { withTimeout } from '../common/timeout';
import { REDIS } from '../redis/redis.module';

@Controller('health')
export class HealthController {
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

  /** The process can serve: PostgreSQL and Redis both answer (for load balancers). */
  @Get('ready')
  @Access('anyone')
  async ready(@Res() reply: FastifyReply) {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await withTimeout(fn(), 1000);
        return { status: 'up' as const };
      } catch (e) {
        return { status: 'down' as const, error: (e as Error).message };
      }
    };
    const [postgres, redis] = await Promise.all([check(() => this.ds.query('SELECT 1')), check(() => this.redis.ping())]);
    const ok = postgres.status === 'up' && redis.status === 'up';
    void reply
      .code(ok ? 200 : 503)
      .header('Cache-Control', 'no-store')
      .send({ status: ok ? 'ok' : 'unavailable', checks: { postgres, redis } });
  }
}
