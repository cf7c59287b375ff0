import { locale, t, tn } from '../../i18n';
import { dayTabParts } from '../../time';
import type { ConsoleState } from './console-state';
import { venueTime } from './venue-time';

/**
 * The console's day tabs: every day of the meeting (and any day a session was moved to), with
 * its session count. Arrow keys (mirrored in right-to-left scripts), Home and End move and select.
 */
export function DayTabs({ state }: { state: ConsoleState }) {
  const days = state.days.value;
  const open = state.day.value;
  const counts = new Map<string, number>();
  for (const s of state.store.sessions.value.values()) {
    const day = venueTime(s.startsAt, state.zone.value).day;
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const select = (day: string, focus: boolean) => {
    state.moving.value = null;
    state.day.value = day;
    // The address names the day, so a reload or a shared link opens on it.
    const url = new URL(window.location.href);
    url.searchParams.set('day', day);
    history.replaceState(null, '', url);
    if (focus) document.getElementById(`cs-tab-${day}`)?.focus();
  };
  const onKey = (e: KeyboardEvent, day: string) => {
    const rtl = document.documentElement.dir === 'rtl';
    const i = days.indexOf(day);
    let next: number;
    if (e.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) next = (i + 1) % days.length;
    else if (e.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) next = (i - 1 + days.length) % days.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = days.length - 1;
    else return;
    e.preventDefault();
    select(days[next], true);
  };
  return (
    <div class="day-tabs" role="tablist" aria-label={t('schedule.days')}>
      {days.map((day) => {
        const parts = dayTabParts(day, locale());
        const selected = day === open;
        return (
          <button
            key={day}
            type="button"
            role="tab"
            id={`cs-tab-${day}`}
            class="day-tab"
            data-day={day}
            aria-selected={selected ? 'true' : 'false'}
            aria-controls="cs-day-panel"
            tabIndex={selected ? 0 : -1}
            onClick={() => select(day, false)}
            onKeyDown={(e) => onKey(e, day)}
          >
            <span class="day-tab-weekday">{parts.weekday}</span> <span class="day-tab-date">{parts.date}</span>{' '}
            <span class="day-tab-count">{tn('schedule.count', counts.get(day) ?? 0)}</span>
          </button>
        );
      })}
    </div>
  );
}
