import { z } from 'zod';
import { STREAM_CHANNELS, STREAM_STATUSES } from './streams';

const uuid = z.string().uuid('must be a UUID');

/** An http(s) URL, or a path on this server such as /media/live/master.m3u8. */
const mediaUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (v) => {
      if (/^\/(?!\/)\S*$/.test(v)) return true;
      try {
        return ['http:', 'https:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: 'must be an http(s) URL or a path starting with /' },
  );

const channelSchema = z
  .object({
    code: z.enum(STREAM_CHANNELS),
    lang: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as fr or zh-Hans')
      .nullable()
      .optional(),
    audioOnlyUrl: mediaUrl,
  })
  .strict();

const channelsSchema = z
  .array(channelSchema)
  .min(1)
  .max(STREAM_CHANNELS.length)
  .refine((cs) => new Set(cs.map((c) => c.code)).size === cs.length, { message: 'lists a channel twice' })
  .refine((cs) => cs.some((c) => c.code === 'floor'), { message: 'must include the floor channel' });

export const createStreamSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(120),
    roomId: uuid.nullable().optional(),
    masterUrl: mediaUrl,
    channels: channelsSchema,
  })
  .strict();
export type CreateStreamInput = z.input<typeof createStreamSchema>;

export const updateStreamSchema = createStreamSchema.partial().strict();

/** What the secretariat changes while the meeting runs; send only what changes. null clears. */
export const streamStatusSchema = z
  .object({
    status: z.enum(STREAM_STATUSES).optional(),
    sessionId: uuid.nullable().optional(),
    agendaItemId: uuid.nullable().optional(),
  })
  .strict()
  .refine((b) => b.status !== undefined || b.sessionId !== undefined || b.agendaItemId !== undefined, {
    message: 'send at least one of status, sessionId, agendaItemId',
    path: ['status'],
  });
export type StreamStatusInput = z.input<typeof streamStatusSchema>;
