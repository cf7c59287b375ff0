/**
 * The words the meeting's pages use for sessions: a title in the chosen language, a time range
 * in a zone, and the sentence describing a session change (what the live regions announce).
 */
import type { SessionDto } from '@cop/contracts/calendar';
import { pickText, type LocalizedText } from '@cop/contracts/languages';
import { lang, locale, t } from './i18n';
import type { Applied } from './meeting-calendar';
import { clock, dayIn, shortDay } from './time';

export const text = (value: LocalizedText) => pickText(value, lang());

/** "10:00–13:00" in `zone`. */
export function timeRange(s: { startsAt: string; endsAt: string }, zone: string): string {
  return `${clock(new Date(s.startsAt), zone, locale())}–${clock(new Date(s.endsAt), zone, locale())}`;
}

/** "Plenary moved to 15:00." — in `zone`. */
export function describeSessionChange(applied: Extract<Applied, { kind: 'session' }>, zone: string): string {
  const { before, after, event } = applied;
  const title = (s: SessionDto) => text(s.title).text;
  const when = (s: SessionDto, withDay: boolean) => {
    const start = new Date(s.startsAt);
    const time = clock(start, zone, locale());
    return withDay ? `${shortDay(dayIn(start, zone), locale())}, ${time}` : time;
  };
  if (!after) return before ? t('announce.removed', { title: title(before) }) : '';
  if (!before || event.kind === 'session.created')
    return t('announce.created', { title: title(after), when: `${when(after, true)}, ${after.room.name}` });
  if (event.kind === 'session.cancelled') return t('announce.cancelled', { title: title(after) });
  const parts: string[] = [];
  if (title(before) !== title(after)) parts.push(t('announce.renamed', { old: title(before), title: title(after) }));
  if (before.status !== after.status) {
    if (after.status === 'postponed') parts.push(t('announce.postponed', { title: title(after) }));
    else if (after.status === 'live') parts.push(t('announce.live', { title: title(after) }));
    else if (after.status === 'concluded') parts.push(t('announce.concluded', { title: title(after) }));
    else if (after.status === 'cancelled') parts.push(t('announce.cancelled', { title: title(after) }));
    else parts.push(t('announce.rescheduled', { title: title(after), when: when(after, true) }));
  }
  if (before.startsAt !== after.startsAt && after.status !== 'cancelled') {
    const dayChanged = dayIn(new Date(before.startsAt), zone) !== dayIn(new Date(after.startsAt), zone);
    parts.push(t('announce.moved', { title: title(after), when: when(after, dayChanged) }));
  }
  if (before.room.id !== after.room.id) parts.push(t('announce.room', { title: title(after), room: after.room.name }));
  return parts.length ? parts.join(' ') : t('announce.updated', { title: title(after) });
}
