import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Plenary live streams: where the HLS media is, what is on air, and "now in plenary". */
export class Streams1732380000000 implements MigrationInterface {
  name = 'Streams1732380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stream (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        name text NOT NULL,
        -- A room or agenda item can be deleted while a stream names it: the stream forgets it.
        room_id uuid REFERENCES room(id) ON DELETE SET NULL,
        master_url text NOT NULL,
        -- [{ "code": "floor" | "ar" | ..., "lang": "fr" | null, "audioOnlyUrl": "..." }], floor first
        channels jsonb NOT NULL CHECK (jsonb_typeof(channels) = 'array'),
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','live','paused','ended')),
        session_id uuid REFERENCES calendar_session(id) ON DELETE SET NULL,
        agenda_item_id uuid REFERENCES agenda_item(id) ON DELETE SET NULL,
        status_changed_at timestamptz,
        revision int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (meeting_id, name)
      );
      CREATE INDEX stream_session ON stream (session_id) WHERE session_id IS NOT NULL;
      CREATE INDEX stream_agenda_item ON stream (agenda_item_id) WHERE agenda_item_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE stream');
  }
}
