import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MAIL_QUEUE, MailOutbox } from './mail-outbox.service';
import { MailProcessor } from './mail.processor';

/** The mail queue; its Redis key prefix is MAIL_QUEUE_PREFIX (separate deployments or test runs sharing one Redis must differ). */
const mailQueue = BullModule.registerQueueAsync({
  name: MAIL_QUEUE,
  inject: [APP_CONFIG],
  useFactory: (c: AppConfig) => ({ prefix: c.MAIL_QUEUE_PREFIX }),
});

/** The api side of mail: the outbox and the queue it feeds. */
@Module({
  imports: [mailQueue],
  providers: [MailOutbox],
  exports: [MailOutbox],
})
export class NotificationsModule {}

/** The worker side: sends queued mail (listed in WORKER_MODULES). */
@Module({
  imports: [mailQueue],
  providers: [MailProcessor],
})
export class MailWorkerModule {}
