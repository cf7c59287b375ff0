/**
 * `/console/:code/schedule`: the secretariat's schedule editor. The meeting's days as a room ×
 * time grid (a list on narrow screens) kept current by the meeting's feed, the side panel that
 * creates and edits sessions, and the rooms and agenda items of the meeting.
 */
import * as auth from '../../auth';
import { h } from '../../dom';
import { t } from '../../i18n';
import { mountMeetingPage } from '../../meeting-page';
import { Connection, LiveRegion, MeetingBanner } from '../../meeting-ui';
import type { Page, PageContext } from '../../router';
import { text } from '../../session-text';
import { renderMessage, setTitle } from '../../ui';
import './console.css';
import { AgendaEditor } from './agenda-editor';
import { ChangesToday } from './changes-today';
import { ct, loadConsoleStrings } from './console-i18n';
import { ConsoleState } from './console-state';
import { DayList } from './day-list';
import { DayTabs } from './day-tabs';
import { MeetingEditor } from './meeting-editor';
import { RoomsEditor } from './rooms-editor';
import { SessionPanel } from './session-panel';
import { TimeGrid } from './time-grid';

export async function scheduleConsolePage(ctx: PageContext, hooks: { retry(): void }): Promise<Page> {
  await loadConsoleStrings();
  if (auth.user()?.role !== 'secretariat' || !auth.token()) {
    setTitle(ct('cs.title'), ctx.params.code);
    renderMessage(ctx.root, {
      title: ct('cs.title'),
      text: ct('cs.forbidden'),
      tone: auth.token() ? 'error' : 'info',
      actions: [h('a', { class: 'button', href: `/login?next=${encodeURIComponent(ctx.url.pathname)}` }, t('app.signIn'))],
    });
    return {};
  }
  return mountMeetingPage(ctx, hooks.retry, (store) => {
    const state = new ConsoleState(store, ctx.url.searchParams.get('day'));
    return {
      render: (language) => <Console key={language} state={state} />,
      beforeRefresh: loadConsoleStrings,
    };
  });
}

function Console({ state }: { state: ConsoleState }) {
  const m = state.store.meeting.value;
  setTitle(ct('cs.title'), m.shortTitle);
  const open = !!state.panel.value;
  const last = state.lastEdit.value;
  return (
    <>
      <MeetingBanner
        meeting={m}
        heading={ct('cs.title')}
        crumbs={[[t('schedule.heading'), `/meetings/${encodeURIComponent(m.code)}/schedule`], [ct('cs.title')]]}
      />
      <div class="wrap cs">
        <div class="schedule-bar">
          <p class="cs-intro">{ct('cs.intro')}</p>
          <div class="cs-bar-actions">
            {last ? (
              <button type="button" class="button" onClick={() => void state.undo()}>
                {ct('cs.undo', { title: text(last.after.title).text })}
              </button>
            ) : null}
            <Connection status={state.store.status.value} />
          </div>
        </div>
        <DayTabs state={state} />
        <div class={`cs-layout${open ? ' cs-layout-open' : ''}`}>
          <section class="cs-day" id="cs-day-panel" role="tabpanel" aria-labelledby={`cs-tab-${state.day.value}`}>
            <TimeGrid state={state} />
            <DayList state={state} />
          </section>
          <SessionPanel state={state} />
        </div>
        <div class="cs-editors">
          <MeetingEditor state={state} />
          <RoomsEditor state={state} />
          <AgendaEditor state={state} />
          <ChangesToday state={state} />
        </div>
      </div>
      <LiveRegion announcer={state.announcer} />
    </>
  );
}
