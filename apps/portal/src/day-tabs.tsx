import { locale, t, tn } from './i18n';
import { dayTabParts } from './time';

export interface DayTabsProps {
  /** The days to offer, in order, as venue-local `YYYY-MM-DD`. */
  days: string[];
  /** The day whose panel is open. */
  open: string;
  counts: ReadonlyMap<string, number>;
  /** Prefix of each tab's id, so pages that may share a document keep distinct ids. */
  idPrefix: string;
  /** The id of the panel the tabs control. */
  panelId: string;
  /** The venue's today, marked on its tab; omitted where the page does not mark it. */
  today?: string;
  onSelect: (day: string) => void;
}

/**
 * A tablist of the meeting's days, each with its session count, for the schedule and the console.
 * Arrow keys (mirrored in right-to-left scripts), Home and End move and select.
 */
export function DayTabs({ days, open, counts, idPrefix, panelId, today, onSelect }: DayTabsProps) {
  const select = (day: string, focus: boolean) => {
    onSelect(day);
    if (focus) document.getElementById(`${idPrefix}${day}`)?.focus();
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
            id={`${idPrefix}${day}`}
            class="day-tab"
            data-day={day}
            data-today={day === today ? '' : undefined}
            aria-selected={selected ? 'true' : 'false'}
            aria-controls={panelId}
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
