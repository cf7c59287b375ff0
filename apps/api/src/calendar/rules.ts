import { DateTime } from 'luxon';

/** Reads an ISO 8601 time; without an offset it is the venue's local time. Null if invalid. */
export function parseInstant(iso: string, timeZone: string): Date | null {
  const dt = DateTime.fromISO(iso, { zone: timeZone });
  return dt.isValid ? dt.toJSDate() : null;
}

/** ISO 8601 with the venue's offset, e.g. 2025-11-03T10:00:00+01:00. */
export function venueTime(d: Date, timeZone: string): string {
  return DateTime.fromJSDate(d, { zone: timeZone }).toISO({ suppressMilliseconds: true })!;
}

/** The venue's calendar day (YYYY-MM-DD) of an instant. */
export function venueDay(d: Date, timeZone: string): string {
  return DateTime.fromJSDate(d, { zone: timeZone }).toISODate()!;
}

export interface TimingProblem {
  field: 'startsAt' | 'endsAt';
  message: string;
}

/** A session must end after it starts and lie within the meeting's days (venue time). */
export function timingProblems(
  startsAt: Date,
  endsAt: Date,
  meeting: { timeZone: string; startDate: string; endDate: string },
): TimingProblem[] {
  const problems: TimingProblem[] = [];
  if (endsAt.getTime() <= startsAt.getTime()) problems.push({ field: 'endsAt', message: 'must be after startsAt' });
  const first = DateTime.fromISO(meeting.startDate, { zone: meeting.timeZone }).startOf('day');
  const afterLast = DateTime.fromISO(meeting.endDate, { zone: meeting.timeZone }).plus({ days: 1 }).startOf('day');
  const range = `${meeting.startDate} to ${meeting.endDate} (${meeting.timeZone})`;
  if (startsAt < first.toJSDate() || startsAt >= afterLast.toJSDate())
    problems.push({ field: 'startsAt', message: `must fall within the meeting, ${range}` });
  if (endsAt > afterLast.toJSDate() || endsAt <= first.toJSDate())
    problems.push({ field: 'endsAt', message: `must fall within the meeting, ${range}` });
  return problems;
}

/** Half-open intervals: a session ending at 13:00 does not clash with one starting at 13:00. */
export function overlaps(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/** Sessions that no longer occupy their room. */
export const FREES_ROOM = ['cancelled', 'postponed'] as const;
