/**
 * Wall-clock times in the venue's zone, as the console edits them: a day (YYYY-MM-DD) and
 * minutes after midnight. The API reads a date-time without an offset in the meeting's zone, so
 * the console sends `2025-11-04T10:15` and never computes an offset to save.
 */
import { clock, dayIn } from '../../time';

/** The grid's granularity, and the step of a keyboard move. */
export const STEP_MIN = 15;

export interface VenueTime {
  day: string;
  minutes: number;
}

/** Where the instant `iso` falls on the venue's wall clock. */
export function venueTime(iso: string, zone: string): VenueTime {
  const at = new Date(iso);
  const [h, m] = clock(at, zone, 'en-GB').split(':').map(Number);
  return { day: dayIn(at, zone), minutes: h * 60 + m };
}

/** "09:05" for 545 minutes. */
export function hhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** 545 for "09:05"; NaN for anything else. */
export function minutesOf(value: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

/** The venue-local date-time the API reads in the meeting's zone. */
export function venueIso(day: string, minutes: number): string {
  return `${day}T${hhmm(minutes)}`;
}

/** The instant (ms) of a venue wall-clock time: the zone's offset at that moment, found in two passes. */
export function instantOf(day: string, minutes: number, zone: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000;
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const seen = venueTime(new Date(guess).toISOString(), zone);
    const seenWall = Date.parse(`${seen.day}T00:00:00Z`) + seen.minutes * 60_000;
    guess += wall - seenWall;
  }
  return guess;
}
