import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createDocumentSchema, documentQuerySchema, renameDocumentSchema, updateDocumentSchema, type DocumentQuery } from '@cop/contracts';
import { Access, type Caller } from '../auth/access';
import { CurrentCaller } from '../auth/caller.decorator';
import { revisionFromIfMatch } from '../common/if-match';
import { uuidParam } from '../common/params';
import { ZodPipe } from '../common/zod.pipe';
import { BundleService } from './bundles.service';
import { DocumentLinks } from './document-links';
import { DownloadService } from './download.service';
import { DocumentsService } from './documents.service';
import { FileResolver } from './file-resolver.service';
import { ManifestService } from './manifest.service';
import { PUBLIC_KEY_PATH, SigningService } from './signing.service';

export const downloadQuery = z
  .object({
    version: z.coerce.number().int().min(1).max(1_000_000).optional(),
    disposition: z.enum(['attachment', 'inline']).default('attachment'),
  })
  .strict();

export const linkBody = z.object({ version: z.number().int().min(1).optional() }).strict();

export const linkQuery = z.object({
  by: z.string().max(64).default(''),
  expires: z.string().max(20).default(''),
  sig: z.string().max(100).default(''),
});

export const bundleQuery = z.object({ language: z.string().min(1).max(10) }).strict();

@Controller('api/meetings/:code')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly files: FileResolver,
    private readonly links: DocumentLinks,
    private readonly manifests: ManifestService,
    private readonly bundles: BundleService,
    private readonly downloads: DownloadService,
  ) {}

  /** Documents the caller may see; filters, "new since", full-text search. Latest revisions unless history=true. */
  @Get('documents')
  @Access('anyone')
  list(
    @Param('code') code: string,
    @Query(new ZodPipe(documentQuerySchema, 'query')) q: DocumentQuery,
    @CurrentCaller() caller: Caller | null,
  ) {
    return this.documents.list(code, caller, q);
  }

  @Post('documents')
  @Access(['secretariat'])
  create(@Param('code') code: string, @Body(new ZodPipe(createDocumentSchema)) body: z.output<typeof createDocumentSchema>) {
    return this.documents.create(code, body);
  }

  /** The signed manifest's exact bytes; the Ed25519 signature is at manifest.json.sig and in X-Signature (base64). */
  @Get('documents/manifest.json')
  @Access('anyone')
  async manifest(@Param('code') code: string, @CurrentCaller() caller: Caller | null, @Res() reply: FastifyReply) {
    const { body, signature } = await this.manifests.manifest(code, caller);
    void reply
      .header('Cache-Control', caller ? 'private, no-cache' : 'public, no-cache')
      .header('Vary', 'Authorization')
      .header('X-Signature', signature.toString('base64'))
      .type('application/json')
      .send(body);
  }

  /** The raw 64-byte Ed25519 signature of manifest.json, for `openssl pkeyutl -verify -rawin -sigfile`. */
  @Get('documents/manifest.json.sig')
  @Access('anyone')
  async manifestSignature(@Param('code') code: string, @CurrentCaller() caller: Caller | null, @Res() reply: FastifyReply) {
    const { signature } = await this.manifests.manifest(code, caller);
    void reply.header('Cache-Control', 'no-cache').header('Vary', 'Authorization').type('application/octet-stream').send(signature);
  }

  @Get('documents/:ref')
  @Access('anyone')
  one(@Param('code') code: string, @Param('ref') ref: string, @CurrentCaller() caller: Caller | null) {
    return this.documents.one(code, ref, caller);
  }

  /**
   * Correct titles, type, agenda items or distribution (secretariat). Needs If-Match: <editRevision>
   * (428 without, 412 when someone else corrected it first). Announced on the change feed.
   */
  @Patch('documents/:ref')
  @Access(['secretariat'])
  update(
    @Param('code') code: string,
    @Param('ref') ref: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodPipe(updateDocumentSchema)) body: z.output<typeof updateDocumentSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.documents.update(code, ref, revisionFromIfMatch(ifMatch), body, caller);
  }

  /** Correct a mistyped symbol (secretariat): If-Match: <editRevision>, 409 when the symbol is taken; answers at the new address. */
  @Put('documents/:ref/symbol')
  @Access(['secretariat'])
  rename(
    @Param('code') code: string,
    @Param('ref') ref: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodPipe(renameDocumentSchema)) body: z.output<typeof renameDocumentSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.documents.rename(code, ref, revisionFromIfMatch(ifMatch), body.symbol, caller);
  }

  /** Delete a document that was never published and has no file (secretariat): a create whose upload failed. 409 otherwise. */
  @Delete('documents/:ref')
  @Access(['secretariat'])
  @HttpCode(204)
  async discard(@Param('code') code: string, @Param('ref') ref: string): Promise<void> {
    await this.documents.discard(code, ref);
  }

  /**
   * Upload the next version of a language (secretariat). The body is the file itself, sent as
   * application/pdf, the DOCX/XLSX media type or application/octet-stream; its content decides.
   */
  @Put('documents/:ref/files/:lang')
  @Access(['secretariat'])
  @HttpCode(201)
  upload(
    @Param('code') code: string,
    @Param('ref') ref: string,
    @Param('lang') lang: string,
    @Req() req: FastifyRequest,
    @CurrentCaller() caller: Caller,
  ) {
    const declared = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    return this.documents.upload(code, ref, lang, req.raw, declared, caller);
  }

  /** Download the latest version of a language, or ?version=N. ETag, Range, If-None-Match. */
  @Get('documents/:ref/files/:lang')
  @Access('anyone')
  async download(
    @Param('code') code: string,
    @Param('ref') ref: string,
    @Param('lang') lang: string,
    @Query(new ZodPipe(downloadQuery, 'query')) q: z.output<typeof downloadQuery>,
    @CurrentCaller() caller: Caller | null,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const file = await this.files.resolve(code, ref, lang, q.version ?? null, caller);
    await this.downloads.send(req, reply, file, { userId: caller?.id ?? null, via: 'bearer', disposition: q.disposition });
  }

  /** A short-lived signed URL for one version (for download managers: no bearer header needed). */
  @Post('documents/:ref/files/:lang/link')
  @Access('anyone')
  @HttpCode(200)
  async link(
    @Param('code') code: string,
    @Param('ref') ref: string,
    @Param('lang') lang: string,
    @Body(new ZodPipe(linkBody)) body: z.output<typeof linkBody>,
    @CurrentCaller() caller: Caller | null,
  ) {
    const file = await this.files.resolve(code, ref, lang, body.version ?? null, caller);
    return this.links.sign(file, caller);
  }

  /** One ZIP of an agenda item's current documents in a language (falling back to the original), streamed. */
  @Get('document-bundles/:agendaItemId')
  @Access('anyone')
  async bundle(
    @Param('code') code: string,
    @Param('agendaItemId', uuidParam) agendaItemId: string,
    @Query(new ZodPipe(bundleQuery, 'query')) q: z.output<typeof bundleQuery>,
    @CurrentCaller() caller: Caller | null,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const bundle = await this.bundles.bundle(code, agendaItemId, q.language, caller);
    await this.downloads.sendBundle(req, reply, code, q.language, bundle, caller);
  }
}

@Controller()
export class DocumentLinksController {
  constructor(
    private readonly links: DocumentLinks,
    private readonly downloads: DownloadService,
    private readonly signing: SigningService,
  ) {}

  /** A signed download link; 403 when it has expired or was tampered with. */
  @Get('api/document-links/:fileId/:name')
  @Access('anyone')
  async signed(
    @Param('fileId') fileId: string,
    @Query(new ZodPipe(linkQuery, 'query')) q: z.output<typeof linkQuery>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const file = await this.links.fileFor(fileId, q.by, q.expires, q.sig);
    if (!file) throw new ForbiddenException('This download link has expired or is not valid; ask for a new one.');
    await this.downloads.send(req, reply, file, { userId: q.by || null, via: 'signed-link', disposition: 'attachment' });
  }

  /** The public half of the secretariat's manifest signing key (Ed25519, SPKI PEM). */
  @Get(PUBLIC_KEY_PATH.slice(1))
  @Access('anyone')
  publicKey(@Res() reply: FastifyReply) {
    void reply.header('Cache-Control', 'public, max-age=3600').type('application/x-pem-file').send(this.signing.publicKeyPem);
  }
}
