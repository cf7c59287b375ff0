import type { MeetingDto } from '@cop/contracts/calendar';
import { render } from 'preact';
import { api } from '../api';
import { ContentText } from '../content-text';
import { locale, t } from '../i18n';
import type { Page, PageContext } from '../router';
import { dateRange } from '../time';
import { isAbort, renderError, renderLoading, setTitle } from '../ui';
import { emptyRoot } from '../page-root';

type MeetingSummary = Omit<MeetingDto, 'rooms' | 'agendaItems'>;

export const homeHref = (code: string): string => `/meetings/${encodeURIComponent(code)}`;

/** `/` and `/meetings`: every meeting, newest first, each linking to its overview. */
export async function meetingsPage(ctx: PageContext, retry: () => void): Promise<Page> {
  renderLoading(ctx.root);
  let meetings: MeetingSummary[];
  try {
    meetings = await api<MeetingSummary[]>('/api/meetings', { signal: ctx.signal });
  } catch (e) {
    if (isAbort(e)) throw e;
    renderError(ctx.root, e, retry);
    return {};
  }
  const show = () => {
    setTitle(t('meetings.title'));
    render(<MeetingList meetings={meetings} />, ctx.root);
  };
  emptyRoot(ctx.root);
  show();
  return { dispose: () => render(null, ctx.root), refresh: show };
}

function MeetingList({ meetings }: { meetings: MeetingSummary[] }) {
  return (
    <div class="wrap page">
      <h1 class="page-title">{t('meetings.title')}</h1>
      <p class="page-intro">{t('meetings.intro')}</p>
      {meetings.length ? (
        <ul class="meeting-list" role="list">
          {meetings.map((m) => (
            <MeetingCard key={m.code} m={m} />
          ))}
        </ul>
      ) : (
        <p class="empty">{t('meetings.none')}</p>
      )}
    </div>
  );
}

function MeetingCard({ m }: { m: MeetingSummary }) {
  return (
    <li class="meeting-card">
      <p class="meeting-card-kicker">
        <span class="code-chip">{m.shortTitle}</span> {dateRange(m.startDate, m.endDate, locale())}
      </p>
      {/* The title link covers the whole card (CSS ::after), so there is one link per meeting. */}
      <h2 class="meeting-card-title">
        <a class="card-link" href={homeHref(m.code)}>
          <ContentText text={m.title} />
        </a>
      </h2>
      <p class="meeting-card-venue">{m.venue}</p>
      <p class="meeting-card-action" aria-hidden="true">
        {t('home.cardAction')} <span class="arrow">→</span>
      </p>
    </li>
  );
}
