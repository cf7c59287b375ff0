import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { ChangesModule } from './changes/changes.module';
import { DocumentsModule } from './documents/documents.module';
import { APP_CONFIG, type AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source';
import { HealthController } from './health/health.controller';
import { FeedModule } from './feed/feed.module';
import { MeetingsModule } from './meetings/meetings.module';
import { PortalController } from './portal.controller';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';
import { OpenApiModule } from './openapi/openapi.module';
import { StreamsModule } from './streams/streams.module';
import { RegistrationModule } from './registration/registration.module';
import { WORKER_MODULES } from './worker.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE), retryAttempts: 3, retryDelay: 1000 }),
        RedisModule,
        QueueModule,
        AuthModule,
        ChangesModule,
        MeetingsModule,
        CalendarModule,
        DocumentsModule,
        FeedModule,
        StreamsModule,
        RegistrationModule,
        OpenApiModule,
        // In development the api runs the background jobs too; in production set RUN_WORKER=false
        // and run `node dist/apps/api/src/worker.js` separately.
        ...(config.RUN_WORKER ? WORKER_MODULES : []),
      ],
      controllers: [HealthController, ...(config.PORTAL_DIR ? [PortalController] : [])],
    };
  }
}
