import type { Distribution, DocumentFormat, DocumentLanguage, LocalizedText } from '@cop/contracts';
import type { Db } from '../database/db';
import type { SeenBy } from './document-access';
import { DOCUMENT_ORDER, LANGUAGE_ORDER, visible } from './document.queries';

/** One file as downloads need it. */
export interface ResolvedFile {
  meetingCode: string;
  documentId: string;
  symbol: string;
  distribution: Distribution;
  fileId: string;
  language: DocumentLanguage;
  version: number;
  sha256: string;
  size: number;
  mediaType: string;
  format: DocumentFormat;
  storageKey: string;
  /** Whether this was the latest version (URL without ?version): caches must revalidate. */
  latest: boolean;
}

const FILE_SELECT = `
  SELECT m.code AS meeting_code, d.id AS document_id, d.symbol, d.distribution, f.id AS file_id, f.language, f.version, f.sha256, f.size, f.media_type,
         f.format, f.storage_key
    FROM document_file f
    JOIN document d ON d.id = f.document_id
    JOIN meeting m ON m.id = d.meeting_id
    JOIN document_language dl ON dl.document_id = d.id AND dl.language = f.language`;

interface FileRow {
  meeting_code: string;
  document_id: string;
  symbol: string;
  distribution: Distribution;
  file_id: string;
  language: DocumentLanguage;
  version: number;
  sha256: string;
  size: string;
  media_type: string;
  format: DocumentFormat;
  storage_key: string;
}

function toResolvedFile(r: FileRow, latest: boolean): ResolvedFile {
  return {
    meetingCode: r.meeting_code,
    documentId: r.document_id,
    symbol: r.symbol,
    distribution: r.distribution,
    fileId: r.file_id,
    language: r.language,
    version: r.version,
    sha256: r.sha256,
    size: Number(r.size),
    mediaType: r.media_type,
    format: r.format,
    storageKey: r.storage_key,
    latest,
  };
}

/** The latest version of a language of a document, or `version`, if its distribution is open to the caller. */
export async function findFile(
  db: Db,
  code: string,
  symbol: string,
  lang: DocumentLanguage,
  version: number | null,
  distributions: Distribution[],
): Promise<ResolvedFile | null> {
  const rows = await db.query<FileRow[]>(
    `${FILE_SELECT}
      WHERE m.code = $1 AND d.symbol = $2 AND f.language = $3 AND d.distribution = ANY($4::text[])
        AND (CASE WHEN $5::int IS NULL THEN f.id = dl.latest_file_id ELSE f.version = $5::int END)`,
    [code, symbol, lang, distributions, version],
  );
  return rows.length ? toResolvedFile(rows[0], version === null) : null;
}

/** A file by id (never "latest": a link names one version). */
export async function findFileById(db: Db, fileId: string): Promise<ResolvedFile | null> {
  const rows = await db.query<FileRow[]>(`${FILE_SELECT} WHERE f.id = $1`, [fileId]);
  return rows.length ? toResolvedFile(rows[0], false) : null;
}

/** The latest files in `lang` (else the original) of the agenda item's current documents the caller sees, in document order. */
export async function findBundleFiles(
  db: Db,
  meetingId: string,
  seen: SeenBy,
  agendaItemId: string,
  lang: DocumentLanguage,
): Promise<ResolvedFile[]> {
  const rows = await db.query<FileRow[]>(
    `${FILE_SELECT}
      WHERE d.meeting_id = $1 AND ${visible('d')} AND f.id = dl.latest_file_id
        AND EXISTS (SELECT 1 FROM document_agenda_item x WHERE x.document_id = d.id AND x.agenda_item_id = $4)
        AND (dl.language = $5 OR (dl.language = 'original'
             AND NOT EXISTS (SELECT 1 FROM document_language y WHERE y.document_id = d.id AND y.language = $5)))
        AND NOT EXISTS (SELECT 1 FROM document s WHERE s.meeting_id = d.meeting_id AND s.revision_of = d.revision_of
                           AND s.revision > d.revision AND ${visible('s')})
      ${DOCUMENT_ORDER}`,
    [meetingId, seen.distributions, seen.unpublished, agendaItemId, lang],
  );
  return rows.map((r) => toResolvedFile(r, true));
}

export interface ManifestRow {
  symbol: string;
  language: DocumentLanguage;
  version: number;
  sha256: string;
  size: number;
  format: DocumentFormat;
  uploaded_at: Date;
}

/** Every version of every document the caller sees, in document, language and version order. */
export async function findManifestRows(db: Db, meetingId: string, seen: SeenBy): Promise<ManifestRow[]> {
  return db.query<ManifestRow[]>(
    `SELECT d.symbol, f.language, f.version, f.sha256, f.size::float8 AS size, f.format, f.uploaded_at
       FROM document d JOIN document_file f ON f.document_id = d.id
      WHERE d.meeting_id = $1 AND ${visible('d')}
      ${DOCUMENT_ORDER}, ${LANGUAGE_ORDER('f.language')}, f.version`,
    [meetingId, seen.distributions, seen.unpublished],
  );
}

/** The number the next version of a language of the document gets. */
export async function nextVersion(db: Db, documentId: string, lang: DocumentLanguage): Promise<number> {
  const [{ next }] = await db.query<{ next: number }[]>(
    'SELECT COALESCE(max(version), 0) + 1 AS next FROM document_file WHERE document_id = $1 AND language = $2',
    [documentId, lang],
  );
  return next;
}

/** The latest file of a language version, if it has one: what a re-upload is compared with. */
export async function findLatestFile(
  db: Db,
  documentId: string,
  lang: DocumentLanguage,
): Promise<{ version: number; sha256: string } | null> {
  const rows = await db.query<{ version: number; sha256: string }[]>(
    `SELECT f.version, f.sha256 FROM document_language dl JOIN document_file f ON f.id = dl.latest_file_id
      WHERE dl.document_id = $1 AND dl.language = $2`,
    [documentId, lang],
  );
  return rows[0] ?? null;
}

/** Which of these storage keys a file row points to (the others are leftovers). */
export async function storageKeysInUse(db: Db, keys: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ storage_key: string }[]>(
    'SELECT DISTINCT storage_key FROM document_file WHERE storage_key = ANY($1::text[])',
    [keys],
  );
  return new Set(rows.map((r) => r.storage_key));
}

export interface NewFile {
  documentId: string;
  language: DocumentLanguage;
  version: number;
  sha256: string;
  size: number;
  mediaType: string;
  format: DocumentFormat;
  storageKey: string;
  uploadedBy: string;
  /** the change feed's seq that announced it, null when not announced */
  seq: number | null;
}

/** Records a stored file (pending processing); its id. */
export async function insertFile(db: Db, f: NewFile): Promise<string> {
  const [{ id }] = await db.query<{ id: string }[]>(
    `INSERT INTO document_file (document_id, language, version, sha256, size, media_type, format, storage_key, uploaded_by, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [f.documentId, f.language, f.version, f.sha256, f.size, f.mediaType, f.format, f.storageKey, f.uploadedBy, f.seq],
  );
  return id;
}

/** PostgreSQL's text search configuration for each document language (none for Chinese: simple). */
export const TS_CONFIG: Record<DocumentLanguage, string> = {
  ar: 'arabic',
  zh: 'simple',
  en: 'english',
  fr: 'french',
  ru: 'russian',
  es: 'spanish',
  original: 'simple',
};

/**
 * Makes `fileId` the latest of its language version (creating the language version on its
 * first file), searchable at once by its title in that language (else English) and symbol;
 * processing adds the text later.
 */
export async function setLatestFile(
  db: Db,
  doc: { id: string; title: LocalizedText; symbol: string },
  lang: DocumentLanguage,
  fileId: string,
): Promise<void> {
  const title = (doc.title as Record<string, string>)[lang] ?? doc.title.en;
  await db.query(
    `INSERT INTO document_language (document_id, language, latest_file_id, ts_config, search)
     VALUES ($1, $2, $3, $4::text, setweight(to_tsvector($4::regconfig, $5::text), 'A') || setweight(to_tsvector($4::regconfig, $6::text), 'A'))
     ON CONFLICT (document_id, language) DO UPDATE
       SET latest_file_id = EXCLUDED.latest_file_id, search = EXCLUDED.search, updated_at = now()`,
    [doc.id, lang, fileId, TS_CONFIG[lang], title, doc.symbol],
  );
}

/**
 * Recomputes the search vector of the language versions matching `where` (over `dl`): the
 * title in that language (else English) and the symbol weighted A, the latest file's
 * extracted text weighted B.
 */
const reindexSearch = (where: string) => `
  UPDATE document_language dl
     SET search = setweight(to_tsvector(dl.ts_config::regconfig, COALESCE(d.title ->> dl.language, d.title ->> 'en') || ' ' || d.symbol), 'A')
               || setweight(to_tsvector(dl.ts_config::regconfig, COALESCE(f.extracted_text, '')), 'B')
    FROM document d, document_file f
   WHERE d.id = dl.document_id AND f.id = dl.latest_file_id AND ${where}`;

/** After a title correction: every language version of the document. */
export async function reindexDocument(db: Db, documentId: string): Promise<void> {
  await db.query(reindexSearch('dl.document_id = $1'), [documentId]);
}

/** After processing: the language version whose latest file this is (none if a newer one came meanwhile). */
export async function reindexLatestFile(db: Db, fileId: string): Promise<void> {
  await db.query(reindexSearch('dl.latest_file_id = $1'), [fileId]);
}

export interface DownloadRow {
  documentId: string;
  fileId: string;
  userId: string | null;
  via: 'bearer' | 'signed-link' | 'bundle';
  range: { start: number; end: number } | null;
  ip: string | null;
}

/** Records downloads of restricted documents, all in one statement. */
export async function insertDownloads(db: Db, rows: readonly DownloadRow[]): Promise<void> {
  if (!rows.length) return;
  const values = rows.map((_, i) => `(${Array.from({ length: 7 }, (__, j) => `$${i * 7 + j + 1}`).join(', ')})`);
  await db.query(
    `INSERT INTO document_download (document_id, file_id, user_id, via, range_start, range_end, ip) VALUES ${values.join(', ')}`,
    rows.flatMap((r) => [r.documentId, r.fileId, r.userId, r.via, r.range?.start ?? null, r.range?.end ?? null, r.ip]),
  );
}
