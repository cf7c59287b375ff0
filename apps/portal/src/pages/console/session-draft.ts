/**
 * The session being edited in the panel, as the form holds it (venue wall-clock times, a title
 * per language), and what follows from it: the body to POST, the fields to PATCH (only those the
 * secretariat changed, so a reapplied edit never overwrites another editor's other fields), the
 * clash with another session of the room, and the field-by-field differences of two copies.
 */
import type { SessionDto, SessionStatus, SessionType, Visibility } from '@cop/contracts/calendar';
import { UN_LANGUAGES, type LocalizedText, type UnLanguage } from '@cop/contracts/languages';
import { instantOf, minutesOf, venueIso, venueTime } from './venue-time';

export interface Draft {
  title: Record<UnLanguage, string>;
  type: SessionType;
  roomId: string;
  day: string;
  /** "HH:MM" on the venue's clock. */
  start: string;
  end: string;
  agendaItemIds: string[];
  visibility: Visibility;
  status: SessionStatus;
  /** Why it is cancelled or postponed (sent only with those statuses). */
  reason: string;
}

/** The fields the panel edits, in its order; the 412 notice names them with the same labels. */
export const DRAFT_FIELDS = ['title', 'type', 'roomId', 'day', 'start', 'end', 'agendaItemIds', 'visibility', 'status'] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];

/** Statuses that leave the room free (the API's rule: they never clash). */
const FREES_ROOM: readonly SessionStatus[] = ['cancelled', 'postponed'];

const blankTitle = (): Record<UnLanguage, string> => Object.fromEntries(UN_LANGUAGES.map((l) => [l, ''])) as Record<UnLanguage, string>;

export function draftOf(s: SessionDto, zone: string): Draft {
  const start = venueTime(s.startsAt, zone);
  const end = venueTime(s.endsAt, zone);
  const title = blankTitle();
  for (const l of UN_LANGUAGES) title[l] = s.title[l] ?? '';
  return {
    title,
    type: s.type,
    roomId: s.room.id,
    day: start.day,
    start: venueIso(start.day, start.minutes).slice(11),
    // A session ending at midnight or later is shown ending at 24:00 of its day.
    end: end.day === start.day ? venueIso(end.day, end.minutes).slice(11) : '23:59',
    agendaItemIds: s.agendaItems.map((a) => a.id),
    visibility: s.visibility,
    status: s.status,
    reason: s.statusReason ?? '',
  };
}

export function newDraft(roomId: string, day: string, startMinutes: number): Draft {
  const end = Math.min(startMinutes + 60, 23 * 60 + 59);
  return {
    title: blankTitle(),
    type: 'other',
    roomId,
    day,
    start: venueIso(day, startMinutes).slice(11),
    end: venueIso(day, end).slice(11),
    agendaItemIds: [],
    visibility: 'public',
    status: 'scheduled',
    reason: '',
  };
}

function titleOf(d: Draft): LocalizedText {
  const out: Partial<Record<UnLanguage, string>> = {};
  for (const l of UN_LANGUAGES) if (d.title[l].trim()) out[l] = d.title[l].trim();
  return out as LocalizedText;
}

/** What is wrong with the draft before it is sent (the API checks again). */
export function problemsOf(d: Draft): ('needEnglish' | 'endAfterStart')[] {
  const out: ('needEnglish' | 'endAfterStart')[] = [];
  if (!d.title.en.trim()) out.push('needEnglish');
  if (!(minutesOf(d.end) > minutesOf(d.start))) out.push('endAfterStart');
  return out;
}

export function createBody(d: Draft, allowOverlap: boolean) {
  return {
    type: d.type,
    title: titleOf(d),
    roomId: d.roomId,
    startsAt: venueIso(d.day, minutesOf(d.start)),
    endsAt: venueIso(d.day, minutesOf(d.end)),
    agendaItemIds: d.agendaItemIds,
    status: d.status,
    visibility: d.visibility,
    allowOverlap,
  };
}

const same = (a: Draft, b: Draft, f: DraftField) => JSON.stringify(a[f]) === JSON.stringify(b[f]);

/** The fields of `d` that differ from `base`, as a PATCH body. */
export function patchOf(d: Draft, base: Draft, allowOverlap: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { allowOverlap };
  if (!same(d, base, 'title')) body.title = titleOf(d);
  if (!same(d, base, 'type')) body.type = d.type;
  if (!same(d, base, 'roomId')) body.roomId = d.roomId;
  // Times go together: a new day moves both ends.
  if (!same(d, base, 'day') || !same(d, base, 'start') || !same(d, base, 'end')) {
    body.startsAt = venueIso(d.day, minutesOf(d.start));
    body.endsAt = venueIso(d.day, minutesOf(d.end));
  }
  if (!same(d, base, 'agendaItemIds')) body.agendaItemIds = d.agendaItemIds;
  if (!same(d, base, 'visibility')) body.visibility = d.visibility;
  if (!same(d, base, 'status')) body.status = d.status;
  // The API keeps a reason only for a cancelled or postponed session; empty clears it.
  if (FREES_ROOM.includes(d.status) && (d.reason.trim() !== base.reason.trim() || body.status)) body.reason = d.reason.trim() || null;
  return body;
}

/** The fields in which two drafts differ. */
export function changedFields(a: Draft, b: Draft): DraftField[] {
  return DRAFT_FIELDS.filter((f) => !same(a, b, f));
}

/** The first other session holding the draft's room at its time (none when the draft frees the room). */
export function clashOf(d: Draft, sessions: Iterable<SessionDto>, zone: string, selfId: string | null): SessionDto | null {
  if (FREES_ROOM.includes(d.status)) return null;
  const start = instantOf(d.day, minutesOf(d.start), zone);
  const end = instantOf(d.day, minutesOf(d.end), zone);
  if (!(end > start)) return null;
  for (const s of sessions) {
    if (s.id === selfId || s.room.id !== d.roomId || FREES_ROOM.includes(s.status)) continue;
    if (Date.parse(s.startsAt) < end && start < Date.parse(s.endsAt)) return s;
  }
  return null;
}
