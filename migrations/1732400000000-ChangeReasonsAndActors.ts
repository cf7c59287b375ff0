import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a session was cancelled or postponed (shown on the schedule), and who made each change to
 * the calendar (for the secretariat's "what changed today"; never sent on the public feed).
 */
export class ChangeReasonsAndActors1732400000000 implements MigrationInterface {
  name = 'ChangeReasonsAndActors1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE calendar_session ADD COLUMN status_reason text CHECK (char_length(status_reason) <= 500);
      ALTER TABLE meeting_change ADD COLUMN actor_id uuid REFERENCES app_user(id) ON DELETE SET NULL;
      -- Undo reads a session's latest changes.
      CREATE INDEX meeting_change_session ON meeting_change (meeting_id, (payload->'session'->>'id'), seq)
        WHERE kind LIKE 'session.%';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX meeting_change_session;
      ALTER TABLE meeting_change DROP COLUMN actor_id;
      ALTER TABLE calendar_session DROP COLUMN status_reason;
    `);
  }
}
