import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MAIL_QUEUE, MailOutbox } from './mail-outbox.service';
import { MailProcessor } from './mail.processor';

/** The api side of mail: the outbox and the queue it feeds. */
@Module({
  imports: [BullModule.registerQueue({ name: MAIL_QUEUE })],
  providers: [MailOutbox],
  exports: [MailOutbox],
})
export class NotificationsModule {}

/** The worker side: sends queued mail (listed in WORKER_MODULES). */
@Module({
  imports: [BullModule.registerQueue({ name: MAIL_QUEUE })],
  providers: [MailProcessor],
})
export class MailWorkerModule {}
