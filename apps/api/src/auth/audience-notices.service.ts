import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { Subject } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { createRedis, REDIS } from '../redis/redis.module';

/**
 * "What this account may see has changed" (a registration left or reached `approved`, the
 * account was deactivated), told to every api process through Redis so the feed gateway of
 * each re-decides the audience of that account's open sockets. `changed` hears each notice,
 * this process's own included; hearing one twice is harmless.
 */
@Injectable()
export class AudienceNotices implements OnModuleInit, OnApplicationShutdown {
  /** The id of an account whose audience may have changed. */
  readonly changed = new Subject<string>();
  private subscriber: Redis | null = null;
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.channel = `${config.LIVE_CHANNEL_PREFIX}:audience`;
  }

  onModuleInit(): void {
    this.subscriber = createRedis(this.config.REDIS_URL, 'cop-audience');
    this.subscriber.subscribe(this.channel).catch(() => undefined);
    this.subscriber.on('message', (_channel: string, userId: string) => this.changed.next(userId));
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  /** Call after the transaction that changed what `userId` may see has committed. */
  tell(userId: string): void {
    // At once here, and through Redis to the other processes (if Redis is away, they learn at the socket's next subscribe).
    this.changed.next(userId);
    this.redis.publish(this.channel, userId).catch(() => undefined);
  }
}
