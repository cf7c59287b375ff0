import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Job } from 'bullmq';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MAIL_QUEUE } from './mail-outbox.service';
import { findMail, markFailedAttempt, markSent } from './mail-outbox.queries';
import { renderMail } from './templates';

/** Sends one outbox row through SMTP; a refusal throws, and BullMQ retries with exponential backoff. */
@Processor(MAIL_QUEUE, { concurrency: 8 })
export class MailProcessor extends WorkerHost implements OnApplicationShutdown {
  private readonly logger = new Logger(MailProcessor.name);
  private readonly transport: Transporter;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    // Pooled: the worker's concurrent jobs reuse a few SMTP connections instead of one each.
    this.transport = createTransport({ url: config.SMTP_URL, pool: true, maxConnections: 4 }, { from: config.MAIL_FROM });
  }

  async process(job: Job<{ id: string }>): Promise<string> {
    const row = await findMail(this.ds, job.data.id);
    if (!row || row.sent_at) return 'nothing to send';
    const { subject, text } = renderMail(row.template, row.language, row.vars);
    try {
      const info = await this.transport.sendMail({ to: row.recipient, subject, text, headers: { 'X-COP-Mail-Id': job.data.id } });
      await markSent(this.ds, job.data.id);
      return String(info.messageId);
    } catch (e) {
      const message = (e as Error).message;
      // BullMQ stops after `attempts`: this was the last try, so nothing will need the link again.
      const givenUp = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await markFailedAttempt(this.ds, job.data.id, message, givenUp);
      this.logger.warn(`Mail ${job.data.id} not sent (attempt ${job.attemptsMade + 1}): ${message}`);
      throw e;
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
