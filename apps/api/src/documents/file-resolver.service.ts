import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/access';
import { Memo } from '../common/memo';
import { DocumentAccess, seenBy } from './document-access';
import { documentNotFound, isDocumentLanguage, symbolOfRef } from './document-ref';
import { findFile, findFileById, type ResolvedFile } from './version.queries';

/** A new version uploaded through another process shows within this. */
const RESOLVE_TTL_MS = 1000;
const MAX_RESOLVED = 10_000;

/** Which stored file a download URL names, for this caller: the hot path of every download. */
@Injectable()
export class FileResolver {
  private readonly resolved = new Memo<ResolvedFile | null>({ ttlMs: RESOLVE_TTL_MS, max: MAX_RESOLVED });

  constructor(
    private readonly ds: DataSource,
    private readonly access: DocumentAccess,
  ) {}

  /** The file to download: the latest version of a language, or `version`; 404 when not visible. */
  async resolve(code: string, ref: string, lang: string, version: number | null, caller: Caller | null): Promise<ResolvedFile> {
    const symbol = symbolOfRef(ref);
    if (!symbol || !isDocumentLanguage(lang)) throw documentNotFound(code, ref);
    const level = await this.access.downloadLevel(caller, code);
    const file = await this.resolved.get(`${code}|${symbol}|${lang}|${version ?? ''}|${level}`, () =>
      findFile(this.ds, code, symbol, lang, version, seenBy(level).distributions),
    );
    if (!file) throw new NotFoundException(`No ${lang} version${version ? ` ${version}` : ''} of ${ref} in ${code}.`);
    return file;
  }

  /** A file by id, for signed links (DocumentLinks judges who may use them). */
  byId(fileId: string): Promise<ResolvedFile | null> {
    if (!/^[0-9a-f-]{36}$/i.test(fileId)) return Promise.resolve(null);
    return findFileById(this.ds, fileId);
  }

  /** After a write here: this process serves what changed at once, others within RESOLVE_TTL_MS. */
  forget(): void {
    this.resolved.clear();
  }
}
