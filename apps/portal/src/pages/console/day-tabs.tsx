import { DayTabs as DayTabList } from '../../day-tabs';
import type { ConsoleState } from './console-state';
import { venueTime } from './venue-time';

/** The console's day tabs: every day of the meeting (and any day a session was moved to). */
export function DayTabs({ state }: { state: ConsoleState }) {
  const counts = new Map<string, number>();
  for (const s of state.store.sessions.value.values()) {
    const day = venueTime(s.startsAt, state.zone.value).day;
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const select = (day: string) => {
    state.moving.value = null;
    state.day.value = day;
    // The address names the day, so a reload or a shared link opens on it.
    const url = new URL(window.location.href);
    url.searchParams.set('day', day);
    history.replaceState(null, '', url);
  };
  return (
    <DayTabList
      days={state.days.value}
      open={state.day.value}
      counts={counts}
      idPrefix="cs-tab-"
      panelId="cs-day-panel"
      onSelect={select}
    />
  );
}
