import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * BullMQ on the shared Redis. Feature modules register their queues with
 * BullModule.registerQueue(); their processors live in a separate *worker* module listed in
 * worker.module.ts, so they run in the worker process (or in the api with RUN_WORKER=true).
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        connection: { url: c.REDIS_URL, maxRetriesPerRequest: null },
        prefix: 'cop',
        defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 5000 },
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
