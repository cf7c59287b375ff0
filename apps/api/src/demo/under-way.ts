/**
 * The demo as if the meeting were under way: its week placed around today at the venue, every
 * session that has ended concluded, a plenary on air (a resumed night session when the clock
 * is outside the day's plenaries, as COPs hold them), one session cancelled and one postponed
 * among those to come, so "now", "next", "live" and the changes show at once.
 */
import type { SessionStatus } from '@cop/contracts';
import { DateTime } from 'luxon';
import { parseInstant } from '../calendar/rules';
import { demoDays, demoSessions, type DemoSession } from './demo-meeting';

export interface TimedDemoSession extends DemoSession {
  startsAt: Date;
  endsAt: Date;
  status: SessionStatus;
  /** Why it was cancelled or postponed, as the secretariat would say. */
  statusReason?: string;
}

export interface DemoWeek {
  days: string[];
  sessions: TimedDemoSession[];
  /** The plenary on air (under way now), when the week is around today. */
  onAir: TimedDemoSession | null;
}

const PLENARY_HALL = 'Room 1 (Plenary hall)';
const RESUMED = {
  en: 'Plenary (resumed session)',
  fr: 'Séance plénière (reprise)',
  es: 'Sesión plenaria (continuación)',
  ru: 'Пленарное заседание (возобновлённое)',
  zh: '全体会议（续会）',
  ar: 'جلسة عامة (مستأنفة)',
};
const MINUTE = 60_000;

/** The historical week as scheduled (`firstDay`), or the week around `now` under way. */
export function demoWeek(timeZone: string, options: { firstDay?: string; now?: Date } = {}): DemoWeek {
  const timed = (days: string[]) =>
    demoSessions(days).map((s) => ({
      ...s,
      startsAt: parseInstant(`${s.day}T${s.start}`, timeZone)!,
      endsAt: parseInstant(`${s.day}T${s.end}`, timeZone)!,
      status: s.status ?? ('scheduled' as SessionStatus),
    }));
  if (options.firstDay) {
    const days = demoDays(options.firstDay);
    return { days, sessions: timed(days), onAir: null };
  }
  const now = options.now ?? new Date();
  // Today is the third of five days: two concluded before it, two still to come.
  const first = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day').minus({ days: 2 }).toISODate()!;
  const days = demoDays(first);
  const sessions = timed(days).map((s) => ({
    ...s,
    status: (s.endsAt <= now ? 'concluded' : s.type === 'plenary' && s.startsAt <= now ? 'live' : 'scheduled') as SessionStatus,
  }));
  let onAir = sessions.find((s) => s.status === 'live') ?? null;
  if (!onAir) onAir = resumePlenary(sessions, now, timeZone);
  markChanges(sessions, now);
  return { days, sessions, onAir };
}

/** A plenary on air when the clock is between plenaries: a resumed session until the next one (or two hours). */
function resumePlenary(sessions: TimedDemoSession[], now: Date, timeZone: string): TimedDemoSession {
  const hall = sessions.filter((s) => s.room === PLENARY_HALL).sort((a, b) => +a.startsAt - +b.startsAt);
  const before = hall.filter((s) => s.endsAt <= now).at(-1);
  const next = hall.find((s) => s.startsAt > now);
  // The next plenary is about to open: it opened a little early instead.
  if (next && +next.startsAt - +now < 30 * MINUTE) {
    next.startsAt = new Date(Math.floor((+now - 5 * MINUTE) / (5 * MINUTE)) * 5 * MINUTE);
    next.status = 'live';
    return next;
  }
  const start = Math.max(before ? +before.endsAt : 0, Math.floor((+now - 45 * MINUTE) / (15 * MINUTE)) * 15 * MINUTE);
  const end = Math.min(next ? +next.startsAt : Infinity, Math.ceil((+now + 2 * 60 * MINUTE) / (15 * MINUTE)) * 15 * MINUTE);
  const day = DateTime.fromMillis(start, { zone: timeZone }).toISODate()!;
  // It resumes the day's last plenary business.
  const resuming = hall.filter((s) => s.day <= day).at(-1) ?? hall[0];
  const resumed: TimedDemoSession = {
    day,
    start: '',
    end: '',
    type: 'plenary',
    title: RESUMED,
    room: PLENARY_HALL,
    agenda: resuming.agenda,
    visibility: 'public',
    startsAt: new Date(start),
    endsAt: new Date(end),
    status: 'live',
  };
  sessions.push(resumed);
  return resumed;
}

/** One contact group still to come cancelled, and the press briefing (or a side event) postponed. */
function markChanges(sessions: TimedDemoSession[], now: Date): void {
  const ahead = sessions.filter((s) => s.startsAt > now && s.status === 'scheduled');
  const cancelled = ahead.find((s) => s.type === 'contact-group') ?? ahead.find((s) => s.type !== 'plenary');
  if (cancelled) {
    cancelled.status = 'cancelled';
    cancelled.statusReason = 'Merged with the contact group on budget and programme of work.';
  }
  const postponed =
    ahead.find((s) => s.type === 'press-briefing' && s !== cancelled) ?? ahead.find((s) => s.type === 'side-event' && s !== cancelled);
  if (postponed) {
    postponed.status = 'postponed';
    postponed.statusReason = 'The plenary is running late; a new time will be announced.';
  }
}
