import type { LocalizedText } from './languages';
import { LANGUAGE_INFO, UN_LANGUAGES } from './languages';

// Zod-free on purpose: the portal imports the constants and the pure rules below at runtime
// (request schemas live in stream-schemas.ts).

/** What a plenary stream carries: the floor (the speaker's own voice) and one interpretation per UN language. */
export const STREAM_CHANNELS = ['floor', ...UN_LANGUAGES] as const;
export type StreamChannel = (typeof STREAM_CHANNELS)[number];

/** Each channel's name in its own script, as the player's language picker shows it. */
export const CHANNEL_NAMES: Record<StreamChannel, string> = {
  floor: 'Floor',
  ...(Object.fromEntries(UN_LANGUAGES.map((l) => [l, LANGUAGE_INFO[l].name])) as Record<(typeof UN_LANGUAGES)[number], string>),
};

/**
 * scheduled: announced, not started; live: on air; paused: suspended (the session is still
 * under way, e.g. a short recess); ended: over for now (may go live again, e.g. next morning).
 */
export const STREAM_STATUSES = ['scheduled', 'live', 'paused', 'ended'] as const;
export type StreamStatus = (typeof STREAM_STATUSES)[number];

/** Why the secretariat may not move a stream from `from` to `to`, or null when it may. */
export function streamTransitionProblem(from: StreamStatus, to: StreamStatus): string | null {
  if (to === 'paused' && from !== 'live' && from !== 'paused') return `a ${from} stream cannot be paused: only a live one can`;
  return null;
}

/** One interpretation channel and where its audio-only playlist is (for the audio-only mode). */
export interface StreamChannelDto {
  code: StreamChannel;
  /** The channel's name in its own script (Français, Русский, Floor). */
  name: string;
  /** BCP 47 tag of the rendition in the master playlist (LANGUAGE=), when it has one. */
  lang: string | null;
  audioOnlyUrl: string;
}

export interface StreamSessionDto {
  id: string;
  title: LocalizedText;
  startsAt: string;
  endsAt: string;
  status: string;
}

export interface StreamAgendaItemDto {
  id: string;
  number: string;
  title: LocalizedText;
}

export interface StreamDto {
  id: string;
  meeting: string;
  name: string;
  room: { id: string; name: string } | null;
  /** HLS master playlist: one video rendition plus one audio rendition per channel (EXT-X-MEDIA TYPE=AUDIO). */
  masterUrl: string;
  channels: StreamChannelDto[];
  status: StreamStatus;
  /** The calendar session on air, if any. */
  session: StreamSessionDto | null;
  /** "Now in plenary": the agenda item under consideration, set by the secretariat. */
  agendaItem: StreamAgendaItemDto | null;
  /** When status last changed. */
  statusChangedAt: string | null;
  revision: number;
  updatedAt: string;
}

export interface StreamListDto {
  meeting: string;
  /** The change-feed seq this list reflects: subscribe with it to get only what follows. */
  lastSeq: number;
  streams: StreamDto[];
}
