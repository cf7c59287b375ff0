import * as auth from '../../auth';
import { locale, t } from '../../i18n';
import { mountMeetingPage } from '../../meeting-page';
import { Connection, Icon, LiveRegion, MeetingBanner } from '../../meeting-ui';
import type { Page, PageContext } from '../../router';
import { clock } from '../../time';
import { setTitle } from '../../ui';
import { DayTabs } from './day-tabs';
import { Filters } from './filters';
import { scheduleView, type ScheduleView } from './schedule-view';
import { DayPanel } from './session-list';

export interface ScheduleHooks {
  retry(): void;
}

const CALENDAR_ICON = 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4';
const LOCK_ICON = 'M6 11h12v10H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3';

/** `/meetings/:code/schedule`: the day-by-day programme, kept current by the meeting's feed. */
export function schedulePage(ctx: PageContext, hooks: ScheduleHooks): Promise<Page> {
  return mountMeetingPage(ctx, hooks.retry, (store) => {
    const view = scheduleView(ctx.url, store);
    return {
      // A new language: everything is rendered again in it.
      render: (language) => <Schedule key={language} view={view} />,
      // For `npm run bench -- portal` (and the browser's performance panel): every row of the day is in the DOM.
      shown: () =>
        performance.mark('schedule:rendered', { detail: { sessions: ctx.root.querySelector('.session-list')?.childElementCount ?? 0 } }),
      dispose: () => view.dispose(),
    };
  });
}

function Schedule({ view }: { view: ScheduleView }) {
  const m = view.meeting.value;
  setTitle(t('schedule.docTitle'), m.shortTitle);
  const asOf = view.asOf.value;
  const stale = view.stale.value;
  const code = encodeURIComponent(m.code);
  const here = window.location.pathname + window.location.search;
  return (
    <>
      <MeetingBanner meeting={m} crumbs={[[t('schedule.heading')]]} />
      <div class="wrap schedule">
        <div class="schedule-bar">
          <h2 class="schedule-heading" id="schedule-heading">
            {t('schedule.heading')}
          </h2>
          <Connection status={view.store.status.value} />
        </div>
        {/* A saved copy (until the feed has caught up), or a feed lost because the network is gone. */}
        <p class="offline-note" role="status" hidden={!stale}>
          {stale && asOf ? t('offline.scheduleAsOf', { time: clock(asOf, view.zone.value, locale()) }) : ''}
        </p>
        <DayTabs view={view} />
        <Filters view={view} />
        <DayPanel view={view} />
        <div class="schedule-aside">
          <p>
            <Icon d={CALENDAR_ICON} class="icon-calendar" />
            <a href={`/api/meetings/${code}/calendar.ics`} data-external="">
              {t('schedule.calendarFeed')}
            </a>
          </p>
          {auth.token() ? null : (
            <p>
              <Icon d={LOCK_ICON} class="icon-lock" />
              <a href={`/login?next=${encodeURIComponent(here)}`}>{t('schedule.signInHint')}</a>
            </p>
          )}
        </div>
      </div>
      <LiveRegion announcer={view.announcer} />
    </>
  );
}
