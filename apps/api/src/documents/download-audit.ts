import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { insertDownloads, type DownloadRow, type ResolvedFile } from './version.queries';

const AUDIT_BATCH_MS = 5;
const AUDIT_BATCH_MAX = 500;

interface Batch {
  rows: DownloadRow[];
  done: Promise<void>;
}

/**
 * Records a restricted download before its bytes are sent. Rows are written in batches (one
 * multi-row INSERT per AUDIT_BATCH_MS, one WAL flush for all of them), and each caller waits
 * for its batch to commit: no download goes out unaudited, and under load the audit costs one
 * commit per batch rather than one per download.
 */
@Injectable()
export class DownloadAudit {
  private batch: Batch | null = null;

  constructor(private readonly ds: DataSource) {}

  record(
    file: Pick<ResolvedFile, 'documentId' | 'fileId'>,
    userId: string | null,
    via: DownloadRow['via'],
    ip: string | null,
    range: { start: number; end: number } | null,
  ): Promise<void> {
    if (!this.batch) {
      const batch: Batch = { rows: [], done: Promise.resolve() };
      batch.done = new Promise<void>((resolve) => setTimeout(resolve, AUDIT_BATCH_MS)).then(() => {
        if (this.batch === batch) this.batch = null;
        return insertDownloads(this.ds, batch.rows);
      });
      this.batch = batch;
    }
    const batch = this.batch;
    batch.rows.push({ documentId: file.documentId, fileId: file.fileId, userId, via, range, ip });
    if (batch.rows.length >= AUDIT_BATCH_MAX) this.batch = null; // later callers start a new batch
    return batch.done;
  }
}
