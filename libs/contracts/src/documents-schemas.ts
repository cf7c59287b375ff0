import { z } from 'zod';
import { localizedTextSchema } from './calendar-schemas';
import { DISTRIBUTIONS, DOCUMENT_LANGUAGES, DOCUMENT_TYPES, parseSymbol } from './documents';

// ---------- request schemas ----------

const uuid = z.string().uuid('must be a UUID');

export const symbolSchema = z.string().transform((s, ctx) => {
  const r = parseSymbol(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  }
  return r.value;
});

export const createDocumentSchema = z
  .object({
    symbol: symbolSchema,
    title: localizedTextSchema,
    /** Defaults to the type the symbol's series implies. */
    type: z.enum(DOCUMENT_TYPES).optional(),
    agendaItemIds: z.array(uuid).max(20).default([]),
    distribution: z.enum(DISTRIBUTIONS).default('public'),
  })
  .strict();
export type CreateDocumentInput = z.input<typeof createDocumentSchema>;

/** A metadata correction (secretariat): any of these; the title replaces all language titles. */
export const updateDocumentSchema = z
  .object({
    title: localizedTextSchema.optional(),
    type: z.enum(DOCUMENT_TYPES).optional(),
    agendaItemIds: z.array(uuid).max(20).optional(),
    distribution: z.enum(DISTRIBUTIONS).optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), {
    message: 'name at least one of title, type, agendaItemIds, distribution',
  });
/** A mistyped symbol corrected (secretariat; its own request, since the document's address changes with it). */
export const renameDocumentSchema = z.object({ symbol: symbolSchema }).strict();

export type UpdateDocumentInput = z.input<typeof updateDocumentSchema>;

const isoInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, 'must be an ISO 8601 instant with offset');

export const documentQuerySchema = z
  .object({
    agendaItem: uuid.optional(),
    type: z.enum(DOCUMENT_TYPES).optional(),
    language: z.enum(DOCUMENT_LANGUAGES).optional(),
    distribution: z.enum(DISTRIBUTIONS).optional(),
    /** Published (a file stored) after this change seq, or after this instant. */
    since: z.union([z.string().regex(/^\d+$/).transform(Number), isoInstant]).optional(),
    /** Full-text search over titles and extracted text. */
    q: z.string().trim().min(1).max(200).optional(),
    /** Include superseded revisions (default: only the latest of each line). */
    history: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .default(false),
  })
  .strict();
export type DocumentQuery = z.output<typeof documentQuerySchema>;
