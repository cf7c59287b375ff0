import { ConflictException, Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { DataSource, QueryFailedError } from 'typeorm';
import { z } from 'zod';
import {
  createDocumentSchema,
  updateDocumentSchema,
  DOCUMENT_LANGUAGES,
  symbolRef,
  typeForSeries,
  type ParsedSymbol,
  type DocumentDto,
  type DocumentFileDto,
  type DocumentListDto,
  type DocumentQuery,
} from '@cop/contracts';
import type { Caller } from '../auth/access';
import { FeedHeads } from '../changes/feed-heads.service';
import { FeedWriter } from '../changes/feed-writer.service';
import { checkRevision } from '../common/if-match';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Db } from '../database/db';
import { agendaItemProblems, linkAgendaItems, unlinkAgendaItems } from '../meetings/agenda-items.queries';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { DocumentAccess, seenBy } from './document-access';
import { metadataChanges, publishedChange } from './document-changes';
import { documentNotFound, isDocumentLanguage, symbolOfRef } from './document-ref';
import {
  correctDocument,
  deleteEmptyDocument,
  documentExists,
  findDocument,
  findMetadata,
  insertDocument,
  listDocuments,
  lockDocument,
  markPublished,
  toDocumentDto,
} from './document.queries';
import { FileResolver } from './file-resolver.service';
import { ProcessingQueue } from './processing-queue.service';
import { DOCUMENT_STORAGE, storageKey, type DocumentStorage } from './storage/storage';
import { withReceivedUpload } from './upload-receiver';
import { findLatestFile, insertFile, nextVersion, reindexDocument, setLatestFile } from './version.queries';

type CreateDocument = z.output<typeof createDocumentSchema>;
type UpdateDocument = z.output<typeof updateDocumentSchema> & { symbol?: ParsedSymbol };

const SECRETARIAT: Caller = { id: '', email: '', role: 'secretariat' };

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '23505';

/** Rejects agenda item ids that are listed twice or are not agenda items of the meeting. */
async function checkAgendaItems(db: Db, meeting: { id: string; code: string }, ids: readonly string[]): Promise<void> {
  const problems = await agendaItemProblems(db, meeting.id, ids);
  if (problems.duplicated) throw new UnprocessableEntityException('agendaItemIds lists an agenda item twice.');
  if (problems.unknown.length)
    throw new UnprocessableEntityException(`agendaItemIds: no agenda item ${problems.unknown.join(', ')} in ${meeting.code}.`);
}

/**
 * The documents of a meeting as the caller sees them, and the secretariat's writes: creating a
 * document, publishing a file as the next version of a language, correcting its metadata
 * (which also withdraws it from an audience by narrowing its distribution).
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly writer: FeedWriter,
    private readonly heads: FeedHeads,
    private readonly meetingLookup: MeetingLookup,
    private readonly access: DocumentAccess,
    private readonly files: FileResolver,
    private readonly processing: ProcessingQueue,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(code: string, caller: Caller | null, q: DocumentQuery): Promise<DocumentListDto> {
    const meeting = await this.meetingLookup.get(code);
    const level = await this.access.level(caller, code);
    const lastSeq = await this.heads.get(meeting.id);
    const rows = await listDocuments(this.ds, meeting.id, seenBy(level), q);
    return { meeting: code, lastSeq, documents: rows.map((r) => toDocumentDto(r, code, q.history, level === 'secretariat')) };
  }

  async one(code: string, ref: string, caller: Caller | null): Promise<DocumentDto> {
    const meeting = await this.meetingLookup.get(code);
    const symbol = symbolOfRef(ref);
    const level = await this.access.level(caller, code);
    if (!symbol) throw documentNotFound(code, ref);
    const row = await findDocument(this.ds, meeting.id, seenBy(level), symbol);
    if (!row) throw documentNotFound(code, ref);
    return toDocumentDto(row, code, true, level === 'secretariat');
  }

  async create(code: string, input: CreateDocument): Promise<DocumentDto> {
    const sym = input.symbol;
    try {
      await this.writer.write(code, async (em, meeting) => {
        await checkAgendaItems(em, meeting, input.agendaItemIds);
        const id = await insertDocument(em, meeting.id, sym, {
          type: input.type ?? typeForSeries(sym.series),
          title: input.title,
          distribution: input.distribution,
        });
        await linkAgendaItems(em, 'document', id, input.agendaItemIds);
        // Nothing for clients yet: a document appears in the feed when its first file is stored.
        return { result: id, changes: [] };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictException(`${sym.symbol} already exists in ${code}.`);
      throw e;
    }
    return this.one(code, sym.stem, SECRETARIAT);
  }

  /**
   * Stores one uploaded file as the next version of a language. The body is received to a
   * temporary file and checked (upload-receiver), moved into storage in one atomic step, and
   * only then recorded and announced; the file records the seq the feed gave its announcement.
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
    if (!symbol) throw documentNotFound(code, ref);
    if (!isDocumentLanguage(lang))
      throw new NotFoundException(`No language ${JSON.stringify(lang).slice(0, 40)}: use one of ${DOCUMENT_LANGUAGES.join(', ')}.`);
    const meeting = await this.meetingLookup.get(code);
    if (!(await documentExists(this.ds, meeting.id, symbol))) throw documentNotFound(code, ref);

    return withReceivedUpload(body, declaredType, this.storage, this.config.DOCUMENT_MAX_BYTES, async (upload) => {
      const key = storageKey(upload.sha256);
      await this.storage.putFile(key, upload.path, { size: upload.size, mediaType: upload.mediaType, sha256: upload.sha256 });

      const fileId = await this.writer.write(code, async (em, m, append) => {
        const doc = await lockDocument(em, m.id, symbol);
        if (!doc) throw documentNotFound(code, ref);
        // The same bytes again are no new version: say which version they are, publish nothing.
        const latest = await findLatestFile(em, doc.id, lang);
        if (latest?.sha256 === upload.sha256)
          throw new ConflictException({
            message: `This file is already version ${latest.version} of ${symbol} in this language; nothing was published.`,
            reason: 'same-file',
            version: latest.version,
          });
        const version = await nextVersion(em, doc.id, lang);
        const change = publishedChange(await findMetadata(em, doc.id), lang, version, upload);
        const seq = change ? await append(change) : null;
        const id = await insertFile(em, {
          documentId: doc.id,
          language: lang,
          version,
          sha256: upload.sha256,
          size: upload.size,
          mediaType: upload.mediaType,
          format: upload.format,
          storageKey: key,
          uploadedBy: caller.id,
          seq,
        });
        await setLatestFile(em, { id: doc.id, title: doc.title, symbol }, lang, id);
        await markPublished(em, doc.id, seq);
        return { result: id, changes: [] };
      });
      this.files.forget();
      await this.processing.dispatch(fileId);
      const document = await this.one(code, ref, caller);
      const file = document.languages.find((l) => l.language === lang)!.latest;
      return { document, file };
    });
  }

  /**
   * Removes a document created for an upload that then failed (secretariat): only while it is
   * unpublished and has no file, so nothing anyone saw or downloaded ever disappears (409).
   */
  async discard(code: string, ref: string): Promise<void> {
    const symbol = symbolOfRef(ref);
    if (!symbol) throw documentNotFound(code, ref);
    await this.writer.write(code, async (em, meeting) => {
      const doc = await lockDocument(em, meeting.id, symbol);
      if (!doc) throw documentNotFound(code, ref);
      if (!(await deleteEmptyDocument(em, doc.id)))
        throw new ConflictException(`${symbol} has published files: withdraw it (distribution "secretariat") instead of deleting it.`);
      return { result: doc.id, changes: [] };
    });
  }

  /** Corrects a mistyped symbol (secretariat, If-Match like any correction); 409 when another document has it. */
  async rename(code: string, ref: string, ifMatch: number | null, symbol: ParsedSymbol, caller: Caller): Promise<DocumentDto> {
    return this.update(code, ref, ifMatch, { symbol }, caller);
  }

  /**
   * Corrects a document's metadata (secretariat): titles, type, agenda items, distribution.
   * If-Match carries the edit revision. Published documents announce it on the change feed
   * (see metadataChanges for who learns what); a new title is re-indexed for search at once.
   */
  async update(code: string, ref: string, ifMatch: number | null, input: UpdateDocument, caller: Caller): Promise<DocumentDto> {
    const symbol = symbolOfRef(ref);
    if (!symbol) throw documentNotFound(code, ref);
    try {
      await this.writer.write(code, async (em, meeting) => {
        const doc = await lockDocument(em, meeting.id, symbol);
        if (!doc) throw documentNotFound(code, ref);
        checkRevision(ifMatch, doc.edit_revision, 'document');
        if (input.agendaItemIds) await checkAgendaItems(em, meeting, input.agendaItemIds);
        await correctDocument(em, doc.id, input);
        if (input.agendaItemIds) {
          await unlinkAgendaItems(em, 'document', doc.id);
          await linkAgendaItems(em, 'document', doc.id, input.agendaItemIds);
        }
        if (input.title || input.symbol) await reindexDocument(em, doc.id);
        const metadata = await findMetadata(em, doc.id);
        return { result: doc.id, changes: doc.published_at ? metadataChanges(doc.distribution, metadata) : [] };
      });
    } catch (e) {
      if (input.symbol && isUniqueViolation(e)) throw new ConflictException(`${input.symbol.symbol} already exists in ${code}.`);
      throw e;
    }
    this.files.forget(); // downloads follow a new distribution at once here
    return this.one(code, symbolRef(input.symbol?.symbol ?? symbol), caller);
  }
}
