import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, meetings, rooms, agenda items, calendar sessions and the change feed. */
export class Calendar1732350000000 implements MigrationInterface {
  name = 'Calendar1732350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('secretariat', 'delegate', 'observer')),
        password_hash text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX app_user_email ON app_user (email);

      CREATE TABLE meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        title jsonb NOT NULL CHECK (title ? 'en'),
        short_title text NOT NULL,
        venue text NOT NULL,
        time_zone text NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL CHECK (end_date >= start_date),
        last_seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE room (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        name text NOT NULL,
        capacity int CHECK (capacity > 0),
        UNIQUE (meeting_id, name)
      );

      CREATE TABLE agenda_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        number text NOT NULL,
        title jsonb NOT NULL CHECK (title ? 'en'),
        sort_key text NOT NULL,
        UNIQUE (meeting_id, number)
      );

      CREATE TABLE calendar_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('plenary','committee','contact-group','regional-group','bureau','side-event','press-briefing','other')),
        title jsonb NOT NULL CHECK (title ? 'en'),
        room_id uuid NOT NULL REFERENCES room(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled','live','postponed','cancelled','concluded')),
        visibility text NOT NULL CHECK (visibility IN ('public','participants')),
        revision int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      );
      CREATE INDEX calendar_session_meeting_start ON calendar_session (meeting_id, starts_at);
      CREATE INDEX calendar_session_room_start ON calendar_session (room_id, starts_at);

      CREATE TABLE session_agenda_item (
        session_id uuid NOT NULL REFERENCES calendar_session(id) ON DELETE CASCADE,
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id),
        position int NOT NULL,
        PRIMARY KEY (session_id, agenda_item_id)
      );
      CREATE INDEX session_agenda_item_item ON session_agenda_item (agenda_item_id);

      CREATE TABLE meeting_change (
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        kind text NOT NULL,
        visibility text NOT NULL CHECK (visibility IN ('public','participants')),
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        PRIMARY KEY (meeting_id, seq)
      );
      CREATE INDEX meeting_change_unpublished ON meeting_change (created_at) WHERE published_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE meeting_change; DROP TABLE session_agenda_item; DROP TABLE calendar_session;
      DROP TABLE agenda_item; DROP TABLE room; DROP TABLE meeting; DROP TABLE app_user;
    `);
  }
}
