import type { MeetingDto, SessionDto, SessionListDto } from '@cop/contracts/calendar';
import type { DocumentChangeDto, DocumentDto, DocumentListDto } from '@cop/contracts/documents';
import { correctedDocumentId, publishedDocument, type ChangeEvent } from '@cop/contracts/feed';
import type { StreamDto, StreamListDto } from '@cop/contracts/streams';
import { api } from '../api';
import * as auth from '../auth';
import { documentItem, languageName, latestOnly, shortSymbol } from '../doc-links';
import { h, joined, replaceChildren, type Child } from '../dom';
import { locale, t } from '../i18n';
import { FeedConnection, type FeedStatus } from '../feed';
import type { Page, PageContext } from '../router';
import { compareSessions, MeetingCalendar, TYPE_LABELS } from '../meeting-calendar';
import {
  Announcer,
  connectionElement,
  describeSessionChange,
  keepingFocus,
  renderConnection,
  renderMeetingBanner,
  statusMark,
  timeRange,
} from '../session-ui';
import { clock, dayIn, shortDay, zoneAbbreviation } from '../time';
import { contentText, renderLoading, renderMeetingLoadFailure, setTitle } from '../ui';
import '../meeting-pages.css';

export interface MeetingPageHooks {
  retry(): void;
  onUnauthorized(): void;
  /** A one-line notice above the page (a download that could not start). */
  notice(text: string): void;
}

/** How many sessions "Next" lists, and how many documents "Latest documents" does. */
const NEXT_COUNT = 5;
const LATEST_DOCS = 5;
/** "Now" and "Next" move with the clock, not only with changes. */
const TICK_MS = 30_000;

const onAir = (s: StreamDto) => s.status === 'live' || s.status === 'paused';
const published = (d: DocumentDto) => Date.parse(d.publishedAt ?? d.updatedAt);

interface Loaded {
  meeting: MeetingDto;
  sessions: SessionListDto;
  streams: StreamListDto;
  documents: DocumentListDto;
}

/** `/meetings/:code`: what is on now and next, the live banner, the latest documents, and the way to every page. */
export async function homePage(ctx: PageContext, hooks: MeetingPageHooks): Promise<Page> {
  const code = ctx.params.code;
  const base = `/api/meetings/${encodeURIComponent(code)}`;
  renderLoading(ctx.root);
  let data: Loaded;
  try {
    const [meeting, sessions, streams, documents] = await Promise.all([
      api<MeetingDto>(base, { signal: ctx.signal }),
      api<SessionListDto>(`${base}/sessions`, { signal: ctx.signal }),
      api<StreamListDto>(`${base}/streams`, { signal: ctx.signal }),
      api<DocumentListDto>(`${base}/documents`, { signal: ctx.signal }),
    ]);
    data = { meeting, sessions, streams, documents };
  } catch (e) {
    renderMeetingLoadFailure(ctx.root, code, e, hooks.retry);
    return {};
  }
  return new HomeView(ctx, data, hooks);
}

class HomeView implements Page {
  private readonly state: MeetingCalendar;
  private readonly streams = new Map<string, StreamDto>();
  private readonly docs = new Map<string, DocumentDto>();
  private readonly base: string;
  private status: FeedStatus = 'connecting';
  private feed: FeedConnection | null = null;
  private ticker = 0;
  private shownSessions = '';

  private readonly banner = h('section', { class: 'meeting-banner' });
  private readonly conn = connectionElement();
  private readonly live = h('section', { class: 'home-live', 'aria-labelledby': 'home-live-heading', 'data-home-live': '' });
  private readonly now = h('section', { class: 'home-card', 'aria-labelledby': 'home-now-heading', 'data-home-now': '' });
  private readonly next = h('section', { class: 'home-card', 'aria-labelledby': 'home-next-heading', 'data-home-next': '' });
  private readonly documents = h('section', { class: 'home-card', 'aria-labelledby': 'home-docs-heading', 'data-home-documents': '' });
  private readonly pages = h('nav', { class: 'home-pages' });
  private readonly announcer = new Announcer();

  constructor(
    private readonly ctx: PageContext,
    data: Loaded,
    private readonly hooks: MeetingPageHooks,
  ) {
    this.state = new MeetingCalendar(data.meeting, data.sessions);
    this.base = `/api/meetings/${encodeURIComponent(data.meeting.code)}`;
    for (const s of data.streams.streams) this.streams.set(s.id, s);
    for (const d of data.documents.documents) this.docs.set(d.id, d);
    this.render();
    this.ticker = window.setInterval(() => this.renderSessions(), TICK_MS);
    // Each snapshot has its own seq: resume from the oldest, and let revisions skip what is already held.
    const since = Math.min(data.sessions.lastSeq, data.streams.lastSeq, data.documents.lastSeq);
    this.feed = new FeedConnection({
      meeting: data.meeting.code,
      since,
      token: auth.token(),
      onChange: (event) => this.onChange(event),
      onStatus: (status) => {
        this.status = status;
        renderConnection(this.conn, status);
      },
      onUnauthorized: () => hooks.onUnauthorized(),
    });
  }

  dispose(): void {
    this.feed?.close();
    this.feed = null;
    window.clearInterval(this.ticker);
    this.announcer.dispose();
  }

  refresh(): void {
    this.render();
  }

  private get meeting(): MeetingDto {
    return this.state.meeting;
  }

  private href(page = ''): string {
    return `/meetings/${encodeURIComponent(this.meeting.code)}${page}`;
  }

  // ---------- rendering ----------

  private render(): void {
    setTitle(t('home.docTitle'), this.meeting.shortTitle);
    renderMeetingBanner(this.banner, this.meeting);
    renderConnection(this.conn, this.status);
    this.renderLive();
    this.shownSessions = '';
    this.renderSessions();
    this.renderDocuments();
    this.renderPages();
    replaceChildren(
      this.ctx.root,
      this.banner,
      h(
        'div',
        { class: 'wrap home' },
        h('div', { class: 'schedule-bar' }, h('p', { class: 'zone-note' }, this.zoneNote()), this.conn),
        this.live,
        h('div', { class: 'home-grid' }, this.now, this.next, this.documents),
        this.pages,
      ),
      this.announcer.el,
    );
  }

  private zoneNote(): string {
    return t('home.timesIn', { zone: zoneAbbreviation(this.meeting.timeZone, locale(), new Date()) });
  }

  /** The red banner while a stream is on air: the session, the item under consideration, the way to watch. */
  private renderLive(): void {
    const live = [...this.streams.values()].filter(onAir).sort((a, b) => a.name.localeCompare(b.name));
    this.live.hidden = live.length === 0;
    if (!live.length) {
      replaceChildren(this.live);
      return;
    }
    replaceChildren(
      this.live,
      h('h2', { id: 'home-live-heading' }, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), t('home.liveHeading')),
      h(
        'ul',
        { class: 'home-live-list', role: 'list' },
        live.map((s) =>
          h(
            'li',
            { 'data-stream': s.id, 'data-status': s.status },
            h(
              'p',
              { class: 'home-live-stream' },
              h('strong', null, s.name),
              s.status === 'paused' ? [' ', h('span', { class: 'tag' }, t('live.status.paused'))] : null,
            ),
            s.session
              ? h(
                  'p',
                  { class: 'home-live-session' },
                  t('home.onAir'),
                  ' ',
                  h(
                    'a',
                    { href: this.href(`/sessions/${encodeURIComponent(s.session.id)}`) },
                    contentText(s.session.title, { class: 'home-live-title' }),
                  ),
                )
              : null,
            s.agendaItem
              ? h(
                  'p',
                  { class: 'home-live-item', 'data-agenda-item': s.agendaItem.id },
                  t('home.nowItem'),
                  ' ',
                  h('strong', null, t('live.item', { number: s.agendaItem.number })),
                  ' ',
                  contentText(s.agendaItem.title, { class: 'home-live-item-title' }),
                )
              : null,
            h(
              'p',
              null,
              h(
                'a',
                { class: 'button button-primary home-watch', href: `${this.href('/live')}?stream=${encodeURIComponent(s.id)}` },
                t('home.watch', { stream: s.name }),
              ),
            ),
          ),
        ),
      ),
    );
  }

  /** Sessions under way (live, or scheduled and between start and end) and the next ones, in time order. */
  private sessionsNowAndNext(): { now: SessionDto[]; next: SessionDto[] } {
    const at = Date.now();
    const all = [...this.state.sessions.values()].sort(compareSessions);
    const now = all.filter(
      (s) => s.status === 'live' || (s.status === 'scheduled' && Date.parse(s.startsAt) <= at && at < Date.parse(s.endsAt)),
    );
    const next = all
      .filter((s) => (s.status === 'scheduled' || s.status === 'postponed') && Date.parse(s.startsAt) > at)
      .slice(0, NEXT_COUNT);
    return { now, next };
  }

  /** Re-renders Now and Next when what they show changed (a change arrived, or the clock moved on). */
  private renderSessions(force = false): void {
    const { now, next } = this.sessionsNowAndNext();
    const key = [...now, ...next].map((s) => `${s.id}.${s.revision}`).join() + `|${now.length}`;
    if (!force && key === this.shownSessions) return;
    this.shownSessions = key;
    keepingFocus([this.now, this.next], () => {
      replaceChildren(
        this.now,
        h('h2', { id: 'home-now-heading' }, t('home.now')),
        now.length ? this.sessionList(now) : h('p', { class: 'empty' }, t('home.nowNone')),
      );
      replaceChildren(
        this.next,
        h('h2', { id: 'home-next-heading' }, t('home.next')),
        next.length ? this.sessionList(next) : h('p', { class: 'empty' }, t('home.nextNone')),
        h('p', { class: 'home-more' }, h('a', { href: this.href('/schedule') }, t('home.fullSchedule'))),
      );
    });
  }

  private sessionList(sessions: SessionDto[]): HTMLElement {
    const zone = this.meeting.timeZone;
    const today = dayIn(new Date(), zone);
    return h(
      'ul',
      { class: 'home-sessions', role: 'list' },
      sessions.map((s) =>
        h(
          'li',
          { class: `home-session type-${s.type}`, 'data-session-id': s.id, 'data-status': s.status },
          h(
            'p',
            { class: 'home-session-when', dir: 'ltr' },
            s.day !== today ? [h('span', { class: 'home-session-day' }, shortDay(s.day, locale())), ' '] : null,
            h('time', { datetime: s.startsAt }, timeRange(s, zone)),
          ),
          h(
            'p',
            { class: 'home-session-title' },
            statusMark(s),
            h(
              'a',
              { class: 'session-link', href: this.href(`/sessions/${encodeURIComponent(s.id)}`) },
              contentText(s.title, { class: 'session-title-text' }),
            ),
          ),
          h(
            'p',
            { class: 'session-meta' },
            joined([t(TYPE_LABELS[s.type]), s.room.name], () => h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · ')),
          ),
        ),
      ),
    );
  }

  private renderDocuments(): void {
    const latest = [...this.docs.values()].sort((a, b) => published(b) - published(a)).slice(0, LATEST_DOCS);
    keepingFocus([this.documents], () =>
      replaceChildren(
        this.documents,
        h('h2', { id: 'home-docs-heading' }, t('home.documents')),
        latest.length
          ? h(
              'ul',
              { class: 'home-docs', role: 'list' },
              latest.map((d) => documentItem(this.base, d, (message) => this.hooks.notice(message), this.publishedLine(d))),
            )
          : h('p', { class: 'empty' }, t('home.documentsNone')),
        h('p', { class: 'home-more' }, h('a', { href: this.href('/documents') }, t('home.allDocuments'))),
      ),
    );
  }

  private publishedLine(d: DocumentDto): Child {
    if (!d.publishedAt) return null;
    const at = new Date(d.publishedAt);
    const zone = this.meeting.timeZone;
    const when = `${shortDay(dayIn(at, zone), locale())}, ${clock(at, zone, locale())}`;
    return h('p', { class: 'doc-published' }, h('time', { datetime: d.publishedAt }, t('home.published', { when })));
  }

  /** The meeting's other pages; registration and console links follow the signed-in role. */
  private renderPages(): void {
    const role = auth.user()?.role;
    const signedIn = !!auth.token();
    const links: [string, string][] = [
      [t('nav.schedule'), this.href('/schedule')],
      [t('nav.live'), this.href('/live')],
      [t('nav.documents'), this.href('/documents')],
    ];
    const code = encodeURIComponent(this.meeting.code);
    if (signedIn && role === 'focal-point') links.push([t('nav.nominate'), this.href('/nominate')]);
    if (signedIn && (role === 'delegate' || role === 'observer')) links.push([t('nav.myRegistration'), this.href('/me')]);
    if (signedIn && role === 'secretariat')
      links.push(
        [t('nav.review'), `/console/${code}/registrations`],
        [t('home.streamControl'), `/console/${code}/streams`],
        [t('home.documentsConsole'), `/console/${code}/documents`],
      );
    this.pages.setAttribute('aria-label', t('home.pages'));
    replaceChildren(
      this.pages,
      h(
        'ul',
        { role: 'list' },
        links.map(([label, href]) => h('li', null, h('a', { class: 'home-page-link', href }, label))),
      ),
      signedIn
        ? null
        : h(
            'p',
            { class: 'zone-note' },
            h('strong', null, t('home.registration')),
            ' ',
            t('home.registrationHint'),
            ' ',
            h('a', { href: `/login?next=${encodeURIComponent(this.href())}` }, t('app.signIn')),
          ),
    );
  }

  // ---------- live changes ----------

  private onChange(event: ChangeEvent): void {
    if (event.stream) return this.onStream(event.stream);
    const published = publishedDocument(event);
    if (published) return this.onDocument(published);
    // A correction may change what the list shows (title, distribution): ask for it again.
    if (correctedDocumentId(event)) return void this.reloadDocuments();
    const applied = this.state.apply(event);
    if (applied.kind === 'session') {
      this.renderSessions();
      // Announce what concerns Now and Next; the rest of the programme is the schedule's business.
      const { now, next } = this.sessionsNowAndNext();
      const shown = new Set([...now, ...next].map((s) => s.id));
      const was = applied.before;
      if (shown.has(applied.id) || (was && this.wasShown(was)))
        this.announcer.announce(describeSessionChange(applied, this.meeting.timeZone));
    } else if (applied.kind === 'agenda' || applied.kind === 'rooms') {
      this.renderSessions(true);
    } else if (applied.kind === 'meeting') {
      void this.reloadMeeting();
    }
  }

  private wasShown(s: SessionDto): boolean {
    const at = Date.now();
    return s.status === 'live' || Date.parse(s.endsAt) > at;
  }

  private onStream(s: StreamDto): void {
    const before = this.streams.get(s.id);
    if (before && before.revision > s.revision) return;
    this.streams.set(s.id, s);
    this.renderLive();
    if (!before || onAir(before) !== onAir(s) || before.status !== s.status) {
      if (s.status === 'live') this.announcer.announce(t('home.liveAnnounce', { stream: s.name }), true);
      else if (s.status === 'paused') this.announcer.announce(t('home.pausedAnnounce', { stream: s.name }), true);
      else if (before && onAir(before)) this.announcer.announce(t('home.endedAnnounce', { stream: s.name }), true);
    }
    if (onAir(s) && s.agendaItem && s.agendaItem.id !== before?.agendaItem?.id)
      this.announcer.announce(t('home.itemAnnounce', { number: s.agendaItem.number }), true);
  }

  /** The change names the document; the full one (every language, with URLs) comes from the API. */
  private onDocument(change: DocumentChangeDto): void {
    this.announcer.announce(t('docs.newBadge', { symbol: shortSymbol(change.symbol), language: languageName(change.language) }));
    api<DocumentDto>(`${this.base}/documents/${encodeURIComponent(change.ref)}`, { signal: this.ctx.signal })
      .then((doc) => {
        // A revision replaces what it supersedes, as on the documents page.
        for (const [id, other] of this.docs) if (doc.supersedes.includes(other.symbol)) this.docs.delete(id);
        this.docs.set(doc.id, latestOnly(doc));
        this.renderDocuments();
      })
      .catch(() => undefined);
  }

  private async reloadDocuments(): Promise<void> {
    try {
      const list = await api<DocumentListDto>(`${this.base}/documents`, { signal: this.ctx.signal });
      this.docs.clear();
      for (const d of list.documents) this.docs.set(d.id, d);
      this.renderDocuments();
    } catch {
      /* the next change or a reload will tell */
    }
  }

  private async reloadMeeting(): Promise<void> {
    try {
      this.state.meeting = await api<MeetingDto>(this.base, { signal: this.ctx.signal });
      renderMeetingBanner(this.banner, this.meeting);
    } catch {
      /* the next meeting.updated or a reload will catch up */
    }
  }
}
