import type { MeetingDto } from '@cop/contracts/calendar';
import { api } from '../api';
import { h, replaceChildren } from '../dom';
import { locale, t } from '../i18n';
import type { Page, PageContext } from '../router';
import { dateRange } from '../time';
import { contentText, isAbort, renderError, renderLoading, setTitle } from '../ui';

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
  const render = () => {
    setTitle(t('meetings.title'));
    replaceChildren(
      ctx.root,
      h(
        'div',
        { class: 'wrap page' },
        h('h1', { class: 'page-title' }, t('meetings.title')),
        h('p', { class: 'page-intro' }, t('meetings.intro')),
        meetings.length
          ? h(
              'ul',
              { class: 'meeting-list', role: 'list' },
              meetings.map((m) => meetingCard(m)),
            )
          : h('p', { class: 'empty' }, t('meetings.none')),
      ),
    );
  };
  render();
  return { refresh: render };
}

function meetingCard(m: MeetingSummary): HTMLElement {
  return h(
    'li',
    { class: 'meeting-card' },
    h(
      'p',
      { class: 'meeting-card-kicker' },
      h('span', { class: 'code-chip' }, m.shortTitle),
      ' ',
      dateRange(m.startDate, m.endDate, locale()),
    ),
    // The title link covers the whole card (CSS ::after), so there is one link per meeting.
    h('h2', { class: 'meeting-card-title' }, h('a', { class: 'card-link', href: homeHref(m.code) }, contentText(m.title))),
    h('p', { class: 'meeting-card-venue' }, m.venue),
    h('p', { class: 'meeting-card-action', 'aria-hidden': 'true' }, t('home.cardAction'), ' ', h('span', { class: 'arrow' }, '→')),
  );
}
