import { DynamicModule, Module, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source';
import { DocumentsWorkerModule } from './documents/documents.module';
import { MailWorkerModule } from './notifications/notifications.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';

/** The modules holding BullMQ processors; each capability adds its own here. */
export const WORKER_MODULES: Type[] = [DocumentsWorkerModule, MailWorkerModule];

/** The worker process: database, Redis and the job processors; no HTTP, no sockets. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE)),
        RedisModule,
        QueueModule,
        ...WORKER_MODULES,
      ],
    };
  }
}
