/**
 * Where signing in leads when no page asked for it: the place the role works, in the meeting
 * that is on (else the next to open, else the latest), rather than the list of meetings.
 */
import type { MeetingDto } from '@cop/contracts/calendar';
import { api } from './api';
import { dayIn, viewerTimeZone } from './time';

type MeetingSummary = Pick<MeetingDto, 'code' | 'startDate' | 'endDate' | 'timeZone'>;

const PLACES: Record<string, (code: string) => string> = {
  secretariat: (c) => `/console/${c}/schedule`,
  security: (c) => `/console/${c}/check-in`,
  'focal-point': (c) => `/meetings/${c}/nominate`,
  delegate: (c) => `/meetings/${c}/me`,
  observer: (c) => `/meetings/${c}/me`,
};

/** The meeting a signed-in user most likely came for: on today at its venue, else the next, else the latest. */
export function currentMeeting<T extends MeetingSummary>(meetings: readonly T[], now = new Date()): T | null {
  const today = (m: T) => dayIn(now, m.timeZone || viewerTimeZone());
  const on = meetings.filter((m) => m.startDate <= today(m) && today(m) <= m.endDate);
  if (on.length) return on.sort((a, b) => b.startDate.localeCompare(a.startDate))[0];
  const next = meetings.filter((m) => m.startDate > today(m)).sort((a, b) => a.startDate.localeCompare(b.startDate));
  if (next.length) return next[0];
  return [...meetings].sort((a, b) => b.endDate.localeCompare(a.endDate))[0] ?? null;
}

/** The role's page in the current meeting; the meeting list when the role has none or no meeting is known. */
export async function landingFor(role: string, signal?: AbortSignal): Promise<string> {
  const place = PLACES[role];
  if (!place) return '/';
  try {
    const meeting = currentMeeting(await api<MeetingSummary[]>('/api/meetings', { signal }));
    return meeting ? place(encodeURIComponent(meeting.code)) : '/';
  } catch {
    return '/';
  }
}
