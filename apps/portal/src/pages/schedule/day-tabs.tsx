import { DayTabs as DayTabList } from '../../day-tabs';
import type { ScheduleView } from './schedule-view';

/** The schedule's day tabs: one per day of the meeting (and any day a session moved to), today marked. */
export function DayTabs({ view }: { view: ScheduleView }) {
  return (
    <DayTabList
      days={view.days.value}
      open={view.day.value}
      counts={view.countByDay.value}
      idPrefix="tab-"
      panelId="schedule-panel"
      today={view.today()}
      onSelect={(day) => {
        view.day.value = day;
      }}
    />
  );
}
