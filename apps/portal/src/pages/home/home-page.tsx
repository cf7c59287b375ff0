import type { DocumentListDto } from '@cop/contracts/documents';
import type { StreamListDto } from '@cop/contracts/streams';
import { api } from '../../api';
import { locale, t } from '../../i18n';
import { mountMeetingPage } from '../../meeting-page';
import { Connection, LiveRegion, MeetingBanner } from '../../meeting-ui';
import type { Page, PageContext } from '../../router';
import { zoneAbbreviation } from '../../time';
import { setTitle } from '../../ui';
import '../../meeting-pages.css';
import { LatestDocuments, MeetingPages, NowAndNext, OnAirBanner } from './home-sections';
import { homeState, type HomeState } from './home-state';

export interface MeetingPageHooks {
  retry(): void;
  /** A one-line notice above the page (a download that could not start). */
  notice(text: string): void;
}

/** `/meetings/:code`: what is on now and next, the on-air banner, the latest documents, and the way to every page. */
export function homePage(ctx: PageContext, hooks: MeetingPageHooks): Promise<Page> {
  const code = ctx.params.code;
  const base = `/api/meetings/${encodeURIComponent(code)}`;
  return mountMeetingPage(ctx, hooks.retry, async (store) => {
    const [streams, documents] = await Promise.all([
      api<StreamListDto>(`${base}/streams`, { signal: ctx.signal }),
      api<DocumentListDto>(`${base}/documents`, { signal: ctx.signal }),
    ]);
    const home = homeState(store, streams, documents, ctx.signal);
    return {
      // A new language: everything is rendered again in it.
      render: (language) => <Home key={language} home={home} notice={hooks.notice} />,
      dispose: () => home.dispose(),
    };
  });
}

function Home({ home, notice }: { home: HomeState; notice: (message: string) => void }) {
  const m = home.store.meeting.value;
  setTitle(t('home.docTitle'), m.shortTitle);
  return (
    <>
      <MeetingBanner meeting={m} />
      <div class="wrap home">
        <div class="schedule-bar">
          <p class="zone-note">{t('home.timesIn', { zone: zoneAbbreviation(m.timeZone, locale(), new Date()) })}</p>
          <Connection status={home.store.status.value} />
        </div>
        <OnAirBanner home={home} />
        <div class="home-grid">
          <NowAndNext home={home} />
          <LatestDocuments home={home} notice={notice} />
        </div>
        <MeetingPages home={home} />
      </div>
      <LiveRegion announcer={home.announcer} />
    </>
  );
}
