import {
  documentFileName,
  symbolRef,
  type Distribution,
  type DocumentDto,
  type DocumentFileDto,
  type DocumentFormat,
  type DocumentLanguage,
  type DocumentMetadataDto,
  type DocumentQuery,
  type DocumentSeries,
  type DocumentType,
  type LocalizedText,
  type ParsedSymbol,
} from '@cop/contracts';
import type { Db } from '../database/db';
import type { SeenBy } from './document-access';

/** A document `x` is visible when its distribution is open to the caller and (but for the secretariat) it is published. */
export const visible = (x: string) => `(${x}.distribution = ANY($2::text[]) AND ($3::boolean OR ${x}.published_at IS NOT NULL))`;

/** Main documents first, then INF, CRP and L, each by number. */
export const DOCUMENT_ORDER = `ORDER BY array_position(ARRAY['main','INF','CRP','L'], d.series), d.number, d.symbol`;

/** The six UN languages in their UN order, then the original. */
export const LANGUAGE_ORDER = (column: string) => `array_position(ARRAY['ar','zh','en','fr','ru','es','original'], ${column})`;

/** A version of a language as DOCUMENT_SELECT nests it. */
interface FileJson {
  id: string;
  version: number;
  sha256: string;
  size: number;
  media_type: string;
  format: DocumentFormat;
  page_count: number | null;
  processing: DocumentFileDto['processing'];
  uploaded_at: string;
  uploaded_by: string | null;
}

export interface DocumentRow {
  id: string;
  symbol: string;
  series: DocumentSeries;
  type: DocumentType;
  title: LocalizedText;
  distribution: Distribution;
  published_at: Date | null;
  updated_at: Date;
  last_seq: string | null;
  edit_revision: number;
  agenda_items: DocumentDto['agendaItems'];
  languages: { language: DocumentLanguage; publishedAt: string; files: FileJson[] }[];
  base: string | null;
  superseded_by: string | null;
  supersedes: string[];
}

/** A document with its agenda items, language versions (every version, newest first) and the revisions around it that $2/$3 see. */
const DOCUMENT_SELECT = `
  SELECT d.id, d.symbol, d.series, d.type, d.title, d.distribution, d.published_at, d.updated_at, d.last_seq, d.edit_revision,
         COALESCE((SELECT json_agg(json_build_object('id', a.id, 'number', a.number) ORDER BY dai.position)
                     FROM document_agenda_item dai JOIN agenda_item a ON a.id = dai.agenda_item_id
                    WHERE dai.document_id = d.id), '[]'::json) AS agenda_items,
         COALESCE((SELECT json_agg(json_build_object(
                            'language', dl.language, 'publishedAt', dl.published_at,
                            'files', (SELECT json_agg(json_build_object('id', f.id, 'version', f.version, 'sha256', f.sha256, 'size', f.size,
                                                'media_type', f.media_type, 'format', f.format, 'page_count', f.page_count,
                                                'processing', f.processing, 'uploaded_at', f.uploaded_at, 'uploaded_by', f.uploaded_by)
                                              ORDER BY f.version DESC)
                                        FROM document_file f WHERE f.document_id = d.id AND f.language = dl.language))
                          ORDER BY ${LANGUAGE_ORDER('dl.language')})
                     FROM document_language dl WHERE dl.document_id = d.id), '[]'::json) AS languages,
         (SELECT b.symbol FROM document b WHERE b.meeting_id = d.meeting_id AND b.symbol = d.base_symbol AND ${visible('b')}) AS base,
         (SELECT s.symbol FROM document s
           WHERE s.meeting_id = d.meeting_id AND s.revision_of = d.revision_of AND s.revision > d.revision AND ${visible('s')}
           ORDER BY s.revision DESC LIMIT 1) AS superseded_by,
         ARRAY(SELECT s.symbol FROM document s
                WHERE s.meeting_id = d.meeting_id AND s.revision_of = d.revision_of AND s.revision < d.revision AND ${visible('s')}
                ORDER BY s.revision DESC) AS supersedes
    FROM document d`;

/** The meeting's documents the caller sees, filtered, searched (best match first) or in document order; at most 2000. */
export async function listDocuments(db: Db, meetingId: string, seen: SeenBy, q: DocumentQuery): Promise<DocumentRow[]> {
  const params: unknown[] = [meetingId, seen.distributions, seen.unpublished];
  const where = [`d.meeting_id = $1`, visible('d')];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (q.agendaItem)
    where.push(`EXISTS (SELECT 1 FROM document_agenda_item x WHERE x.document_id = d.id AND x.agenda_item_id = ${p(q.agendaItem)})`);
  if (q.type) where.push(`d.type = ${p(q.type)}`);
  if (q.distribution) where.push(`d.distribution = ${p(q.distribution)}`);
  if (q.language) where.push(`EXISTS (SELECT 1 FROM document_language x WHERE x.document_id = d.id AND x.language = ${p(q.language)})`);
  if (typeof q.since === 'number')
    where.push(`EXISTS (SELECT 1 FROM document_file f WHERE f.document_id = d.id AND f.seq > ${p(q.since)})`);
  else if (typeof q.since === 'string')
    where.push(`EXISTS (SELECT 1 FROM document_file f WHERE f.document_id = d.id AND f.uploaded_at > ${p(new Date(q.since))})`);
  if (!q.history && !q.q)
    where.push(`NOT EXISTS (SELECT 1 FROM document s WHERE s.meeting_id = d.meeting_id AND s.revision_of = d.revision_of
                               AND s.revision > d.revision AND ${visible('s')})`);
  let order = DOCUMENT_ORDER;
  if (q.q) {
    const query = p(q.q);
    const lang = q.language ? `AND dl.language = ${p(q.language)}` : '';
    const match = `FROM document_language dl WHERE dl.document_id = d.id ${lang}
                    AND dl.search @@ websearch_to_tsquery(dl.ts_config::regconfig, ${query})`;
    where.push(`EXISTS (SELECT 1 ${match})`);
    order = `ORDER BY (SELECT max(ts_rank(dl.search, websearch_to_tsquery(dl.ts_config::regconfig, ${query}))) ${match}) DESC, d.symbol`;
  }
  return db.query<DocumentRow[]>(`${DOCUMENT_SELECT} WHERE ${where.join(' AND ')} ${order} LIMIT 2000`, params);
}

/** One document by symbol, if the caller sees it. */
export async function findDocument(db: Db, meetingId: string, seen: SeenBy, symbol: string): Promise<DocumentRow | null> {
  const rows = await db.query<DocumentRow[]>(`${DOCUMENT_SELECT} WHERE d.meeting_id = $1 AND d.symbol = $4 AND ${visible('d')}`, [
    meetingId,
    seen.distributions,
    seen.unpublished,
    symbol,
  ]);
  return rows[0] ?? null;
}

/** The document as the API answers it; `history` adds every version of each language. */
/** `uploader`: whether to name the account that uploaded each file (the secretariat's own view only). */
export function toDocumentDto(r: DocumentRow, code: string, history: boolean, uploader = false): DocumentDto {
  const ref = symbolRef(r.symbol);
  const base = `/api/meetings/${encodeURIComponent(code)}/documents/${ref}/files`;
  const fileDto = (lang: DocumentLanguage, f: FileJson): DocumentFileDto => ({
    version: f.version,
    sha256: f.sha256,
    size: Number(f.size),
    mediaType: f.media_type,
    format: f.format,
    fileName: documentFileName(r.symbol, lang, f.format),
    pageCount: f.page_count,
    processing: f.processing,
    uploadedAt: new Date(f.uploaded_at).toISOString(),
    uploadedBy: uploader ? f.uploaded_by : null,
    url: `${base}/${lang}?version=${f.version}`,
  });
  return {
    id: r.id,
    meeting: code,
    symbol: r.symbol,
    ref,
    series: r.series,
    type: r.type,
    title: r.title,
    agendaItems: r.agenda_items,
    distribution: r.distribution,
    base: r.base,
    supersededBy: r.superseded_by,
    supersedes: r.supersedes,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    updatedAt: new Date(r.updated_at).toISOString(),
    seq: r.last_seq === null ? null : Number(r.last_seq),
    editRevision: r.edit_revision,
    languages: r.languages.map((l) => ({
      language: l.language,
      publishedAt: new Date(l.publishedAt).toISOString(),
      latest: fileDto(l.language, l.files[0]),
      ...(history ? { versions: l.files.map((f) => fileDto(l.language, f)) } : {}),
    })),
  };
}

export async function documentExists(db: Db, meetingId: string, symbol: string): Promise<boolean> {
  const rows = await db.query<unknown[]>('SELECT 1 FROM document WHERE meeting_id = $1 AND symbol = $2', [meetingId, symbol]);
  return rows.length > 0;
}

/** A new, unpublished document; its id. */
export async function insertDocument(
  db: Db,
  meetingId: string,
  sym: ParsedSymbol,
  fields: { type: DocumentType; title: LocalizedText; distribution: Distribution },
): Promise<string> {
  const [{ id }] = await db.query<{ id: string }[]>(
    `INSERT INTO document (meeting_id, symbol, series, number, base_symbol, revision_of, revision, type, title, distribution)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [meetingId, sym.symbol, sym.series, sym.number, sym.base, sym.revisionOf, sym.revision, fields.type, fields.title, fields.distribution],
  );
  return id;
}

export interface LockedDocumentRow {
  id: string;
  title: LocalizedText;
  distribution: Distribution;
  published_at: Date | null;
  edit_revision: number;
}

/** The document, locked until commit (an upload or a correction). */
export async function lockDocument(db: Db, meetingId: string, symbol: string): Promise<LockedDocumentRow | null> {
  const rows = await db.query<LockedDocumentRow[]>(
    'SELECT id, title, distribution, published_at, edit_revision FROM document WHERE meeting_id = $1 AND symbol = $2 FOR UPDATE',
    [meetingId, symbol],
  );
  return rows[0] ?? null;
}

/**
 * Removes a document that was never published and holds no file (a create whose first upload
 * failed); false when it has files or was published, which only a withdrawal can take back.
 */
export async function deleteEmptyDocument(db: Db, documentId: string): Promise<boolean> {
  const rows = await db.query<{ id: string }[]>(
    // A CTE, so the driver answers with the deleted rows (a bare DELETE answers [rows, count]).
    `WITH gone AS (DELETE FROM document d WHERE d.id = $1 AND d.published_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM document_file f WHERE f.document_id = d.id) RETURNING d.id)
     SELECT id FROM gone`,
    [documentId],
  );
  return rows.length > 0;
}

/** A metadata correction: what is given replaces what was, and the edit revision goes up. A taken symbol fails with 23505. */
export async function correctDocument(
  db: Db,
  documentId: string,
  input: { symbol?: ParsedSymbol; title?: LocalizedText; type?: DocumentType; distribution?: Distribution },
): Promise<void> {
  const sym = input.symbol;
  await db.query(
    `UPDATE document SET title = COALESCE($2::jsonb, title), type = COALESCE($3, type), distribution = COALESCE($4, distribution),
            symbol = COALESCE($5, symbol), series = COALESCE($6, series), number = COALESCE($7::int, number),
            base_symbol = CASE WHEN $5::text IS NULL THEN base_symbol ELSE $8 END,
            revision_of = COALESCE($9, revision_of), revision = COALESCE($10::int, revision),
            edit_revision = edit_revision + 1, updated_at = now()
      WHERE id = $1`,
    [
      documentId,
      input.title ? JSON.stringify(input.title) : null,
      input.type ?? null,
      input.distribution ?? null,
      sym?.symbol ?? null,
      sym?.series ?? null,
      sym?.number ?? null,
      sym?.base ?? null,
      sym?.revisionOf ?? null,
      sym?.revision ?? null,
    ],
  );
}

/** A file was stored: the document is published (if it was not yet) and, if announced, carries the feed's seq. */
export async function markPublished(db: Db, documentId: string, seq: number | null): Promise<void> {
  await db.query(
    `UPDATE document SET published_at = COALESCE(published_at, now()), last_seq = COALESCE($2, last_seq), updated_at = now() WHERE id = $1`,
    [documentId, seq],
  );
}

interface MetadataRow {
  id: string;
  symbol: string;
  type: DocumentType;
  title: LocalizedText;
  distribution: Distribution;
  revision: number;
  revision_of: string;
  edit_revision: number;
  agenda_items: DocumentMetadataDto['agendaItems'];
}

export type DocumentMetadata = DocumentMetadataDto & { revision: number; revisionOf: string };

/** The document's metadata as the change feed carries it, with its place in its line of revisions. */
export async function findMetadata(db: Db, documentId: string): Promise<DocumentMetadata> {
  const [d] = await db.query<MetadataRow[]>(
    `SELECT d.id, d.symbol, d.type, d.title, d.distribution, d.revision, d.revision_of, d.edit_revision,
            COALESCE((SELECT json_agg(json_build_object('id', a.id, 'number', a.number) ORDER BY x.position)
                        FROM document_agenda_item x JOIN agenda_item a ON a.id = x.agenda_item_id WHERE x.document_id = d.id), '[]'::json) AS agenda_items
       FROM document d WHERE d.id = $1`,
    [documentId],
  );
  return {
    id: d.id,
    symbol: d.symbol,
    ref: symbolRef(d.symbol),
    type: d.type,
    title: d.title,
    distribution: d.distribution,
    agendaItems: d.agenda_items,
    editRevision: d.edit_revision,
    revision: d.revision,
    revisionOf: d.revision_of,
  };
}

/** The number of an agenda item of the meeting (for a bundle's file name), or null. */
export async function findAgendaItemNumber(db: Db, meetingId: string, agendaItemId: string): Promise<string | null> {
  const rows = await db.query<{ number: string }[]>('SELECT number FROM agenda_item WHERE id = $1 AND meeting_id = $2', [
    agendaItemId,
    meetingId,
  ]);
  return rows[0]?.number ?? null;
}
