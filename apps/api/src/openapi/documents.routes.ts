import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  createDocumentSchema,
  documentDtoSchema,
  documentListDtoSchema,
  documentManifestSchema,
  documentQuerySchema,
  DOCUMENT_LANGUAGES,
  DOCUMENT_MEDIA_TYPES,
  renameDocumentSchema,
  updateDocumentSchema,
} from '@cop/contracts';
import { bundleQuery, downloadQuery, linkBody, linkQuery } from '../documents/documents.controller';
import { code, ifMatch, operation, uuid } from './operation';

const S = ['secretariat'] as ['secretariat'];
const ref = z.string().describe('The symbol with hyphens, e.g. UNEP-MC-COP.6-INF-26');
const lang = z.enum(DOCUMENT_LANGUAGES);

/** Session documents, their language versions, bundles, signed links and the signed manifest. */
export const documentPaths: ZodOpenApiPathsObject = {
  '/api/meetings/{code}/documents': {
    get: operation({
      access: 'anyone',
      tag: 'documents',
      summary: 'Documents the caller may see (search, filters)',
      path: { code },
      query: documentQuerySchema,
      ok: { schema: documentListDtoSchema },
    }),
    post: operation({
      access: S,
      tag: 'documents',
      summary: 'Register a document by its UN symbol',
      path: { code },
      body: createDocumentSchema,
      ok: { status: 201, schema: documentDtoSchema },
      errors: [409, 422],
    }),
  },
  '/api/meetings/{code}/documents/manifest.json': {
    get: operation({
      access: 'anyone',
      tag: 'documents',
      summary: 'Every visible file with its SHA-256 (signed, see .sig)',
      path: { code },
      ok: { schema: documentManifestSchema },
    }),
  },
  '/api/meetings/{code}/documents/manifest.json.sig': {
    get: operation({
      access: 'anyone',
      tag: 'documents',
      summary: 'Ed25519 signature of manifest.json (base64)',
      path: { code },
      ok: { contentType: 'text/plain' },
    }),
  },
  '/api/meetings/{code}/documents/{ref}/symbol': {
    put: operation({
      access: S,
      tag: 'documents',
      summary: 'Correct a mistyped symbol (the document answers at its new address)',
      path: { code, ref },
      headers: { 'if-match': ifMatch },
      body: renameDocumentSchema,
      ok: { schema: documentDtoSchema },
      errors: [409, 412, 428],
    }),
  },
  '/api/meetings/{code}/documents/{ref}': {
    delete: operation({
      access: S,
      tag: 'documents',
      summary: 'Delete a document never published and without a file (an upload that failed)',
      path: { code, ref },
      ok: { status: 204, description: 'Deleted' },
      errors: [409],
    }),
    get: operation({
      access: 'anyone',
      tag: 'documents',
      summary: 'One document with its language versions',
      path: { code, ref },
      ok: { schema: documentDtoSchema },
    }),
    patch: operation({
      access: S,
      tag: 'documents',
      summary: "Correct a document's metadata",
      path: { code, ref },
      headers: { 'if-match': ifMatch },
      body: updateDocumentSchema,
      ok: { schema: documentDtoSchema },
      errors: [412, 428],
    }),
  },
  '/api/meetings/{code}/documents/{ref}/files/{lang}': {
    get: operation({
      access: 'anyone',
      tag: 'documents',
      summary: 'Download a language version (latest, or ?version=N)',
      path: { code, ref, lang },
      query: downloadQuery,
      ok: { contentType: 'application/octet-stream' },
    }),
    put: operation({
      access: S,
      tag: 'documents',
      summary: 'Publish a language version (raw file body, streamed)',
      path: { code, ref, lang },
      fileBody: Object.values(DOCUMENT_MEDIA_TYPES),
      ok: { status: 201, schema: documentDtoSchema },
      errors: [409, 413, 415, 422],
    }),
  },
  '/api/meetings/{code}/documents/{ref}/files/{lang}/link': {
    post: operation({
      access: 'anyone',
      tag: 'documents',
      summary: 'A signed, expiring download link for a file the caller may read',
      path: { code, ref, lang },
      body: linkBody,
      ok: { schema: z.looseObject({ url: z.string() }) },
    }),
  },
  '/api/meetings/{code}/document-bundles/{agendaItemId}': {
    get: operation({
      access: 'anyone',
      tag: 'documents',
      summary: "A ZIP of an agenda item's documents in one language",
      path: { code, agendaItemId: uuid },
      query: bundleQuery,
      ok: { contentType: 'application/zip' },
    }),
  },
  '/api/document-links/{fileId}/{name}': {
    get: operation({
      access: 'anyone',
      tag: 'documents',
      summary: 'Follow a signed download link (judged at each use)',
      path: { fileId: uuid, name: z.string() },
      query: linkQuery,
      ok: { contentType: 'application/octet-stream' },
    }),
  },
  '/.well-known/cop-documents-key.pem': {
    get: operation({
      access: 'anyone',
      tag: 'documents',
      summary: 'The Ed25519 public key the manifest is signed with',
      ok: { contentType: 'application/x-pem-file' },
    }),
  },
};
