import { z } from 'zod';
import { localizedTextResponseSchema } from './calendar-response-schemas';
import {
  DISTRIBUTIONS,
  DOCUMENT_LANGUAGES,
  DOCUMENT_MEDIA_TYPES,
  DOCUMENT_SERIES,
  DOCUMENT_TYPES,
  type DocumentDto,
  type DocumentFormat,
  type DocumentListDto,
  type DocumentManifest,
} from './documents';
import type { SameShape } from './same-shape';

// ---------- response schemas: what the documents endpoints answer ----------

const FORMATS = Object.keys(DOCUMENT_MEDIA_TYPES) as [DocumentFormat, ...DocumentFormat[]];
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const documentFileDtoSchema = z
  .object({
    version: z.number().int().min(1),
    sha256,
    size: z.number().int().min(0),
    mediaType: z.string(),
    format: z.enum(FORMATS),
    fileName: z.string(),
    pageCount: z.number().int().nullable(),
    processing: z.enum(['pending', 'done', 'failed']),
    uploadedAt: z.iso.datetime({ offset: true }),
    uploadedBy: z.string().nullable().describe("The uploading account's id, for the secretariat; null for everyone else."),
    url: z.string().describe('Relative URL of this exact version.'),
  })
  .meta({ id: 'DocumentFile' });

export const documentLanguageDtoSchema = z
  .object({
    language: z.enum(DOCUMENT_LANGUAGES),
    latest: documentFileDtoSchema,
    versions: z.array(documentFileDtoSchema).optional(),
    publishedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'DocumentLanguage' });

export const documentDtoSchema = z
  .object({
    id: z.uuid(),
    meeting: z.string(),
    symbol: z.string(),
    ref: z.string().describe('The URL path segment naming this document (the symbol with hyphens).'),
    series: z.enum(DOCUMENT_SERIES),
    type: z.enum(DOCUMENT_TYPES),
    title: localizedTextResponseSchema,
    agendaItems: z.array(z.object({ id: z.uuid(), number: z.string() })),
    distribution: z.enum(DISTRIBUTIONS),
    base: z.string().nullable(),
    supersededBy: z.string().nullable(),
    supersedes: z.array(z.string()),
    publishedAt: z.iso.datetime({ offset: true }).nullable(),
    updatedAt: z.iso.datetime({ offset: true }),
    seq: z.number().int().nullable(),
    editRevision: z.number().int().describe('Send it back in If-Match when correcting.'),
    languages: z.array(documentLanguageDtoSchema),
  })
  .meta({ id: 'Document' });

export const documentListDtoSchema = z
  .object({ meeting: z.string(), lastSeq: z.number().int(), documents: z.array(documentDtoSchema) })
  .meta({ id: 'DocumentList' });

export const documentManifestSchema = z
  .object({
    meeting: z.string(),
    audience: z.enum(['public', 'participants', 'secretariat']),
    lastSeq: z.number().int(),
    algorithm: z.literal('Ed25519'),
    publicKeyUrl: z.string(),
    entries: z.array(
      z.object({
        symbol: z.string(),
        language: z.enum(DOCUMENT_LANGUAGES),
        version: z.number().int(),
        sha256,
        size: z.number().int(),
        fileName: z.string(),
        publishedAt: z.iso.datetime({ offset: true }),
      }),
    ),
  })
  .meta({ id: 'DocumentManifest' });

export const responseSchemasMatchDocuments: [
  SameShape<z.infer<typeof documentDtoSchema>, DocumentDto>,
  SameShape<z.infer<typeof documentListDtoSchema>, DocumentListDto>,
  SameShape<z.infer<typeof documentManifestSchema>, DocumentManifest>,
] = [true, true, true];
