import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable document processing (when a file's job was queued, why processing failed), the
 * metadata edit counter documents need for If-Match, and what the public room receives
 * instead of a participants-only change.
 */
export class DocumentProcessing1732391500000 implements MigrationInterface {
  name = 'DocumentProcessing1732391500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Null until the processing job is in Redis: the sweeper queues files left without one.
      ALTER TABLE document_file ADD COLUMN queued_at timestamptz, ADD COLUMN processing_error text;
      UPDATE document_file SET queued_at = uploaded_at;
      CREATE INDEX document_file_unqueued ON document_file (uploaded_at) WHERE processing = 'pending';

      -- Bumped by every metadata correction; clients send it back in If-Match.
      ALTER TABLE document ADD COLUMN edit_revision int NOT NULL DEFAULT 1;

      -- What the public receives of a participants-only change; null: a bare 'redacted' entry.
      ALTER TABLE meeting_change ADD COLUMN public_payload jsonb;
      -- Earlier participants-only changes to a session the public had seen: it was removed for them.
      UPDATE meeting_change c
         SET public_payload = jsonb_build_object('kind', 'session.removed', 'session', jsonb_build_object('id', c.payload -> 'session' ->> 'id'))
       WHERE c.visibility = 'participants' AND c.kind LIKE 'session.%'
         AND EXISTS (SELECT 1 FROM meeting_change p
                      WHERE p.meeting_id = c.meeting_id AND p.seq < c.seq AND p.visibility = 'public'
                        AND p.payload -> 'session' ->> 'id' = c.payload -> 'session' ->> 'id');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE meeting_change DROP COLUMN public_payload;
      ALTER TABLE document DROP COLUMN edit_revision;
      DROP INDEX document_file_unqueued;
      ALTER TABLE document_file DROP COLUMN queued_at, DROP COLUMN processing_error;
    `);
  }
}
