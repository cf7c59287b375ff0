import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { DocumentFormat } from '@cop/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { reindexSearch } from './document.entity';
import { DOCUMENTS_QUEUE, type ProcessJob } from './processing-queue.service';
import { DOCUMENT_STORAGE, type DocumentStorage } from './storage/storage';
import { extractText, UnreadableContent } from './text-extract';

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
    const rows: { id: string; format: DocumentFormat; size: string; storage_key: string; processing: string }[] = await this.ds.query(
      'SELECT id, format, size, storage_key, processing FROM document_file WHERE id = $1',
      [job.data.fileId],
    );
    if (!rows.length) return 'gone';
    const f = rows[0];
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
      await em.query(
        `UPDATE document_file SET page_count = $2, extracted_text = $3, processing = 'done', processing_error = NULL WHERE id = $1`,
        [f.id, pages, text],
      );
      await em.query(reindexSearch('dl.latest_file_id = $1'), [f.id]);
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
    if (final)
      await this.ds
        .query(`UPDATE document_file SET processing = 'failed', processing_error = $2 WHERE id = $1 AND processing = 'pending'`, [
          job.data.fileId,
          error.message.slice(0, 500),
        ])
        .catch(() => undefined);
  }
}
