import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import archiver from 'archiver';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { documentFileName, languageFileSuffix, type DocumentLanguage } from '@cop/contracts';
import type { Caller } from '../auth/access';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Bundle } from './bundles.service';
import { DownloadAudit } from './download-audit';
import { contentDisposition, matchesIfNoneMatch, parseRange } from './http-range';
import { DOCUMENT_STORAGE, type DocumentStorage } from './storage/storage';
import { VersionCache } from './version-cache';
import type { ResolvedFile } from './version.queries';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Sends stored files over HTTP: conditional and range requests, cache headers, the audit of
 * restricted downloads, and the in-memory cache of hot versions (see VersionCache for bounds).
 */
@Injectable()
export class DownloadService {
  private readonly logger = new Logger(DownloadService.name);
  readonly cache: VersionCache;

  constructor(
    private readonly audit: DownloadAudit,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new VersionCache(config.DOCUMENT_CACHE_BYTES, config.DOCUMENT_CACHE_MAX_FILE_BYTES);
  }

  async send(
    req: FastifyRequest,
    reply: FastifyReply,
    file: ResolvedFile,
    opts: { userId: string | null; via: 'bearer' | 'signed-link'; disposition: 'attachment' | 'inline' },
  ): Promise<void> {
    const restricted = file.distribution !== 'public';
    const etag = `"${file.sha256}"`;
    reply
      .header('ETag', etag)
      .header('Accept-Ranges', 'bytes')
      .header('Content-Disposition', contentDisposition(opts.disposition, documentFileName(file.symbol, file.language, file.format)))
      .header('X-Content-SHA256', file.sha256)
      .header('Cache-Control', restricted ? 'private, no-cache' : file.latest ? 'public, no-cache' : 'public, max-age=31536000, immutable');
    if (opts.via === 'bearer') reply.header('Vary', 'Authorization');
    if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
      void reply.code(304).send();
      return;
    }
    const ifRange = req.headers['if-range'];
    const range =
      typeof ifRange === 'string' && ifRange.trim() !== etag ? { kind: 'full' as const } : parseRange(req.headers.range, file.size);
    if (range.kind === 'unsatisfiable') {
      void reply
        .code(416)
        .header('Content-Range', `bytes */${file.size}`)
        .type('application/json')
        .send({
          statusCode: 416,
          error: 'Range Not Satisfiable',
          message: `The file has ${file.size} bytes; the requested range lies beyond its end.`,
        });
      return;
    }
    const part = range.kind === 'partial' ? { start: range.start, end: range.end } : null;
    if (restricted) {
      try {
        await this.audit.record(file, opts.userId, opts.via, req.ip ?? null, part);
      } catch (e) {
        // No audit, no download.
        this.logger.error(`Download audit failed: ${(e as Error).message}`);
        throw new ServiceUnavailableException('Downloads of restricted documents are unavailable right now; try again shortly.');
      }
    }
    reply.type(file.mediaType);
    if (part) reply.code(206).header('Content-Range', `bytes ${part.start}-${part.end}/${file.size}`);
    const whole = await this.cache.getOrLoad(file.sha256, file.size, async () => readAll(await this.storage.read(file.storageKey)));
    if (whole) {
      void reply.send(part ? whole.subarray(part.start, part.end + 1) : whole);
      return;
    }
    reply.header('Content-Length', String(part ? part.end - part.start + 1 : file.size));
    void reply.send(await this.storage.read(file.storageKey, part ?? undefined));
  }

  /** Streams a ZIP (stored, not compressed: PDFs and OOXML are compressed already) with a SHA256SUMS file. */
  async sendBundle(
    req: FastifyRequest,
    reply: FastifyReply,
    code: string,
    language: string,
    bundle: Bundle,
    caller: Caller | null,
  ): Promise<void> {
    for (const f of bundle.files) if (f.distribution !== 'public') await this.audit.record(f, caller?.id ?? null, 'bundle', req.ip, null);
    const suffix = languageFileSuffix(language as DocumentLanguage);
    const name = `${code}-item-${bundle.item.replace(/[^A-Za-z0-9]+/g, '')}${suffix ? `-${suffix}` : ''}.zip`;
    const archive = archiver('zip', { store: true });
    archive.on('warning', (e) => this.logger.warn(`zip: ${e.message}`));
    archive.on('error', (e) => this.logger.error(`zip: ${e.message}`));
    reply
      .header('Content-Disposition', contentDisposition('attachment', name))
      .header('Cache-Control', bundle.files.some((f) => f.distribution !== 'public') ? 'private, no-store' : 'public, no-cache')
      .header('Vary', 'Authorization')
      .type('application/zip');
    void reply.send(archive);
    const sums: string[] = [];
    try {
      for (const f of bundle.files) {
        const fileName = documentFileName(f.symbol, f.language, f.format);
        sums.push(`${f.sha256}  ${fileName}`);
        const cached = this.cache.get(f.sha256);
        const entry = new Promise((resolve) => archive.once('entry', resolve));
        archive.append(cached ?? (await this.storage.read(f.storageKey)), { name: fileName });
        await entry; // one file open at a time
      }
      archive.append(`${sums.join('\n')}\n`, { name: 'SHA256SUMS' });
      await archive.finalize();
    } catch (e) {
      this.logger.error(`bundle failed: ${(e as Error).message}`);
      archive.abort();
    }
  }
}
