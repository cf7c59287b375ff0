import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config';

export const REDIS = Symbol('REDIS');

/**
 * Creates a Redis client that reconnects in the background. Commands fail after two retries,
 * unless `waitWhileOffline`: then they wait for the connection to return (for the socket.io
 * adapter, whose publishes nobody awaits; a rejection there would be unhandled).
 */
export function createRedis(url: string, name: string, waitWhileOffline = false): Redis {
  const client = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: waitWhileOffline ? null : 2,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  });
  // Connection errors are retried by ioredis; health/ready reports them.
  client.on('error', () => undefined);
  return client;
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createRedis(c.REDIS_URL, 'cop-api') }, RedisCloser],
  exports: [REDIS],
})
export class RedisModule {}
