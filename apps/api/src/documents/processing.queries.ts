import type { DocumentFormat } from '@cop/contracts';
import type { Db } from '../database/db';

export interface FileToProcessRow {
  id: string;
  format: DocumentFormat;
  size: string;
  storage_key: string;
  processing: 'pending' | 'done' | 'failed';
}

export async function findFileToProcess(db: Db, fileId: string): Promise<FileToProcessRow | null> {
  const rows = await db.query<FileToProcessRow[]>('SELECT id, format, size, storage_key, processing FROM document_file WHERE id = $1', [
    fileId,
  ]);
  return rows[0] ?? null;
}

/** Stores what processing found; the caller reindexes the language version in the same transaction. */
export async function markProcessed(db: Db, fileId: string, pages: number | null, text: string): Promise<void> {
  await db.query(
    `UPDATE document_file SET page_count = $2, extracted_text = $3, processing = 'done', processing_error = NULL WHERE id = $1`,
    [fileId, pages, text],
  );
}

/** After the last attempt: the file stays downloadable, with the reason its text is missing. */
export async function markProcessingFailed(db: Db, fileId: string, reason: string): Promise<void> {
  await db.query(`UPDATE document_file SET processing = 'failed', processing_error = $2 WHERE id = $1 AND processing = 'pending'`, [
    fileId,
    reason,
  ]);
}

export async function markQueued(db: Db, fileIds: readonly string[]): Promise<void> {
  await db.query('UPDATE document_file SET queued_at = now() WHERE id = ANY($1::uuid[])', [fileIds]);
}

/**
 * Pending files never queued (a couple of seconds after their upload, which queues them itself)
 * or queued more than `requeueAfterSeconds` ago, oldest first, locked so that one api process
 * sweeps each.
 */
export async function lockFilesToQueue(db: Db, requeueAfterSeconds: number): Promise<{ id: string; storage_key: string }[]> {
  return db.query<{ id: string; storage_key: string }[]>(
    `SELECT id, storage_key FROM document_file
      WHERE processing = 'pending'
        AND ((queued_at IS NULL AND uploaded_at < now() - interval '2 seconds')
             OR queued_at < now() - make_interval(secs => $1))
      ORDER BY uploaded_at LIMIT 200 FOR UPDATE SKIP LOCKED`,
    [requeueAfterSeconds],
  );
}
