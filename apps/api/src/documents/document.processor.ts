import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { findFileToProcess, markProcessed, markProcessingFailed } from './processing.queries';
import { DOCUMENTS_QUEUE, type ProcessJob } from './processing-queue.service';
import { DOCUMENT_STORAGE, type DocumentStorage } from './storage/storage';
import { extractText, UnreadableContent } from './text-extract';
import { reindexLatestFile } from './version.queries';

/** Files larger than this are not parsed (pages and text stay unknown). */
const MAX_PARSE_BYTES = 256 * 1024 * 1024;

/**
 * After an upload: counts the pages of a PDF and extracts the text of a PDF, DOCX or XLSX
 * (bounded: DOCUMENT_TEXT_MAX_CHARS, DOCUMENT_UNPACK_MAX_BYTES, DOCUMENT_PROCESSING_TIMEOUT_MS),
 * then folds it into the language version's search vector (title weighted A, body B, in the
 * language's text search configuration). Retried with backoff; after the last attempt (or at
 * once for a container that can never be read, such as a ZIP bomb) the file is marked `failed`
 * with the reason (it stays downloadable; only search lacks its text).
 */
@Processor(DOCUMENTS_QUEUE, { concurrency: 2 })
export class DocumentProcessor extends WorkerHost {
  private readonly logger = new Logger(DocumentProcessor.name);

  constructor(
    private readonly ds: DataSource,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<ProcessJob>): Promise<string> {
    const f = await findFileToProcess(this.ds, job.data.fileId);
    if (!f) return 'gone';
    if (f.processing !== 'pending') return f.processing; // a sweep re-queued a file already done
    let pages: number | null = null;
    let text = '';
    if (Number(f.size) <= MAX_PARSE_BYTES) {
      const chunks: Buffer[] = [];
      for await (const chunk of (await this.storage.read(f.storage_key)) as Readable) chunks.push(chunk as Buffer);
      try {
        ({ pages, text } = await extractText(f.format, Buffer.concat(chunks), {
          maxText: this.config.DOCUMENT_TEXT_MAX_CHARS,
          maxUnpacked: this.config.DOCUMENT_UNPACK_MAX_BYTES,
          timeoutMs: this.config.DOCUMENT_PROCESSING_TIMEOUT_MS,
        }));
      } catch (e) {
        if (e instanceof UnreadableContent) throw new UnrecoverableError(e.message);
        throw e;
      }
    }
    await this.ds.transaction(async (em) => {
      await markProcessed(em, f.id, pages, text);
      await reindexLatestFile(em, f.id);
    });
    return `pages=${pages ?? '-'} text=${text.length}`;
  }

  /** Redis away: one warning per failed reconnect instead of an unhandled-error stack trace. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn(`Document worker: ${error.message}`);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<ProcessJob> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn(`Processing ${job.data.fileId} failed (attempt ${job.attemptsMade}${final ? ', giving up' : ''}): ${error.message}`);
    if (final) await markProcessingFailed(this.ds, job.data.fileId, error.message.slice(0, 500)).catch(() => undefined);
  }
}
