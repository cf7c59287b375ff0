import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { DOCUMENTS_QUEUE, type ProcessJob } from './documents.service';
import { extractPdfText } from './pdf-text';
import { DOCUMENT_STORAGE, type DocumentStorage } from './storage/storage';

/** Text beyond this is not indexed (a search vector has limits, and 1 MB of text is a long document). */
const MAX_TEXT = 1_000_000;
/** PDFs larger than this are not parsed (pages and text stay unknown). */
const MAX_PARSE_BYTES = 256 * 1024 * 1024;

/**
 * After an upload: counts the pages of a PDF and extracts its text, then folds the text into
 * the language version's search vector (title weighted A, body B, in the language's text
 * search configuration). Retried with backoff; after the last attempt the file is marked
 * `failed` (it stays downloadable; only search lacks its text).
 */
@Processor(DOCUMENTS_QUEUE, { concurrency: 2 })
export class DocumentProcessor extends WorkerHost {
  private readonly logger = new Logger(DocumentProcessor.name);

  constructor(
    private readonly ds: DataSource,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
  ) {
    super();
  }

  async process(job: Job<ProcessJob>): Promise<string> {
    const rows: { id: string; format: string; size: string; storage_key: string }[] = await this.ds.query(
      'SELECT id, format, size, storage_key FROM document_file WHERE id = $1',
      [job.data.fileId],
    );
    if (!rows.length) return 'gone';
    const f = rows[0];
    let pages: number | null = null;
    let text = '';
    if (f.format === 'pdf' && Number(f.size) <= MAX_PARSE_BYTES) {
      const chunks: Buffer[] = [];
      for await (const chunk of (await this.storage.read(f.storage_key)) as Readable) chunks.push(chunk as Buffer);
      const result = await extractPdfText(Buffer.concat(chunks));
      pages = result.pages;
      text = result.text.split('\u0000').join('').slice(0, MAX_TEXT); // PostgreSQL text cannot hold NUL
    }
    await this.ds.transaction(async (em) => {
      await em.query(`UPDATE document_file SET page_count = $2, extracted_text = $3, processing = 'done' WHERE id = $1`, [
        f.id,
        pages,
        text,
      ]);
      await em.query(
        `UPDATE document_language dl
            SET search = setweight(to_tsvector(dl.ts_config::regconfig, COALESCE(d.title ->> dl.language, d.title ->> 'en') || ' ' || d.symbol), 'A')
                      || setweight(to_tsvector(dl.ts_config::regconfig, $2), 'B')
           FROM document d
          WHERE dl.latest_file_id = $1 AND d.id = dl.document_id`,
        [f.id, text],
      );
    });
    return `pages=${pages ?? '-'} text=${text.length}`;
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<ProcessJob> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn(`Processing ${job.data.fileId} failed (attempt ${job.attemptsMade}${final ? ', giving up' : ''}): ${error.message}`);
    if (final)
      await this.ds
        .query(`UPDATE document_file SET processing = 'failed' WHERE id = $1 AND processing = 'pending'`, [job.data.fileId])
        .catch(() => undefined);
  }
}
