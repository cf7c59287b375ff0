import type { LocalizedText } from './languages';

// Zod-free on purpose: the portal imports it at runtime (request schemas live in calendar-schemas.ts).

export const SESSION_TYPES = [
  'plenary',
  'committee',
  'contact-group',
  'regional-group',
  'bureau',
  'side-event',
  'press-briefing',
  'other',
] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

export const SESSION_STATUSES = ['scheduled', 'live', 'postponed', 'cancelled', 'concluded'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const VISIBILITIES = ['public', 'participants'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** focal-point: the contact of a Party or observer organization; security: checks badges at the venue. */
export const ROLES = ['secretariat', 'delegate', 'observer', 'focal-point', 'security'] as const;
export type Role = (typeof ROLES)[number];

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}

// ---------- response shapes ----------

export interface RoomDto {
  id: string;
  name: string;
  capacity: number | null;
}

export interface AgendaItemDto {
  id: string;
  number: string;
  title: LocalizedText;
}

export interface MeetingDto {
  code: string;
  title: LocalizedText;
  shortTitle: string;
  venue: string;
  timeZone: string;
  startDate: string;
  endDate: string;
  /** Bumped on every edit of the meeting itself; PATCH sends it back in If-Match. */
  revision: number;
  /** The latest change-feed sequence number: subscribe with this to get only what follows. */
  lastSeq: number;
  rooms: RoomDto[];
  agendaItems: AgendaItemDto[];
}

export interface SessionDto {
  id: string;
  meeting: string;
  type: SessionType;
  title: LocalizedText;
  room: RoomDto;
  /** ISO 8601 with the venue's offset, e.g. 2025-11-03T10:00:00+01:00 */
  startsAt: string;
  endsAt: string;
  /** The venue's local day, YYYY-MM-DD. */
  day: string;
  agendaItems: AgendaItemDto[];
  status: SessionStatus;
  /** Why it was cancelled or postponed, as the secretariat wrote it; null otherwise. */
  statusReason: string | null;
  visibility: Visibility;
  revision: number;
  updatedAt: string;
}

export interface SessionListDto {
  meeting: string;
  timeZone: string;
  lastSeq: number;
  sessions: SessionDto[];
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Field-level problems, e.g. [{ field: 'endsAt', message: 'must be after startsAt' }] */
  details?: { field: string; message: string }[];
  [extra: string]: unknown;
}
