import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { insertMail, lockUnqueuedMail, markQueued } from './mail-outbox.queries';
import type { MailTemplate, MailVars } from './templates';

export const MAIL_QUEUE = 'mail';

export interface OutgoingMail {
  template: MailTemplate;
  language: string;
  to: string;
  vars: MailVars;
  registrationId?: string | null;
}

/**
 * Mail is written to `mail_outbox` in the transaction that causes it (so it exists exactly when
 * the change does) and queued after commit; the BullMQ job carries only the row id, never the
 * personal data. If Redis is unreachable at that moment the request still succeeds: a poller
 * queues whatever was left unqueued. The worker (MailProcessor) sends and marks rows sent.
 */
@Injectable()
export class MailOutbox implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MailOutbox.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ds: DataSource,
    @InjectQueue(MAIL_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(
      () => void this.sweep().catch((e: Error) => this.logger.warn(`outbox sweep: ${e.message}`)),
      this.config.MAIL_OUTBOX_POLL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Records mail inside the caller's transaction; returns the outbox id to pass to `dispatch`. */
  async add(em: EntityManager, mail: OutgoingMail): Promise<string> {
    return insertMail(em, {
      template: mail.template,
      language: mail.language,
      recipient: mail.to,
      vars: mail.vars,
      registrationId: mail.registrationId ?? null,
    });
  }

  /**
   * After commit: queues the mail. Never throws — a failure leaves the row for the sweeper.
   * Calls made while a batch is on its way to Redis go together in the next one: one addBulk
   * and one UPDATE for a burst of nominations instead of one each.
   */
  dispatch(ids: string[]): Promise<void> {
    if (!ids.length) return Promise.resolve();
    if (!this.next) {
      const batch: { ids: string[]; done?: Promise<void> } = { ids: [] };
      batch.done = this.inFlight.then(() => {
        if (this.next === batch) this.next = null;
        return this.queueNow(batch.ids);
      });
      this.next = batch;
      this.inFlight = batch.done;
    }
    this.next.ids.push(...ids);
    return this.next.done!;
  }

  private next: { ids: string[]; done?: Promise<void> } | null = null;
  private inFlight: Promise<void> = Promise.resolve();

  private async queueNow(ids: string[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      // BullMQ waits for Redis indefinitely; the request does not: past 2 s the sweeper takes over.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('Redis did not answer within 2 s')), 2000);
      });
      await Promise.race([this.queue.addBulk(ids.map((id) => ({ name: 'send', data: { id }, opts: this.jobOptions(id) }))), timeout]);
      await markQueued(this.ds, ids);
    } catch (e) {
      this.logger.warn(`Could not queue ${ids.length} mail(s) now; the outbox sweeper will: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Queues rows left unqueued (a crash or a Redis outage between commit and dispatch). */
  async sweep(): Promise<number> {
    return this.ds.transaction(async (em) => {
      const ids = await lockUnqueuedMail(em, 500);
      if (!ids.length) return 0;
      await this.queue.addBulk(ids.map((id) => ({ name: 'send', data: { id }, opts: this.jobOptions(id) })));
      await markQueued(em, ids);
      return ids.length;
    });
  }

  private jobOptions(id: string) {
    // jobId = outbox id: queuing the same mail twice is a no-op. Failed jobs are kept, never dropped.
    return {
      jobId: id,
      attempts: this.config.MAIL_ATTEMPTS,
      backoff: { type: 'exponential' as const, delay: this.config.MAIL_BACKOFF_MS },
      removeOnComplete: 1000,
      removeOnFail: false,
    };
  }
}
