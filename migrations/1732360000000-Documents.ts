import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Documents, their language versions, immutable uploaded files and the download audit. */
export class Documents1732360000000 implements MigrationInterface {
  name = 'Documents1732360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        symbol text NOT NULL,
        series text NOT NULL CHECK (series IN ('main','INF','CRP','L')),
        number int NOT NULL CHECK (number > 0),
        base_symbol text,
        revision_of text NOT NULL,
        revision int NOT NULL DEFAULT 0 CHECK (revision >= 0),
        type text NOT NULL CHECK (type IN ('official','information','conference-room-paper','limited','non-paper','statement')),
        title jsonb NOT NULL CHECK (title ? 'en'),
        distribution text NOT NULL CHECK (distribution IN ('public','participants','secretariat')),
        published_at timestamptz,
        last_seq bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (meeting_id, symbol)
      );
      CREATE INDEX document_revision_line ON document (meeting_id, revision_of, revision DESC);
      CREATE INDEX document_published ON document (meeting_id, published_at);

      CREATE TABLE document_agenda_item (
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id),
        position int NOT NULL,
        PRIMARY KEY (document_id, agenda_item_id)
      );
      CREATE INDEX document_agenda_item_item ON document_agenda_item (agenda_item_id);

      -- One row per uploaded file; never updated except for what processing learns (pages, text).
      CREATE TABLE document_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        language text NOT NULL CHECK (language IN ('ar','zh','en','fr','ru','es','original')),
        version int NOT NULL CHECK (version > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size > 0),
        media_type text NOT NULL,
        format text NOT NULL CHECK (format IN ('pdf','docx','xlsx')),
        storage_key text NOT NULL,
        page_count int,
        extracted_text text,
        processing text NOT NULL DEFAULT 'pending' CHECK (processing IN ('pending','done','failed')),
        uploaded_by uuid REFERENCES app_user(id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        seq bigint,
        UNIQUE (document_id, language, version)
      );
      CREATE INDEX document_file_sha ON document_file (sha256);

      -- The language versions of a document: what the latest file is, and what search reads.
      CREATE TABLE document_language (
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        language text NOT NULL,
        latest_file_id uuid NOT NULL REFERENCES document_file(id),
        ts_config text NOT NULL,
        search tsvector NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (document_id, language)
      );
      CREATE INDEX document_language_search ON document_language USING gin (search);

      -- Every download of a restricted document: who, which version, when, how.
      CREATE TABLE document_download (
        id bigserial PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        file_id uuid NOT NULL REFERENCES document_file(id) ON DELETE CASCADE,
        user_id uuid REFERENCES app_user(id),
        via text NOT NULL CHECK (via IN ('bearer','signed-link','bundle')),
        range_start bigint,
        range_end bigint,
        ip text,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX document_download_document ON document_download (document_id, at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE document_download; DROP TABLE document_language; DROP TABLE document_file;
      DROP TABLE document_agenda_item; DROP TABLE document;
    `);
  }
}
