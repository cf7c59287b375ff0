/**
 * Dates and times. Session times are instants (ISO with the venue's offset); they are shown in
 * either the venue's zone or the viewer's own with Intl.DateTimeFormat. Meeting days are plain
 * calendar dates (YYYY-MM-DD) and are formatted in UTC so no zone can shift them.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/**
 * Results of the formatToParts calls a schedule makes for every row (the same few start times
 * and zones again and again): a first render of a few hundred sessions spent most of its script
 * time in them. Bounded, since a long-open page sees new instants as time goes on.
 */
function memo<T>(compute: (key: string) => T, limit = 2000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= limit) cache.clear();
      cache.set(key, (v = compute(key)));
    }
    return v;
  };
}

let viewerZone: string | undefined;
/** The viewer's own IANA zone (UTC when the browser will not say). */
export function viewerTimeZone(): string {
  if (viewerZone === undefined) {
    try {
      viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    } catch {
      viewerZone = 'UTC';
    }
  }
  return viewerZone;
}

const dayOf = memo((key) => {
  const [timeZone, ms] = key.split('|');
  const parts = fmt('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(Number(ms)));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
});

/** The calendar day (YYYY-MM-DD) of `at` in `timeZone`. */
export function dayIn(at: Date, timeZone: string): string {
  return dayOf(`${timeZone}|${at.getTime()}`);
}

/** Every day from start to end inclusive (YYYY-MM-DD). */
export function daysBetween(start: string, end: string): string[] {
  const out: string[] = [];
  const d = new Date(`${start}T12:00:00Z`);
  const last = new Date(`${end}T12:00:00Z`);
  for (let i = 0; d <= last && i < 366; i++) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

const asUtcNoon = (day: string) => new Date(`${day}T12:00:00Z`);

/** "Tue" / "4 Nov" parts for a day tab. */
export function dayTabParts(day: string, locale: string): { weekday: string; date: string } {
  const d = asUtcNoon(day);
  return {
    weekday: fmt(locale, { timeZone: 'UTC', weekday: 'short' }).format(d),
    date: fmt(locale, { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(d),
  };
}

/** "Tuesday 4 November 2025". */
export function longDay(day: string, locale: string): string {
  return fmt(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(asUtcNoon(day));
}

/** "Tue 4 Nov". */
export function shortDay(day: string, locale: string): string {
  return fmt(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(asUtcNoon(day));
}

/** "3–7 November 2025". */
export function dateRange(start: string, end: string, locale: string): string {
  const f = fmt(locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
  return start === end ? f.format(asUtcNoon(start)) : f.formatRange(asUtcNoon(start), asUtcNoon(end));
}

/** "15:00" in `timeZone` (24-hour clock whatever the locale's habit, as on UN schedules). */
export function clock(at: Date, timeZone: string, locale: string): string {
  return fmt(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

const HOUR_MS = 3_600_000;
const abbreviationAt = memo((key) => {
  const [timeZone, locale, hour] = key.split('|');
  const at = new Date(Number(hour) * HOUR_MS);
  const part = (style: 'short' | 'shortOffset') =>
    fmt(locale, { timeZone, timeZoneName: style, hour: 'numeric' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const short = part('short');
  const offset = part('shortOffset');
  return !short || short === offset || /^(GMT|UTC)[+-−]/.test(short) ? offset || timeZone : `${short}, ${offset}`;
});

/** "CET" / "GMT-5": the zone's short name at `at`, for labels. */
export function zoneAbbreviation(timeZone: string, locale: string, at: Date): string {
  // By the hour: zones change their offset on the hour or half hour, and a label a few minutes
  // early about it matters less than a formatToParts per schedule row.
  return abbreviationAt(`${timeZone}|${locale}|${Math.floor(at.getTime() / HOUR_MS)}`);
}

/** "Zurich" from "Europe/Zurich"; "Sao Paulo" from "America/Sao_Paulo". */
export function zoneCity(timeZone: string): string {
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}
