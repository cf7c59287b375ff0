import {
  ConflictException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { z } from 'zod';
import {
  createDocumentSchema,
  updateDocumentSchema,
  DOCUMENT_LANGUAGES,
  DOCUMENT_MEDIA_TYPES,
  documentFileName,
  parseSymbol,
  symbolFromStem,
  symbolRef,
  typeForSeries,
  type Distribution,
  type DocumentChangeDto,
  type DocumentDto,
  type DocumentFileDto,
  type DocumentFormat,
  type DocumentLanguage,
  type DocumentListDto,
  type DocumentManifest,
  type DocumentMetadataDto,
  type DocumentQuery,
  type ManifestEntry,
} from '@cop/contracts';
import type { Audience, Caller } from '../auth/access';
import { AudienceService } from '../auth/audience.service';
import { MeetingDirectory } from '../meetings/meeting-directory.service';
import { FeedHeads } from '../changes/feed-heads.service';
import { FeedWriter, type LockedMeeting } from '../changes/feed-writer.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Meeting } from '../meetings/meeting.entity';
import { checkRevision } from '../common/if-match';
import type { FeedWork } from '../changes/feed-writer.service';
import { reindexSearch, TS_CONFIG } from './document.entity';
import { ProcessingQueue } from './processing-queue.service';
import { detectFormat, FormatError } from './file-format';
import { PUBLIC_KEY_PATH, SigningService } from './signing.service';
import { LocalStorage } from './storage/local.storage';
import { DOCUMENT_STORAGE, storageKey, type DocumentStorage } from './storage/storage';

const AUDIT_BATCH_MS = 5;
const AUDIT_BATCH_MAX = 500;
const RESOLVE_TTL_MS = 1000;
const MAX_RESOLVED = 10_000;
type CreateDocument = z.output<typeof createDocumentSchema>;
type UpdateDocument = z.output<typeof updateDocumentSchema>;

/** What a caller may see: the distributions open to it. */
export type AccessLevel = 'public' | 'participants' | 'secretariat';
/** The secretariat sees everything; approved participants of the meeting (AudienceService) its participants' documents. */
function accessLevelFor(caller: Caller | null | undefined, audience: Audience): AccessLevel {
  if (caller?.role === 'secretariat') return 'secretariat';
  return audience === 'participants' ? 'participants' : 'public';
}
const OPEN_TO: Record<AccessLevel, Distribution[]> = {
  public: ['public'],
  participants: ['public', 'participants'],
  secretariat: ['public', 'participants', 'secretariat'],
};

/** The media types an upload may declare; application/octet-stream lets the content decide. */
export const UPLOAD_MEDIA_TYPES = [...Object.values(DOCUMENT_MEDIA_TYPES), 'application/octet-stream'];

/** One file as downloads need it. */
export interface ResolvedFile {
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

interface DocumentRow {
  id: string;
  symbol: string;
  series: DocumentDto['series'];
  type: DocumentDto['type'];
  title: DocumentDto['title'];
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

/** A document `x` is visible when its distribution is open to the caller and (but for the secretariat) it is published. */
const visible = (x: string) => `(${x}.distribution = ANY($2::text[]) AND ($3::boolean OR ${x}.published_at IS NOT NULL))`;

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
                          ORDER BY array_position(ARRAY['ar','zh','en','fr','ru','es','original'], dl.language))
                     FROM document_language dl WHERE dl.document_id = d.id), '[]'::json) AS languages,
         (SELECT b.symbol FROM document b WHERE b.meeting_id = d.meeting_id AND b.symbol = d.base_symbol AND ${visible('b')}) AS base,
         (SELECT s.symbol FROM document s
           WHERE s.meeting_id = d.meeting_id AND s.revision_of = d.revision_of AND s.revision > d.revision AND ${visible('s')}
           ORDER BY s.revision DESC LIMIT 1) AS superseded_by,
         ARRAY(SELECT s.symbol FROM document s
                WHERE s.meeting_id = d.meeting_id AND s.revision_of = d.revision_of AND s.revision < d.revision AND ${visible('s')}
                ORDER BY s.revision DESC) AS supersedes
    FROM document d`;

const ORDER = `ORDER BY array_position(ARRAY['main','INF','CRP','L'], d.series), d.number, d.symbol`;

interface Remembered<T> {
  value: Promise<T>;
  at: number;
}

/** `load()` for `key`, shared by concurrent callers and remembered for RESOLVE_TTL_MS; a failed load is forgotten. */
function remember<T>(map: Map<string, Remembered<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let hit = map.get(key);
  if (!hit || Date.now() - hit.at > RESOLVE_TTL_MS) {
    if (map.size >= MAX_RESOLVED) map.clear();
    const value = load();
    hit = { value, at: Date.now() };
    map.set(key, hit);
    value.catch(() => map.delete(key));
  }
  return hit.value;
}

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '23505';

/** The symbol a URL path segment names: the stem (UNEP-MC-COP.6-INF-26) or the symbol itself. */
export function symbolOfRef(ref: string): string | null {
  const symbol = ref.includes('/') ? ref : symbolFromStem(ref);
  const parsed = parseSymbol(symbol);
  return parsed.ok ? parsed.value.symbol : null;
}

export function isDocumentLanguage(lang: string): lang is DocumentLanguage {
  return (DOCUMENT_LANGUAGES as readonly string[]).includes(lang);
}

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);
  private auditBatch: { rows: unknown[][]; done: Promise<void> } | null = null;
  /** Download resolutions, briefly: a new version uploaded through another process shows within RESOLVE_TTL_MS. */
  private readonly resolved = new Map<string, Remembered<ResolvedFile | null>>();
  /**
   * Download access levels per caller and meeting, briefly: a burst of downloads (ranges, a
   * download manager) costs one registration lookup; an approval or withdrawal shows within
   * RESOLVE_TTL_MS.
   */
  private readonly levels = new Map<string, Remembered<AccessLevel>>();

  constructor(
    private readonly ds: DataSource,
    private readonly writer: FeedWriter,
    private readonly heads: FeedHeads,
    private readonly signing: SigningService,
    @Inject(DOCUMENT_STORAGE) readonly storage: DocumentStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processing: ProcessingQueue,
    private readonly audiences: AudienceService,
    private readonly directory: MeetingDirectory,
  ) {}

  private async accessLevel(caller: Caller | null, code: string): Promise<AccessLevel> {
    return accessLevelFor(caller, caller?.role === 'secretariat' ? 'participants' : await this.audiences.of(caller, code));
  }

  meeting(code: string): Promise<Meeting> {
    return this.directory.get(code);
  }

  // ------------------------------------------------------------------ reading

  async list(code: string, caller: Caller | null, q: DocumentQuery): Promise<DocumentListDto> {
    const meeting = await this.meeting(code);
    const level = await this.accessLevel(caller, code);
    const lastSeq = await this.heads.get(meeting.id);
    const params: unknown[] = [meeting.id, OPEN_TO[level], level === 'secretariat'];
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
    let order = ORDER;
    if (q.q) {
      const query = p(q.q);
      const lang = q.language ? `AND dl.language = ${p(q.language)}` : '';
      const match = `FROM document_language dl WHERE dl.document_id = d.id ${lang}
                      AND dl.search @@ websearch_to_tsquery(dl.ts_config::regconfig, ${query})`;
      where.push(`EXISTS (SELECT 1 ${match})`);
      order = `ORDER BY (SELECT max(ts_rank(dl.search, websearch_to_tsquery(dl.ts_config::regconfig, ${query}))) ${match}) DESC, d.symbol`;
    }
    const rows: DocumentRow[] = await this.ds.query(`${DOCUMENT_SELECT} WHERE ${where.join(' AND ')} ${order} LIMIT 2000`, params);
    return { meeting: code, lastSeq, documents: rows.map((r) => this.toDto(r, code, q.history)) };
  }

  async one(code: string, ref: string, caller: Caller | null): Promise<DocumentDto> {
    const meeting = await this.meeting(code);
    const symbol = symbolOfRef(ref);
    const level = await this.accessLevel(caller, code);
    if (!symbol) throw this.notFound(code, ref);
    const rows: DocumentRow[] = await this.ds.query(`${DOCUMENT_SELECT} WHERE d.meeting_id = $1 AND d.symbol = $4 AND ${visible('d')}`, [
      meeting.id,
      OPEN_TO[level],
      level === 'secretariat',
      symbol,
    ]);
    if (!rows.length) throw this.notFound(code, ref);
    return this.toDto(rows[0], code, true);
  }

  /** The same answer whether the document does not exist or may not be seen: nothing is revealed. */
  private notFound(code: string, ref: string): NotFoundException {
    return new NotFoundException(`No document ${ref} in ${code}.`);
  }

  /** The file to download: the latest version of a language, or `version`; 404 when not visible. */
  async resolveFile(code: string, ref: string, lang: string, version: number | null, caller: Caller | null): Promise<ResolvedFile> {
    const symbol = symbolOfRef(ref);
    if (!symbol || !isDocumentLanguage(lang)) throw this.notFound(code, ref);
    const level: AccessLevel = !caller
      ? 'public'
      : caller.role === 'secretariat'
        ? 'secretariat'
        : await remember(this.levels, `${caller.id}|${code}`, () => this.accessLevel(caller, code));
    const file = await remember(this.resolved, `${code}|${symbol}|${lang}|${version ?? ''}|${level}`, () =>
      this.ds
        .query(
          `${FILE_SELECT}
            WHERE m.code = $1 AND d.symbol = $2 AND f.language = $3 AND d.distribution = ANY($4::text[])
              AND (CASE WHEN $5::int IS NULL THEN f.id = dl.latest_file_id ELSE f.version = $5::int END)`,
          [code, symbol, lang, OPEN_TO[level], version],
        )
        .then((rows: FileRow[]) => (rows.length ? fileOf(rows[0], version === null) : null)),
    );
    if (!file) throw new NotFoundException(`No ${lang} version${version ? ` ${version}` : ''} of ${ref} in ${code}.`);
    return file;
  }

  /** A file by id, for signed links (which were checked when they were issued). */
  async fileById(fileId: string): Promise<ResolvedFile | null> {
    if (!/^[0-9a-f-]{36}$/i.test(fileId)) return null;
    const rows: FileRow[] = await this.ds.query(`${FILE_SELECT} WHERE f.id = $1`, [fileId]);
    return rows.length ? fileOf(rows[0], false) : null;
  }

  /**
   * Records a restricted download before its bytes are sent. Rows are written in batches (one
   * multi-row INSERT per AUDIT_BATCH_MS, one WAL flush for all of them), and each caller waits
   * for its batch to commit: no download goes out unaudited, and under load the audit costs one
   * commit per batch rather than one per download.
   */
  audit(
    file: Pick<ResolvedFile, 'documentId' | 'fileId'>,
    userId: string | null,
    via: 'bearer' | 'signed-link' | 'bundle',
    ip: string | null,
    range: { start: number; end: number } | null,
  ): Promise<void> {
    const row = [file.documentId, file.fileId, userId, via, range?.start ?? null, range?.end ?? null, ip];
    if (!this.auditBatch) {
      const batch: { rows: unknown[][]; done: Promise<void> } = { rows: [], done: Promise.resolve() };
      batch.done = new Promise<void>((resolve) => setTimeout(resolve, AUDIT_BATCH_MS)).then(() => {
        this.auditBatch = null;
        const values = batch.rows.map((_, i) => `(${Array.from({ length: 7 }, (__, j) => `$${i * 7 + j + 1}`).join(', ')})`);
        return this.ds
          .query(
            `INSERT INTO document_download (document_id, file_id, user_id, via, range_start, range_end, ip) VALUES ${values.join(', ')}`,
            batch.rows.flat(),
          )
          .then(() => undefined);
      });
      this.auditBatch = batch;
    }
    const batch = this.auditBatch;
    batch.rows.push(row);
    if (batch.rows.length >= AUDIT_BATCH_MAX) this.auditBatch = null; // later callers start a new batch
    return batch.done;
  }

  /** A short-lived link to one version, usable without a bearer header (download managers). */
  signLink(code: string, file: ResolvedFile, caller: Caller | null): { url: string; expiresAt: string } {
    const expires = Math.floor(Date.now() / 1000) + this.config.DOCUMENT_LINK_TTL_SECONDS;
    const by = caller?.id ?? '';
    const sig = this.signing.linkSignature([file.fileId, by, String(expires)]);
    const name = documentFileName(file.symbol, file.language, file.format);
    const query = new URLSearchParams({ by, expires: String(expires), sig });
    return {
      url: `/api/document-links/${file.fileId}/${name}?${query.toString()}`,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /** Checks a signed link; null when it was tampered with or has expired. */
  async fileForLink(fileId: string, by: string, expires: string, sig: string): Promise<ResolvedFile | null> {
    if (!/^\d{1,12}$/.test(expires) || !sig || !this.signing.verifyLink([fileId, by, expires], sig)) return null;
    if (Number(expires) * 1000 < Date.now()) return null;
    return this.fileById(fileId);
  }

  // ------------------------------------------------------------------ writing

  async create(code: string, input: CreateDocument): Promise<DocumentDto> {
    const sym = input.symbol;
    try {
      await this.writer.write(code, async (em, meeting) => {
        await this.checkAgendaItems(em, meeting, input.agendaItemIds);
        const [{ id }] = (await em.query(
          `INSERT INTO document (meeting_id, symbol, series, number, base_symbol, revision_of, revision, type, title, distribution)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            meeting.id,
            sym.symbol,
            sym.series,
            sym.number,
            sym.base,
            sym.revisionOf,
            sym.revision,
            input.type ?? typeForSeries(sym.series),
            input.title,
            input.distribution,
          ],
        )) as { id: string }[];
        await this.linkAgendaItems(em, id, input.agendaItemIds);
        // Nothing for clients yet: a document appears in the feed when its first file is stored.
        return { result: id, changes: [] };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictException(`${sym.symbol} already exists in ${code}.`);
      throw e;
    }
    return this.one(code, sym.stem, { id: '', email: '', role: 'secretariat' });
  }

  /**
   * Stores one uploaded file as the next version of a language. The body is streamed to a
   * temporary file (hashed and counted on the way, never held in memory), checked by its
   * content, moved into storage in one atomic step, and only then recorded and announced.
   */
  async upload(
    code: string,
    ref: string,
    lang: string,
    body: IncomingMessage,
    declaredType: string,
    caller: Caller,
  ): Promise<{ document: DocumentDto; file: DocumentFileDto }> {
    const symbol = symbolOfRef(ref);
    if (!symbol) throw this.notFound(code, ref);
    if (!isDocumentLanguage(lang))
      throw new NotFoundException(`No language ${JSON.stringify(lang).slice(0, 40)}: use one of ${DOCUMENT_LANGUAGES.join(', ')}.`);
    const meeting = await this.meeting(code);
    const exists: unknown[] = await this.ds.query('SELECT 1 FROM document WHERE meeting_id = $1 AND symbol = $2', [meeting.id, symbol]);
    if (!exists.length) throw this.notFound(code, ref);
    const max = this.config.DOCUMENT_MAX_BYTES;
    const declaredLength = Number(body.headers['content-length']);
    if (Number.isFinite(declaredLength) && declaredLength > max) throw tooLarge(max);

    const temp = await this.tempPath();
    try {
      const received = await receive(body, temp, max);
      if (received.size === 0) throw new UnprocessableEntityException('The upload is empty.');
      let format: DocumentFormat;
      try {
        format = await detectFormat(temp, received.size);
      } catch (e) {
        if (e instanceof FormatError)
          throw e.status === 415 ? new UnsupportedMediaTypeException(e.message) : new UnprocessableEntityException(e.message);
        throw e;
      }
      const mediaType = DOCUMENT_MEDIA_TYPES[format];
      if (declaredType !== 'application/octet-stream' && declaredType !== mediaType)
        throw new UnsupportedMediaTypeException(`The content is ${format.toUpperCase()} (${mediaType}) but was sent as ${declaredType}.`);
      const key = storageKey(received.sha256);
      await this.storage.putFile(key, temp, { size: received.size, mediaType, sha256: received.sha256 });

      const fileId = await this.writer.write(code, async (em, m) => {
        const [doc] = (await em.query(
          'SELECT id, symbol, type, title, distribution, revision_of, revision FROM document WHERE meeting_id = $1 AND symbol = $2 FOR UPDATE',
          [m.id, symbol],
        )) as { id: string; symbol: string; type: string; title: DocumentDto['title']; distribution: Distribution }[];
        if (!doc) throw this.notFound(code, ref);
        const [{ next }] = (await em.query(
          'SELECT COALESCE(max(version), 0) + 1 AS next FROM document_file WHERE document_id = $1 AND language = $2',
          [doc.id, lang],
        )) as { next: number }[];
        // The meeting row is locked until commit and this write appends exactly one change, so
        // its seq is last_seq + 1 (secretariat-only documents append none).
        const announce = doc.distribution !== 'secretariat';
        const [{ last_seq }] = (await em.query('SELECT last_seq FROM meeting WHERE id = $1', [m.id])) as { last_seq: string }[];
        const seq = announce ? Number(last_seq) + 1 : null;
        const [{ id }] = (await em.query(
          `INSERT INTO document_file (document_id, language, version, sha256, size, media_type, format, storage_key, uploaded_by, seq)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [doc.id, lang, next, received.sha256, received.size, mediaType, format, key, caller.id, seq],
        )) as { id: string }[];
        const cfg = TS_CONFIG[lang];
        const title = (doc.title as Record<string, string>)[lang] ?? doc.title.en;
        await em.query(
          `INSERT INTO document_language (document_id, language, latest_file_id, ts_config, search)
           VALUES ($1, $2, $3, $4::text, setweight(to_tsvector($4::regconfig, $5::text), 'A') || setweight(to_tsvector($4::regconfig, $6::text), 'A'))
           ON CONFLICT (document_id, language) DO UPDATE
             SET latest_file_id = EXCLUDED.latest_file_id, search = EXCLUDED.search, updated_at = now()`,
          [doc.id, lang, id, cfg, title, symbol],
        );
        await em.query(
          `UPDATE document SET published_at = COALESCE(published_at, now()), last_seq = COALESCE($2, last_seq), updated_at = now() WHERE id = $1`,
          [doc.id, seq],
        );
        const change = await this.changeDto(em, doc.id, lang, next, received, format);
        return {
          result: id,
          changes: announce
            ? [
                {
                  visibility: doc.distribution === 'public' ? 'public' : 'participants',
                  body: { kind: 'document.published', document: change },
                },
              ]
            : [],
        };
      });
      this.resolved.clear(); // this process serves the new version at once; others within RESOLVE_TTL_MS
      await this.processing.dispatch(fileId);
      const document = await this.one(code, ref, caller);
      const file = document.languages.find((l) => l.language === lang)!.latest;
      return { document, file };
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /**
   * Corrects a document's metadata (secretariat): titles, type, agenda items, distribution.
   * If-Match carries the edit revision. Published documents announce it on the change feed
   * (see metadataChanges for who learns what); a new title is re-indexed for search at once.
   */
  async update(code: string, ref: string, ifMatch: number | null, input: UpdateDocument, caller: Caller): Promise<DocumentDto> {
    const symbol = symbolOfRef(ref);
    if (!symbol) throw this.notFound(code, ref);
    await this.writer.write(code, async (em, meeting) => {
      const [doc] = (await em.query(
        'SELECT id, distribution, published_at, edit_revision FROM document WHERE meeting_id = $1 AND symbol = $2 FOR UPDATE',
        [meeting.id, symbol],
      )) as { id: string; distribution: Distribution; published_at: Date | null; edit_revision: number }[];
      if (!doc) throw this.notFound(code, ref);
      checkRevision(ifMatch, doc.edit_revision, 'document');
      if (input.agendaItemIds) await this.checkAgendaItems(em, meeting, input.agendaItemIds);
      await em.query(
        `UPDATE document SET title = COALESCE($2::jsonb, title), type = COALESCE($3, type), distribution = COALESCE($4, distribution),
                edit_revision = edit_revision + 1, updated_at = now()
          WHERE id = $1`,
        [doc.id, input.title ? JSON.stringify(input.title) : null, input.type ?? null, input.distribution ?? null],
      );
      if (input.agendaItemIds) {
        await em.query('DELETE FROM document_agenda_item WHERE document_id = $1', [doc.id]);
        await this.linkAgendaItems(em, doc.id, input.agendaItemIds);
      }
      if (input.title) await em.query(reindexSearch('dl.document_id = $1'), [doc.id]);
      const metadata = await this.metadataDto(em, doc.id);
      return { result: doc.id, changes: doc.published_at ? metadataChanges(doc.distribution, metadata) : [] };
    });
    this.resolved.clear(); // downloads follow a new distribution at once here, within RESOLVE_TTL_MS elsewhere
    return this.one(code, symbolRef(symbol), caller);
  }

  // ------------------------------------------------------------------ bundles and the manifest

  /** Files of the agenda item's current documents in `lang` (or their `original`), for the ZIP. */
  async bundle(code: string, agendaItemId: string, lang: string, caller: Caller | null): Promise<{ item: string; files: ResolvedFile[] }> {
    if (!isDocumentLanguage(lang)) throw new NotFoundException(`No language ${lang}.`);
    const meeting = await this.meeting(code);
    const items: { number: string }[] = await this.ds.query('SELECT number FROM agenda_item WHERE id = $1 AND meeting_id = $2', [
      agendaItemId,
      meeting.id,
    ]);
    if (!items.length) throw new NotFoundException(`No agenda item ${agendaItemId} in ${code}.`);
    const level = await this.accessLevel(caller, code);
    const rows: FileRow[] = await this.ds.query(
      `${FILE_SELECT}
        WHERE d.meeting_id = $1 AND ${visible('d')} AND f.id = dl.latest_file_id
          AND EXISTS (SELECT 1 FROM document_agenda_item x WHERE x.document_id = d.id AND x.agenda_item_id = $4)
          AND (dl.language = $5 OR (dl.language = 'original'
               AND NOT EXISTS (SELECT 1 FROM document_language y WHERE y.document_id = d.id AND y.language = $5)))
          AND NOT EXISTS (SELECT 1 FROM document s WHERE s.meeting_id = d.meeting_id AND s.revision_of = d.revision_of
                             AND s.revision > d.revision AND ${visible('s')})
        ${ORDER}`,
      [meeting.id, OPEN_TO[level], level === 'secretariat', agendaItemId, lang],
    );
    return { item: items[0].number, files: rows.map((r) => fileOf(r, true)) };
  }

  /**
   * The meeting's manifest as the caller may see it: every version of every visible published
   * document, serialized once; the signature covers exactly these bytes.
   */
  async manifest(code: string, caller: Caller | null): Promise<{ body: Buffer; signature: Buffer }> {
    const meeting = await this.meeting(code);
    const level = await this.accessLevel(caller, code);
    const lastSeq = await this.heads.get(meeting.id);
    const rows: (ManifestEntry & { uploadedAt: Date; format: DocumentFormat })[] = await this.ds.query(
      `SELECT d.symbol, f.language, f.version, f.sha256, f.size::float8 AS size, f.format, f.uploaded_at AS "uploadedAt"
         FROM document d JOIN document_file f ON f.document_id = d.id
        WHERE d.meeting_id = $1 AND d.distribution = ANY($2::text[]) AND ($3::boolean OR d.published_at IS NOT NULL)
        ${ORDER}, array_position(ARRAY['ar','zh','en','fr','ru','es','original'], f.language), f.version`,
      [meeting.id, OPEN_TO[level], level === 'secretariat'],
    );
    const manifest: DocumentManifest = {
      meeting: code,
      audience: level,
      lastSeq,
      algorithm: 'Ed25519',
      publicKeyUrl: `${this.config.PUBLIC_URL}${PUBLIC_KEY_PATH}`,
      entries: rows.map((r) => ({
        symbol: r.symbol,
        language: r.language,
        version: r.version,
        sha256: r.sha256,
        size: r.size,
        fileName: documentFileName(r.symbol, r.language, r.format),
        publishedAt: new Date(r.uploadedAt).toISOString(),
      })),
    };
    const body = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
    return { body, signature: this.signing.sign(body) };
  }

  // ------------------------------------------------------------------ helpers

  /** The document's metadata as the change feed carries it. */
  private async metadataDto(
    em: EntityManager,
    documentId: string,
  ): Promise<DocumentMetadataDto & { revision: number; revisionOf: string }> {
    const [d] = (await em.query(
      `SELECT d.id, d.symbol, d.type, d.title, d.distribution, d.revision, d.revision_of, d.edit_revision,
              COALESCE((SELECT json_agg(json_build_object('id', a.id, 'number', a.number) ORDER BY x.position)
                          FROM document_agenda_item x JOIN agenda_item a ON a.id = x.agenda_item_id WHERE x.document_id = d.id), '[]'::json) AS agenda_items
         FROM document d WHERE d.id = $1`,
      [documentId],
    )) as {
      id: string;
      symbol: string;
      type: DocumentChangeDto['type'];
      title: DocumentChangeDto['title'];
      distribution: Distribution;
      revision: number;
      revision_of: string;
      edit_revision: number;
      agenda_items: DocumentChangeDto['agendaItems'];
    }[];
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

  private async changeDto(
    em: EntityManager,
    documentId: string,
    lang: DocumentLanguage,
    version: number,
    received: { sha256: string; size: number },
    format: DocumentFormat,
  ): Promise<DocumentChangeDto> {
    const { revision, revisionOf, ...metadata } = await this.metadataDto(em, documentId);
    return {
      ...metadata,
      language: lang,
      version,
      sha256: received.sha256,
      size: received.size,
      fileName: documentFileName(metadata.symbol, lang, format),
      supersedes: revision > 0 ? revisionOf : null,
    };
  }

  private async linkAgendaItems(em: EntityManager, documentId: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await em.query(
      `INSERT INTO document_agenda_item (document_id, agenda_item_id, position)
       SELECT $1, id, ord FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [documentId, ids],
    );
  }

  private async checkAgendaItems(em: EntityManager, meeting: LockedMeeting, ids: string[]): Promise<void> {
    if (!ids.length) return;
    if (new Set(ids).size !== ids.length) throw new UnprocessableEntityException('agendaItemIds lists an agenda item twice.');
    const found: { id: string }[] = await em.query('SELECT id FROM agenda_item WHERE id = ANY($1::uuid[]) AND meeting_id = $2', [
      ids,
      meeting.id,
    ]);
    const known = new Set(found.map((f) => f.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw new UnprocessableEntityException(`agendaItemIds: no agenda item ${missing.join(', ')} in ${meeting.code}.`);
  }

  private async tempPath(): Promise<string> {
    const dir = this.storage instanceof LocalStorage ? this.storage.incomingDir : join(tmpdir(), 'cop-documents-incoming');
    await mkdir(dir, { recursive: true });
    return join(dir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
  }

  private toDto(r: DocumentRow, code: string, history: boolean): DocumentDto {
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
      uploadedBy: f.uploaded_by,
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
}

/**
 * Who learns what of a metadata correction of a published document, by its distribution before
 * and after. Whoever may see it now gets document.updated in full; whoever saw it and no longer
 * may gets document.removed with its id only; the public gets a bare `redacted` entry for a
 * document it never saw. Secretariat-only documents are not announced (like their uploads);
 * secretariat clients, which still see a removed document, re-read it.
 */
export function metadataChanges(before: Distribution, metadata: DocumentMetadataDto): FeedWork<unknown>['changes'] {
  const updated = { kind: 'document.updated' as const, document: metadata };
  const removed = { kind: 'document.removed' as const, document: { id: metadata.id } };
  switch (metadata.distribution) {
    case 'public':
      return [{ visibility: 'public', body: updated }];
    case 'participants':
      return [{ visibility: 'participants', body: updated, publicBody: before === 'public' ? removed : undefined }];
    case 'secretariat':
      return before === 'secretariat' ? [] : [{ visibility: before, body: removed }];
  }
}

const FILE_SELECT = `
  SELECT d.id AS document_id, d.symbol, d.distribution, f.id AS file_id, f.language, f.version, f.sha256, f.size, f.media_type,
         f.format, f.storage_key
    FROM document_file f
    JOIN document d ON d.id = f.document_id
    JOIN meeting m ON m.id = d.meeting_id
    JOIN document_language dl ON dl.document_id = d.id AND dl.language = f.language`;

interface FileRow {
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

function fileOf(r: FileRow, latest: boolean): ResolvedFile {
  return {
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

const tooLarge = (max: number) =>
  new PayloadTooLargeException({
    message: `Files may be at most ${max} bytes (${(max / 1024 / 1024).toFixed(0)} MiB).`,
    headers: { Connection: 'close' },
  });

/** Streams a request body to `path`, hashing and counting; rejects past `max` bytes or if the client goes away. */
async function receive(body: IncomingMessage, path: string, max: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) return done(tooLarge(max));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const aborted = new Promise<never>((_, reject) => {
    body.once('aborted', () => reject(new HttpException('The upload was interrupted.', HttpStatus.BAD_REQUEST)));
  });
  aborted.catch(() => undefined);
  const out = createWriteStream(path, { flags: 'wx', mode: 0o640 });
  try {
    await Promise.race([pipeline(body, meter, out), aborted]);
  } catch (e) {
    out.destroy();
    if (e instanceof HttpException) throw e;
    throw new HttpException('The upload was interrupted.', HttpStatus.BAD_REQUEST);
  }
  if (!body.complete) throw new HttpException('The upload was interrupted.', HttpStatus.BAD_REQUEST);
  // On disk before it becomes visible: the rename that follows must not expose a hole after a crash.
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: hash.digest('hex'), size };
}
