import { z } from 'zod';
import { UN_LANGUAGES } from './languages';
import {
  SESSION_STATUSES,
  SESSION_TYPES,
  VISIBILITIES,
  type ErrorBody,
  type MeetingDto,
  type SessionDto,
  type SessionListDto,
} from './calendar';
import type { SameShape } from './same-shape';

// ---------- response schemas: what the API answers (they describe it in /api/openapi.json) ----------

export const localizedTextResponseSchema = z
  .object({ en: z.string(), ...Object.fromEntries(UN_LANGUAGES.filter((l) => l !== 'en').map((l) => [l, z.string().optional()])) })
  .meta({ id: 'LocalizedText', description: 'Text in any of the six UN languages; English is always present.' }) as unknown as z.ZodType<
  SessionDto['title']
>;

export const roomDtoSchema = z.object({ id: z.uuid(), name: z.string(), capacity: z.number().int().nullable() }).meta({ id: 'Room' });
export const agendaItemDtoSchema = z
  .object({ id: z.uuid(), number: z.string(), title: localizedTextResponseSchema })
  .meta({ id: 'AgendaItem' });

export const meetingDtoSchema = z
  .object({
    code: z.string(),
    title: localizedTextResponseSchema,
    shortTitle: z.string(),
    venue: z.string(),
    timeZone: z.string(),
    startDate: z.iso.date(),
    endDate: z.iso.date(),
    lastSeq: z.number().int().describe('The latest change-feed sequence number: subscribe with it to get only what follows.'),
    revision: z.number().int().describe('Send it back in If-Match to change the meeting.'),
    rooms: z.array(roomDtoSchema),
    agendaItems: z.array(agendaItemDtoSchema),
  })
  .meta({ id: 'Meeting' });

export const sessionDtoSchema = z
  .object({
    id: z.uuid(),
    meeting: z.string(),
    type: z.enum(SESSION_TYPES),
    title: localizedTextResponseSchema,
    room: roomDtoSchema,
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    day: z.iso.date().describe("The venue's local day."),
    agendaItems: z.array(agendaItemDtoSchema),
    status: z.enum(SESSION_STATUSES),
    statusReason: z.string().nullable().describe('Why the session was cancelled or postponed, as the secretariat gave it.'),
    visibility: z.enum(VISIBILITIES),
    revision: z.number().int().describe('Send it back in If-Match to change or cancel the session.'),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Session' });

export const sessionListDtoSchema = z
  .object({ meeting: z.string(), timeZone: z.string(), lastSeq: z.number().int(), sessions: z.array(sessionDtoSchema) })
  .meta({ id: 'SessionList' });

/** Every error the API answers: { statusCode, error, message, details? } (HttpErrorFilter). */
export const errorBodySchema = z
  .looseObject({
    statusCode: z.number().int().min(400).max(599),
    error: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

export const responseSchemasMatchCalendar: [
  SameShape<z.infer<typeof meetingDtoSchema>, MeetingDto>,
  SameShape<z.infer<typeof sessionDtoSchema>, SessionDto>,
  SameShape<z.infer<typeof sessionListDtoSchema>, SessionListDto>,
] = [true, true, true];

// ErrorBody has an index signature (extra fields), so only its named fields are checked.
export const errorSchemaMatchesErrorBody: SameShape<
  Pick<z.infer<typeof errorBodySchema>, 'statusCode' | 'error' | 'message'>,
  Pick<ErrorBody, 'statusCode' | 'error' | 'message'>
> = true;
