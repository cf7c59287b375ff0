import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registration and accreditation: Parties, observer organizations, focal points, nomination
 * letters, registrations with their transition history and audit trail, invitations, the mail
 * outbox, and the focal-point and security roles.
 */
export class Registration1732370000000 implements MigrationInterface {
  name = 'Registration1732370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
        CHECK (role IN ('secretariat', 'delegate', 'observer', 'focal-point', 'security'));

      CREATE TABLE party (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{2,3}$'),
        name text NOT NULL UNIQUE,
        regional_group text CHECK (regional_group IN ('African Group', 'Asia-Pacific Group',
          'Central and Eastern European Group (CEE)', 'Latin American and Caribbean Group (GRULAC)',
          'Western European and Others Group (WEOG)')),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('igo', 'ngo', 'media', 'un-agency')),
        country text CHECK (country ~ '^[A-Z]{2}$'),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX organization_name ON organization (lower(name));

      -- A focal-point account speaks for exactly one Party or one organization.
      CREATE TABLE focal_point (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        party_id uuid REFERENCES party(id),
        organization_id uuid REFERENCES organization(id),
        preferred_language text NOT NULL DEFAULT 'en',
        CHECK ((party_id IS NULL) <> (organization_id IS NULL))
      );

      CREATE TABLE registration_settings (
        meeting_id uuid PRIMARY KEY REFERENCES meeting(id) ON DELETE CASCADE,
        deadline timestamptz,
        per_party_quota int CHECK (per_party_quota >= 0),
        per_category_quota jsonb NOT NULL DEFAULT '{}',
        public_list_published_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE nomination_letter (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        party_id uuid REFERENCES party(id),
        organization_id uuid REFERENCES organization(id),
        uploaded_by uuid NOT NULL REFERENCES app_user(id),
        filename text NOT NULL,
        size_bytes int NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX nomination_letter_meeting ON nomination_letter (meeting_id);

      CREATE TABLE registration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        category text NOT NULL CHECK (category IN ('party','observer-igo','observer-ngo','media','secretariat','un-agency')),
        party_id uuid REFERENCES party(id),
        organization_id uuid REFERENCES organization(id),
        nominated_by uuid REFERENCES app_user(id),
        self_registered boolean NOT NULL DEFAULT false,
        letter_id uuid REFERENCES nomination_letter(id),
        title text,
        given_name text NOT NULL,
        family_name text NOT NULL,
        email text NOT NULL CHECK (email = lower(email)),
        phone text,
        job_title text,
        function text NOT NULL,
        gender text,
        nationality text NOT NULL CHECK (nationality ~ '^[A-Z]{2}$'),
        preferred_language text NOT NULL CHECK (preferred_language IN ('ar','zh','en','fr','ru','es')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','on-hold','approved','rejected','cancelled')),
        status_reason text,
        idempotency_key text,
        user_id uuid REFERENCES app_user(id),
        -- Bumped whenever a badge must stop working (revocation, re-issue).
        badge_version int NOT NULL DEFAULT 1,
        checked_in_at timestamptz,
        checked_in_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (category <> 'party' OR party_id IS NOT NULL)
      );
      -- One live registration per person and meeting; a rejected or cancelled one may be renewed.
      CREATE UNIQUE INDEX registration_meeting_email ON registration (meeting_id, email)
        WHERE status IN ('pending', 'on-hold', 'approved');
      CREATE UNIQUE INDEX registration_idempotency ON registration (nominated_by, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
      CREATE INDEX registration_meeting_status ON registration (meeting_id, status, category);
      CREATE INDEX registration_meeting_party ON registration (meeting_id, party_id);
      CREATE INDEX registration_meeting_org ON registration (meeting_id, organization_id);
      CREATE INDEX registration_user ON registration (user_id) WHERE user_id IS NOT NULL;

      CREATE TABLE registration_event (
        id bigserial PRIMARY KEY,
        registration_id uuid NOT NULL REFERENCES registration(id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        reason text,
        actor_id uuid REFERENCES app_user(id),
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX registration_event_registration ON registration_event (registration_id, id);

      -- Who read personal data, when (secretariat reads of details, lists, exports, letters).
      CREATE TABLE pii_access_log (
        id bigserial PRIMARY KEY,
        actor_id uuid NOT NULL REFERENCES app_user(id),
        action text NOT NULL,
        meeting_id uuid REFERENCES meeting(id) ON DELETE CASCADE,
        registration_id uuid REFERENCES registration(id) ON DELETE CASCADE,
        detail jsonb,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX pii_access_log_registration ON pii_access_log (registration_id);

      CREATE TABLE invitation (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        registration_id uuid REFERENCES registration(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX invitation_user ON invitation (user_id);

      -- Mail is written here in the transaction that causes it, then queued; PostgreSQL is the truth.
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template text NOT NULL,
        language text NOT NULL,
        recipient text NOT NULL,
        vars jsonb NOT NULL,
        registration_id uuid REFERENCES registration(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz
      );
      CREATE INDEX mail_outbox_unqueued ON mail_outbox (created_at) WHERE queued_at IS NULL;
      CREATE INDEX mail_outbox_registration ON mail_outbox (registration_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE mail_outbox; DROP TABLE invitation; DROP TABLE pii_access_log; DROP TABLE registration_event;
      DROP TABLE registration; DROP TABLE nomination_letter; DROP TABLE registration_settings; DROP TABLE focal_point;
      DROP TABLE organization; DROP TABLE party;
      DELETE FROM app_user WHERE role IN ('focal-point', 'security');
      ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('secretariat', 'delegate', 'observer'));
    `);
  }
}
