import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/timeout';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { lockFilesToQueue, markQueued } from './processing.queries';
import { DOCUMENT_STORAGE, type DocumentStorage } from './storage/storage';

export const DOCUMENTS_QUEUE = 'documents';
export interface ProcessJob {
  fileId: string;
}

/** How long the upload waits for Redis before leaving the file to the sweeper. */
const DISPATCH_TIMEOUT_MS = 2000;
/** A file queued this long ago and still pending may have lost its job (Redis restarted empty): queue it again. */
const REQUEUE_AFTER_SECONDS = 600;

/**
 * Processing jobs that survive Redis trouble. A stored file is `pending` with `queued_at` null
 * until its job is in Redis; the upload queues it after commit, and if Redis is away at that
 * moment the upload still succeeds and a sweeper in every api process queues what was left
 * (and re-queues files whose job vanished). The job id is the file id, so queuing twice is a
 * no-op while the job exists.
 */
@Injectable()
export class ProcessingQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ProcessingQueue.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly ds: DataSource,
    @InjectQueue(DOCUMENTS_QUEUE) private readonly queue: Queue<ProcessJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.DOCUMENT_PROCESSING_SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** After commit: queues the file's processing. Never throws — a failure leaves it to the sweeper. */
  async dispatch(fileId: string): Promise<void> {
    try {
      await this.add([fileId]);
      await markQueued(this.ds, [fileId]);
    } catch (e) {
      this.logger.warn(`Could not queue processing of ${fileId} now; the sweeper will: ${(e as Error).message}`);
    }
  }

  /** Queues pending files left unqueued, or queued so long ago that their job may be lost. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      return await this.ds.transaction(async (em) => {
        const rows = await lockFilesToQueue(em, REQUEUE_AFTER_SECONDS);
        // Only files this deployment's storage holds (another one sharing the database, such as a
        // parallel test run with its own directory, queues its own).
        const held = await Promise.all(rows.map((r) => this.storage.exists(r.storage_key).catch(() => false)));
        const ids = rows.filter((_, i) => held[i]).map((r) => r.id);
        if (!ids.length) return 0;
        await this.add(ids);
        await markQueued(em, ids);
        this.logger.log(`Queued processing of ${ids.length} file(s) left without a job`);
        return ids.length;
      });
    } catch (e) {
      this.logger.warn(`Processing sweep: ${(e as Error).message}`);
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  private async add(fileIds: string[]): Promise<void> {
    // BullMQ waits for Redis indefinitely, keeping the command for when it is back; without a
    // connection now, nothing is sent (the sweeper's later attempt is the one that counts).
    const client = await withTimeout(this.queue.getBackend().client, DISPATCH_TIMEOUT_MS, 'Redis did not answer');
    if (client.status !== 'ready') throw new Error(`Redis is ${client.status}`);
    await withTimeout(
      this.queue.addBulk(
        fileIds.map((fileId) => ({
          name: 'process',
          data: { fileId },
          opts: { jobId: fileId, attempts: 4, backoff: { type: 'exponential' as const, delay: 1000 } },
        })),
      ),
      DISPATCH_TIMEOUT_MS,
      'Redis did not answer',
    );
  }
}
