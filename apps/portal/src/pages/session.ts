import type { AgendaItemDto, MeetingDto, SessionDto } from '@cop/contracts/calendar';
import type { DocumentDto, DocumentListDto } from '@cop/contracts/documents';
import { correctedDocumentId, publishedDocument, type ChangeEvent } from '@cop/contracts/feed';
import type { StreamDto, StreamListDto } from '@cop/contracts/streams';
import { ApiError, api } from '../api';
import * as auth from '../auth';
import { documentItem, languageName, shortSymbol } from '../doc-links';
import { h, replaceChildren } from '../dom';
import { locale, t } from '../i18n';
import { FeedConnection, type FeedStatus } from '../feed';
import type { Page, PageContext } from '../router';
import { MeetingCalendar, STATUS_LABELS, TYPE_LABELS } from '../meeting-calendar';
import {
  Announcer,
  connectionElement,
  describeSessionChange,
  keepingFocus,
  renderConnection,
  renderMeetingBanner,
  statusMark,
  text,
  timeRange,
} from '../session-ui';
import { KEYS, store } from '../storage';
import { dayIn, longDay, viewerTimeZone, zoneAbbreviation, zoneCity } from '../time';
import { contentText, renderLoading, renderMeetingLoadFailure, renderMessage, setTitle } from '../ui';
import type { MeetingPageHooks } from './home';
import '../meeting-pages.css';

const onAir = (s: StreamDto) => s.status === 'live' || s.status === 'paused';

type Docs = DocumentDto[] | 'loading' | 'failed';

/** The same page for an unknown id and for a participants-only session the viewer may not see (the API's 404). */
function renderSessionNotFound(root: HTMLElement, meeting: MeetingDto, id: string): void {
  renderMessage(root, {
    title: t('session.notFoundTitle'),
    text: t('session.notFound', { id, meeting: meeting.shortTitle }),
    help: t('session.notFoundHelp'),
    actions: [h('a', { class: 'button', href: `/meetings/${encodeURIComponent(meeting.code)}/schedule` }, t('session.toSchedule'))],
  });
}

/** `/meetings/:code/sessions/:id`: one session, its agenda items and their documents, and its stream while on air. */
export async function sessionPage(ctx: PageContext, hooks: MeetingPageHooks): Promise<Page> {
  const { code, id } = ctx.params;
  const base = `/api/meetings/${encodeURIComponent(code)}`;
  renderLoading(ctx.root);
  let meeting: MeetingDto;
  try {
    // The meeting first: its lastSeq is where the live feed resumes, so nothing after it is missed.
    meeting = await api<MeetingDto>(base, { signal: ctx.signal });
  } catch (e) {
    renderMeetingLoadFailure(ctx.root, code, e, hooks.retry);
    return {};
  }
  let session: SessionDto;
  let streams: StreamListDto;
  try {
    [session, streams] = await Promise.all([
      api<SessionDto>(`${base}/sessions/${encodeURIComponent(id)}`, { signal: ctx.signal }),
      api<StreamListDto>(`${base}/streams`, { signal: ctx.signal }),
    ]);
  } catch (e) {
    // 404: no such session here (or not for this viewer); 400: not even a session id.
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      renderSessionNotFound(ctx.root, meeting, id);
      return {};
    }
    renderMeetingLoadFailure(ctx.root, code, e, hooks.retry);
    return {};
  }
  return new SessionView(ctx, meeting, session, streams.streams, hooks);
}

class SessionView implements Page {
  private readonly state: MeetingCalendar;
  private readonly streams = new Map<string, StreamDto>();
  private readonly docs = new Map<string, Docs>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly base: string;
  private readonly viewerZone = viewerTimeZone();
  private showLocal = store.get(KEYS.localTime) === '1';
  private status: FeedStatus = 'connecting';
  private feed: FeedConnection | null = null;

  private readonly banner = h('section', { class: 'meeting-banner' });
  private readonly conn = connectionElement();
  private readonly body = h('div', { class: 'wrap session-page' });
  private readonly details = h('section', { class: 'home-card session-details', 'aria-labelledby': 'session-details-heading' });
  private readonly onAirBox = h('section', { class: 'home-live session-on-air', 'aria-labelledby': 'session-on-air-heading' });
  private readonly agenda = h('section', { class: 'session-agenda-items', 'aria-labelledby': 'session-agenda-heading' });
  private readonly announcer = new Announcer();

  constructor(
    private readonly ctx: PageContext,
    meeting: MeetingDto,
    session: SessionDto,
    streams: StreamDto[],
    private readonly hooks: MeetingPageHooks,
  ) {
    this.id = session.id;
    this.state = new MeetingCalendar(meeting, {
      meeting: meeting.code,
      timeZone: meeting.timeZone,
      lastSeq: meeting.lastSeq,
      sessions: [session],
    });
    this.base = `/api/meetings/${encodeURIComponent(meeting.code)}`;
    for (const s of streams) this.streams.set(s.id, s);
    this.render();
    this.loadDocuments();
    this.feed = new FeedConnection({
      meeting: meeting.code,
      since: meeting.lastSeq,
      token: auth.token(),
      onChange: (event) => this.onChange(event),
      onStatus: (status) => {
        this.status = status;
        renderConnection(this.conn, status);
      },
      onUnauthorized: () => hooks.onUnauthorized(),
    });
  }

  private readonly id: string;

  dispose(): void {
    this.feed?.close();
    this.feed = null;
    for (const c of this.controllers.values()) c.abort();
    this.announcer.dispose();
  }

  refresh(): void {
    this.render();
  }

  private get meeting(): MeetingDto {
    return this.state.meeting;
  }

  private get session(): SessionDto | undefined {
    return this.state.sessions.get(this.id);
  }

  /** The stream with this session on air, if any. */
  private get stream(): StreamDto | undefined {
    return [...this.streams.values()].find((s) => onAir(s) && s.session?.id === this.id);
  }

  private get zone(): string {
    return this.showLocal ? this.viewerZone : this.meeting.timeZone;
  }

  // ---------- rendering ----------

  private render(): void {
    const s = this.session;
    if (!s) {
      renderSessionNotFound(this.ctx.root, this.meeting, this.id);
      return;
    }
    setTitle(text(s.title).text, this.meeting.shortTitle);
    renderConnection(this.conn, this.status);
    this.renderBanner(s);
    this.renderDetails(s);
    this.renderOnAir();
    this.renderAgenda();
    replaceChildren(
      this.body,
      h('div', { class: 'schedule-bar' }, h('p', { class: 'zone-note' }, this.zoneNote(s)), this.conn),
      this.details,
      this.onAirBox,
      this.agenda,
    );
    if (!this.ctx.root.contains(this.body)) replaceChildren(this.ctx.root, this.banner, this.body, this.announcer.el);
  }

  private renderBanner(s: SessionDto): void {
    const code = encodeURIComponent(this.meeting.code);
    renderMeetingBanner(this.banner, this.meeting, {
      crumbs: [[t('nav.schedule'), `/meetings/${code}/schedule?day=${s.day}`], [text(s.title).text]],
      headingId: 'session-title',
      heading: [statusMark(s), contentText(s.title, { class: 'session-title-text' })],
    });
    this.banner.dataset.status = s.status;
  }

  private zoneNote(s: SessionDto): string {
    const at = new Date(s.startsAt);
    const zone = this.showLocal
      ? t('schedule.localZone', { city: zoneCity(this.viewerZone), zone: zoneAbbreviation(this.viewerZone, locale(), at) })
      : t('schedule.venueZone', { zone: zoneAbbreviation(this.meeting.timeZone, locale(), at) });
    return t('schedule.timesIn', { zone });
  }

  private renderDetails(s: SessionDto): void {
    const zone = this.zone;
    const toggle = h('input', {
      type: 'checkbox',
      id: 'toggle-local-time',
      role: 'switch',
      checked: this.showLocal,
      onchange: (e: Event) => this.setLocal((e.target as HTMLInputElement).checked),
    });
    const row = (label: string, value: Node | string, attr: string) =>
      h('div', { class: 'session-fact', 'data-fact': attr }, h('dt', null, label), h('dd', null, value));
    keepingFocus([this.details], () =>
      replaceChildren(
        this.details,
        h('h2', { id: 'session-details-heading' }, t('session.details')),
        h(
          'dl',
          { class: 'session-facts' },
          row(
            t('session.when'),
            h(
              'span',
              { class: 'session-when-text' },
              longDay(dayIn(new Date(s.startsAt), zone), locale()),
              ', ',
              h('span', { class: 'session-time', dir: 'ltr' }, timeRange(s, zone)),
            ),
            'when',
          ),
          row(t('session.room'), s.room.name, 'room'),
          row(t('session.type'), t(TYPE_LABELS[s.type]), 'type'),
          row(t('session.status'), h('span', { class: `status-text status-text-${s.status}` }, t(STATUS_LABELS[s.status])), 'status'),
          row(t('session.access'), s.visibility === 'participants' ? t('schedule.participantsOnly') : t('session.public'), 'access'),
        ),
        h('label', { class: 'switch', for: 'toggle-local-time' }, toggle, h('span', null, t('schedule.showLocal'))),
      ),
    );
  }

  private setLocal(on: boolean): void {
    this.showLocal = on;
    store.set(KEYS.localTime, on ? '1' : null);
    this.render();
    document.getElementById('toggle-local-time')?.focus();
  }

  /** While the session is on air: the way to the live page, and the item under consideration with its documents. */
  private renderOnAir(): void {
    const stream = this.stream;
    this.onAirBox.hidden = !stream;
    if (!stream) {
      replaceChildren(this.onAirBox);
      return;
    }
    const item = stream.agendaItem;
    keepingFocus([this.onAirBox], () =>
      replaceChildren(
        this.onAirBox,
        h('h2', { id: 'session-on-air-heading' }, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), t('session.onAirHeading')),
        h('p', null, t('session.onAirText')),
        h(
          'p',
          null,
          h(
            'a',
            {
              class: 'button button-primary home-watch',
              href: `/meetings/${encodeURIComponent(this.meeting.code)}/live?stream=${encodeURIComponent(stream.id)}`,
            },
            t('session.watch', { stream: stream.name }),
          ),
        ),
        h(
          'div',
          { class: 'session-now', 'data-now-item': item?.id ?? '' },
          h('h3', null, t('live.now')),
          item
            ? [
                h(
                  'p',
                  { class: 'now-item' },
                  h('strong', { class: 'now-number' }, t('live.item', { number: item.number })),
                  ' ',
                  contentText(item.title, { class: 'now-title' }),
                ),
                this.documentList(item.id),
              ]
            : h('p', { class: 'empty' }, t('session.nowNone')),
        ),
      ),
    );
  }

  private renderAgenda(): void {
    const s = this.session;
    if (!s) return;
    const now = this.stream?.agendaItem?.id;
    keepingFocus([this.agenda], () =>
      replaceChildren(
        this.agenda,
        h('h2', { id: 'session-agenda-heading' }, t('session.agenda')),
        s.agendaItems.length
          ? h(
              'ul',
              { class: 'session-items', role: 'list' },
              s.agendaItems.map((a) => this.agendaItem(a, a.id === now)),
            )
          : h('p', { class: 'empty' }, t('session.agendaNone')),
      ),
    );
  }

  private agendaItem(a: AgendaItemDto, current: boolean): HTMLElement {
    return h(
      'li',
      {
        class: `home-card session-item${current ? ' session-item-now' : ''}`,
        'data-agenda-item': a.id,
        'aria-current': current ? 'true' : null,
      },
      h(
        'h3',
        { class: 'session-item-title' },
        h('span', { class: 'now-number' }, t('session.item', { number: a.number })),
        ' ',
        contentText(a.title, { class: 'session-item-text' }),
      ),
      current
        ? h('p', { class: 'tag tag-now' }, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), t('session.underConsideration'))
        : null,
      this.documentList(a.id),
    );
  }

  private documentList(itemId: string): HTMLElement {
    const docs = this.docs.get(itemId) ?? 'loading';
    if (docs === 'loading') return h('p', { class: 'empty', role: 'status' }, t('session.documentsLoading'));
    if (docs === 'failed') return h('p', { class: 'empty' }, t('session.documentsFailed'));
    if (!docs.length) return h('p', { class: 'empty' }, t('session.documentsNone'));
    return h(
      'ul',
      { class: 'home-docs', role: 'list' },
      docs.map((d) => documentItem(this.base, d, (message) => this.hooks.notice(message))),
    );
  }

  // ---------- documents ----------

  /** The agenda items whose documents the page shows: the session's, and the one under consideration. */
  private trackedItems(): string[] {
    const ids = new Set(this.session?.agendaItems.map((a) => a.id) ?? []);
    const now = this.stream?.agendaItem?.id;
    if (now) ids.add(now);
    return [...ids];
  }

  /** Loads the documents of tracked items not loaded yet, or of `refresh` (a document was published for them). */
  private loadDocuments(refresh: string[] = []): void {
    for (const itemId of this.trackedItems()) {
      if (this.docs.has(itemId) && !refresh.includes(itemId)) continue;
      if (!this.docs.has(itemId)) this.docs.set(itemId, 'loading');
      this.controllers.get(itemId)?.abort();
      const controller = new AbortController();
      this.controllers.set(itemId, controller);
      api<DocumentListDto>(`${this.base}/documents?agendaItem=${encodeURIComponent(itemId)}`, { signal: controller.signal })
        .then((list) => this.docs.set(itemId, list.documents))
        .catch(() => {
          if (!controller.signal.aborted && !Array.isArray(this.docs.get(itemId))) this.docs.set(itemId, 'failed');
        })
        .finally(() => {
          if (controller.signal.aborted) return;
          this.controllers.delete(itemId);
          this.renderAgenda();
          this.renderOnAir();
        });
    }
  }

  // ---------- live changes ----------

  private onChange(event: ChangeEvent): void {
    if (event.stream) return this.onStream(event.stream);
    const published = publishedDocument(event);
    if (published) {
      const touched = published.agendaItems.map((a) => a.id).filter((id) => this.trackedItems().includes(id));
      if (!touched.length) return;
      this.announcer.announce(t('docs.newBadge', { symbol: shortSymbol(published.symbol), language: languageName(published.language) }));
      this.loadDocuments(touched);
      return;
    }
    // A correction may move a document between agenda items or change who sees it: ask again.
    if (correctedDocumentId(event)) return this.loadDocuments(this.trackedItems());
    // Only this session matters here; the rest of the programme is the schedule's.
    if (event.session && event.session.id !== this.id) return;
    const itemsBefore = this.session?.agendaItems.map((a) => a.id).join();
    const applied = this.state.apply(event);
    if (applied.kind === 'session') {
      this.announcer.announce(describeSessionChange(applied, this.zone), true);
      this.render();
      if (this.session && this.session.agendaItems.map((a) => a.id).join() !== itemsBefore) this.loadDocuments();
    } else if (applied.kind === 'agenda' || applied.kind === 'rooms') {
      this.render();
    } else if (applied.kind === 'meeting') {
      void this.reloadMeeting();
    }
  }

  private onStream(s: StreamDto): void {
    const before = this.streams.get(s.id);
    if (before && before.revision > s.revision) return;
    const wasOnAir = this.stream;
    this.streams.set(s.id, s);
    const nowOnAir = this.stream;
    if (wasOnAir?.id !== nowOnAir?.id) {
      if (nowOnAir) this.announcer.announce(t('home.liveAnnounce', { stream: nowOnAir.name }), true);
      else if (wasOnAir) this.announcer.announce(t('home.endedAnnounce', { stream: wasOnAir.name }), true);
    }
    const item = nowOnAir?.agendaItem;
    if (item && item.id !== wasOnAir?.agendaItem?.id) this.announcer.announce(t('home.itemAnnounce', { number: item.number }), true);
    this.loadDocuments();
    this.renderOnAir();
    this.renderAgenda();
  }

  private async reloadMeeting(): Promise<void> {
    try {
      this.state.meeting = await api<MeetingDto>(this.base, { signal: this.ctx.signal });
      this.render();
    } catch {
      /* the next meeting.updated or a reload will catch up */
    }
  }
}
