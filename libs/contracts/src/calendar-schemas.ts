import { z } from 'zod';
import { UN_LANGUAGES, type LocalizedText } from './languages';
import { isValidTimeZone, SESSION_STATUSES, SESSION_TYPES, VISIBILITIES } from './calendar';

// ---------- request schemas (validated by the API) ----------

const nonBlank = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const localizedTextSchema = z
  .object(
    Object.fromEntries(UN_LANGUAGES.map((l) => [l, nonBlank(500).optional()])) as Record<
      (typeof UN_LANGUAGES)[number],
      z.ZodOptional<z.ZodString>
    >,
  )
  .strict()
  .refine((t) => typeof t.en === 'string', { message: 'an English title (en) is required', path: ['en'] })
  .transform((t) => t as LocalizedText);

/** ISO 8601 date-time; without an offset it is read in the meeting's time zone. */
export const dateTimeSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/,
    'must be an ISO 8601 date-time such as 2025-11-03T10:00:00+01:00',
  );

const uuid = z.string().uuid('must be a UUID');
const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2025-11-03');

/** Why a session is cancelled or postponed: plain text, shown on the schedule. */
const statusReasonSchema = z.string().trim().min(1, 'must not be blank').max(500, 'must be at most 500 characters');

/** DELETE /sessions/:id (cancel): an optional reason. */
export const cancelSessionSchema = z.object({ reason: statusReasonSchema.optional() }).strict();

export const createSessionSchema = z
  .object({
    type: z.enum(SESSION_TYPES),
    title: localizedTextSchema,
    roomId: uuid,
    startsAt: dateTimeSchema,
    endsAt: dateTimeSchema,
    agendaItemIds: z.array(uuid).max(50).default([]),
    status: z.enum(SESSION_STATUSES).default('scheduled'),
    visibility: z.enum(VISIBILITIES).default('public'),
    /** Set to true to schedule deliberately over another session in the same room. */
    allowOverlap: z.boolean().default(false),
  })
  .strict();
export type CreateSessionInput = z.input<typeof createSessionSchema>;

export const updateSessionSchema = z
  .object({
    type: z.enum(SESSION_TYPES).optional(),
    title: localizedTextSchema.optional(),
    roomId: uuid.optional(),
    startsAt: dateTimeSchema.optional(),
    endsAt: dateTimeSchema.optional(),
    agendaItemIds: z.array(uuid).max(50).optional(),
    status: z.enum(SESSION_STATUSES).optional(),
    visibility: z.enum(VISIBILITIES).optional(),
    /** Why it is cancelled or postponed; only with (or while in) one of those statuses; null clears it. */
    reason: statusReasonSchema.nullable().optional(),
    allowOverlap: z.boolean().default(false),
  })
  .strict();
export type UpdateSessionInput = z.input<typeof updateSessionSchema>;

export const sessionQuerySchema = z
  .object({
    day: dateOnly.optional(),
    room: uuid.optional(),
    type: z.enum(SESSION_TYPES).optional(),
  })
  .strict();

export const createRoomSchema = z.object({ name: nonBlank(120), capacity: z.number().int().positive().max(100000).optional() }).strict();
export const updateRoomSchema = createRoomSchema.partial().strict();

export const createAgendaItemSchema = z
  .object({
    number: z
      .string()
      .trim()
      .regex(/^\d{1,2}( \([a-z]\)( \((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))?)?$/, 'must look like 5 or 5 (b) or 5 (b) (ii)'),
    title: localizedTextSchema,
  })
  .strict();
export const updateAgendaItemSchema = createAgendaItemSchema.partial().strict();

export const createMeetingSchema = z
  .object({
    code: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. mc-cop-6')
      .max(40),
    title: localizedTextSchema,
    shortTitle: nonBlank(40),
    venue: nonBlank(300),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Zurich'),
    startDate: dateOnly,
    endDate: dateOnly,
  })
  .strict()
  .refine((m) => m.endDate >= m.startDate, { message: 'must not be before startDate', path: ['endDate'] });

/** PATCH /api/meetings/:code: any of the meeting's own fields (the code is its identity and stays). */
export const updateMeetingSchema = z
  .object({
    title: localizedTextSchema,
    shortTitle: nonBlank(40),
    venue: nonBlank(300),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Zurich'),
    startDate: dateOnly,
    endDate: dateOnly,
  })
  .partial()
  .strict()
  .refine((m) => Object.keys(m).length > 0, { message: 'must name at least one field to change' });

export const loginSchema = z
  .object({ email: z.string().trim().toLowerCase().email('must be an email address').max(254), password: z.string().min(1).max(1024) })
  .strict();
