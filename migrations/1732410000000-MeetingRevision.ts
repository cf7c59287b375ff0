import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The meeting's own revision, for optimistic concurrency on PATCH /api/meetings/:code. Not
 * last_seq: that moves with every session edit, and would make a meeting edit fail for no reason.
 */
export class MeetingRevision1732410000000 implements MigrationInterface {
  name = 'MeetingRevision1732410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting ADD COLUMN revision integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting DROP COLUMN revision`);
  }
}
