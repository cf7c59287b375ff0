import { locale, t, tn } from '../../i18n';
import { dayTabParts } from '../../time';
import type { ScheduleView } from './schedule-view';

/**
 * The day tabs: one per day of the meeting (and any day a session moved to), with its session
 * count. Arrow keys (mirrored in right-to-left scripts), Home and End move and select.
 */
export function DayTabs({ view }: { view: ScheduleView }) {
  const days = view.days.value;
  const today = view.today();
  const open = view.day.value;
  const counts = view.countByDay.value;

  const select = (day: string, focus: boolean) => {
    view.day.value = day;
    if (focus) document.getElementById(`tab-${day}`)?.focus();
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
            id={`tab-${day}`}
            class="day-tab"
            data-day={day}
            data-today={day === today ? '' : undefined}
            aria-selected={selected ? 'true' : 'false'}
            aria-controls="schedule-panel"
            tabIndex={selected ? 0 : -1}
            onClick={() => select(day, false)}
            onKeyDown={(e) => onKey(e, day)}
          >
            {/* The spaces keep the tab's accessible name readable: "Tue Today 4 Nov 3 sessions". */}
            <span class="day-tab-weekday">
              {parts.weekday}
              {day === today ? (
                <>
                  {' '}
                  <span class="day-tab-today">{t('schedule.today')}</span>
                </>
              ) : null}
            </span>{' '}
            <span class="day-tab-date">{parts.date}</span> <span class="day-tab-count">{tn('schedule.count', counts.get(day) ?? 0)}</span>
          </button>
        );
      })}
    </div>
  );
}
