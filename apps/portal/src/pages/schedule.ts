import type { MeetingDto, SessionDto, SessionListDto, SessionType } from '@cop/contracts/calendar';
import { pickText, type LocalizedText } from '@cop/contracts/languages';
import type { ChangeEvent } from '@cop/contracts/feed';
import { api, apiAnswer } from '../api';
import * as auth from '../auth';
import { h, joined, replaceChildren, type Child } from '../dom';
import { lang, locale, t, tn } from '../i18n';
import { FeedConnection, type FeedStatus } from '../feed';
import { isOffline, onNetworkChange } from '../offline';
import type { Page, PageContext } from '../router';
import { compareSessions, MeetingCalendar, SESSION_TYPE_ORDER, TYPE_LABELS, type Applied } from '../meeting-calendar';
import {
  Announcer,
  connectionElement,
  describeSessionChange,
  renderConnection,
  renderMeetingBanner,
  statusMark,
  svgIcon,
  timeRange,
} from '../session-ui';
import { KEYS, store } from '../storage';
import { clock, dayIn, daysBetween, dayTabParts, longDay, shortDay, viewerTimeZone, zoneAbbreviation, zoneCity } from '../time';
import { contentText, renderLoading, renderMeetingLoadFailure, setTitle } from '../ui';

/** How long a changed session keeps its highlight (and its "Updated" mark). */
export const CHANGED_MS = 3000;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const ALL = '';

export interface ScheduleHooks {
  retry(): void;
  /** The live channel refused the stored token (expired): forget it and reload. */
  onUnauthorized(): void;
}

/** `/meetings/:code/schedule`: the day-by-day programme, kept current by the live feed. */
export async function schedulePage(ctx: PageContext, hooks: ScheduleHooks): Promise<Page> {
  const code = ctx.params.code;
  renderLoading(ctx.root);
  const base = `/api/meetings/${encodeURIComponent(code)}`;
  let meeting: MeetingDto;
  let list: SessionListDto;
  let savedAt: Date | null;
  try {
    const [m, l] = await Promise.all([
      apiAnswer<MeetingDto>(base, { signal: ctx.signal }),
      apiAnswer<SessionListDto>(`${base}/sessions`, { signal: ctx.signal }),
    ]);
    [meeting, list, savedAt] = [m.body, l.body, l.cachedAt];
  } catch (e) {
    renderMeetingLoadFailure(ctx.root, code, e, hooks.retry);
    return {};
  }
  // Offline, the list is the copy saved when it was last fetched, at its lastSeq: the feed
  // replays everything after that seq once the connection is back.
  return new ScheduleView(ctx, new MeetingCalendar(meeting, list), list.lastSeq, savedAt, hooks);
}

class ScheduleView implements Page {
  private day: string;
  private room: string;
  private type: string;
  private showLocal: boolean;
  private status: FeedStatus = 'connecting';
  private readonly viewerZone = viewerTimeZone();
  private sameZoneMemo: { key: string; same: boolean } | null = null;
  private readonly changedUntil = new Map<string, number>();
  private readonly timers = new Set<number>();
  private feed: FeedConnection | null = null;
  /** What the schedule shown is current as of, while it is not live: the saved copy's time, or when the feed was lost. */
  private asOf: Date | null;
  private everLive = false;
  private readonly stopWatchingNetwork: () => void;

  // Elements kept between renders.
  private readonly banner = h('section', { class: 'meeting-banner' });
  private readonly conn = connectionElement();
  private readonly offlineNote = h('p', { class: 'offline-note', role: 'status', hidden: true });
  private readonly tablist = h('div', { class: 'day-tabs', role: 'tablist' });
  private readonly filters = h('div', { class: 'filters' });
  private readonly panel = h('section', { class: 'day-panel', id: 'schedule-panel', role: 'tabpanel', tabindex: '0' });
  private readonly dayHeading = h('h2', { class: 'day-heading', id: 'day-heading' });
  private readonly daySummary = h('p', { class: 'day-summary' });
  private readonly list = h('ol', { class: 'session-list', role: 'list' });
  private readonly empty = h('p', { class: 'empty', hidden: true });
  private readonly aside = h('div', { class: 'schedule-aside' });
  private readonly announcer = new Announcer();

  constructor(
    private readonly ctx: PageContext,
    private readonly state: MeetingCalendar,
    since: number,
    savedAt: Date | null,
    hooks: ScheduleHooks,
  ) {
    this.asOf = savedAt;
    const q = ctx.url.searchParams;
    this.day = this.defaultDay(q.get('day'));
    this.room = this.state.rooms.some((r) => r.id === q.get('room')) ? q.get('room')! : ALL;
    this.type = (SESSION_TYPE_ORDER as string[]).includes(q.get('type') ?? '') ? q.get('type')! : ALL;
    this.showLocal = store.get(KEYS.localTime) === '1';
    this.stopWatchingNetwork = onNetworkChange(() => this.renderConnection());
    this.render();
    this.syncUrl();
    // For `npm run bench -- portal` (and the browser's performance panel): every row of the day is in the DOM.
    performance.mark('schedule:rendered', { detail: { sessions: this.list.childElementCount } });
    this.feed = new FeedConnection({
      meeting: this.state.meeting.code,
      since,
      token: auth.token(),
      onChange: (event) => this.onChange(event),
      onStatus: (status) => {
        if (status === 'live') {
          this.asOf = null;
          this.everLive = true;
        } else if (this.status === 'live') this.asOf = new Date();
        this.status = status;
        this.renderConnection();
      },
      onUnauthorized: () => hooks.onUnauthorized(),
    });
  }

  dispose(): void {
    this.stopWatchingNetwork();
    this.feed?.close();
    this.feed = null;
    for (const id of this.timers) window.clearTimeout(id);
    this.timers.clear();
    this.announcer.dispose();
  }

  refresh(): void {
    this.render();
  }

  // ---------- days, filters, zones ----------

  private days(): string[] {
    const { startDate, endDate } = this.state.meeting;
    const days = new Set(daysBetween(startDate, endDate));
    for (const s of this.state.sessions.values()) days.add(s.day);
    return [...days].sort();
  }

  private today(): string {
    return dayIn(new Date(), this.state.meeting.timeZone);
  }

  /** ?day= if the meeting has it, else today at the venue if the meeting is on, else its first day. */
  private defaultDay(requested: string | null): string {
    const days = this.days();
    if (requested && DAY_RE.test(requested) && days.includes(requested)) return requested;
    const today = this.today();
    return days.includes(today) ? today : (days[0] ?? this.state.meeting.startDate);
  }

  private matches(s: SessionDto): boolean {
    return s.day === this.day && (this.room === ALL || s.room.id === this.room) && (this.type === ALL || s.type === this.type);
  }

  private visibleSessions(): SessionDto[] {
    return [...this.state.sessions.values()].filter((s) => this.matches(s)).sort(compareSessions);
  }

  private get zone(): string {
    return this.showLocal ? this.viewerZone : this.state.meeting.timeZone;
  }

  /** The viewer's clock reads the same as the venue's throughout the meeting. */
  private sameZone(): boolean {
    const venue = this.state.meeting.timeZone;
    if (venue === this.viewerZone) return true;
    const { startDate, endDate } = this.state.meeting;
    // Asked once per row: remembered for the meeting's current dates and zone.
    const key = `${venue}|${startDate}|${endDate}`;
    if (this.sameZoneMemo?.key !== key) {
      const same = [startDate, endDate].every((d) => {
        const at = new Date(`${d}T12:00:00Z`);
        return clock(at, venue, 'en-GB') === clock(at, this.viewerZone, 'en-GB');
      });
      this.sameZoneMemo = { key, same };
    }
    return this.sameZoneMemo.same;
  }

  private zoneLabel(local: boolean, at = new Date(`${this.day}T12:00:00Z`)): string {
    return local
      ? t('schedule.localZone', { city: zoneCity(this.viewerZone), zone: zoneAbbreviation(this.viewerZone, locale(), at) })
      : t('schedule.venueZone', { zone: zoneAbbreviation(this.state.meeting.timeZone, locale(), at) });
  }

  private syncUrl(): void {
    const url = new URL(window.location.href);
    url.searchParams.set('day', this.day);
    if (this.room) url.searchParams.set('room', this.room);
    else url.searchParams.delete('room');
    if (this.type) url.searchParams.set('type', this.type);
    else url.searchParams.delete('type');
    if (url.href !== window.location.href) history.replaceState(history.state, '', url);
  }

  // ---------- rendering ----------

  private render(): void {
    const m = this.state.meeting;
    setTitle(t('schedule.docTitle'), m.shortTitle);
    this.renderBanner();
    this.renderConnection();
    this.renderTabs();
    this.renderFilters();
    this.renderPanel();
    this.renderAside();
    replaceChildren(
      this.ctx.root,
      this.banner,
      h(
        'div',
        { class: 'wrap schedule' },
        h(
          'div',
          { class: 'schedule-bar' },
          h('h2', { class: 'schedule-heading', id: 'schedule-heading' }, t('schedule.heading')),
          this.conn,
        ),
        this.offlineNote,
        this.tablist,
        this.filters,
        this.panel,
        this.aside,
      ),
      this.announcer.el,
    );
  }

  private renderBanner(): void {
    renderMeetingBanner(this.banner, this.state.meeting, { crumbs: [[t('schedule.heading')]] });
  }

  private renderConnection(): void {
    renderConnection(this.conn, this.status);
    // A saved copy (until the feed has caught up), or a feed lost because the network is gone.
    const stale = this.status !== 'live' && this.asOf !== null && (isOffline() || !this.everLive);
    this.offlineNote.hidden = !stale;
    this.offlineNote.textContent = stale ? t('offline.scheduleAsOf', { time: clock(this.asOf!, this.zone, locale()) }) : '';
  }

  private renderTabs(): void {
    const today = this.today();
    this.tablist.setAttribute('aria-label', t('schedule.days'));
    replaceChildren(
      this.tablist,
      this.days().map((day) => {
        const parts = dayTabParts(day, locale());
        const selected = day === this.day;
        const count = [...this.state.sessions.values()].filter((s) => s.day === day).length;
        return h(
          'button',
          {
            type: 'button',
            role: 'tab',
            id: `tab-${day}`,
            class: 'day-tab',
            'data-day': day,
            'data-today': day === today,
            'aria-selected': selected ? 'true' : 'false',
            'aria-controls': 'schedule-panel',
            tabindex: selected ? '0' : '-1',
            onclick: () => this.selectDay(day, false),
            onkeydown: (e: Event) => this.onTabKey(e as KeyboardEvent, day),
          },
          // The spaces keep the tab's accessible name readable: "Tue Today 4 Nov 3 sessions".
          h(
            'span',
            { class: 'day-tab-weekday' },
            parts.weekday,
            day === today ? [' ', h('span', { class: 'day-tab-today' }, t('schedule.today'))] : null,
          ),
          ' ',
          h('span', { class: 'day-tab-date' }, parts.date),
          ' ',
          h('span', { class: 'day-tab-count' }, tn('schedule.count', count)),
        );
      }),
    );
  }

  private onTabKey(e: KeyboardEvent, day: string): void {
    const days = this.days();
    const rtl = document.documentElement.dir === 'rtl';
    const i = days.indexOf(day);
    let next: number;
    if (e.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) next = (i + 1) % days.length;
    else if (e.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) next = (i - 1 + days.length) % days.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = days.length - 1;
    else return;
    e.preventDefault();
    this.selectDay(days[next], true);
  }

  private selectDay(day: string, focus: boolean): void {
    if (day !== this.day) {
      this.day = day;
      this.syncUrl();
      for (const tab of this.tablist.querySelectorAll<HTMLButtonElement>('[role=tab]')) {
        const selected = tab.dataset.day === day;
        tab.setAttribute('aria-selected', selected ? 'true' : 'false');
        tab.tabIndex = selected ? 0 : -1;
      }
      this.renderPanel();
    }
    if (focus) this.tablist.querySelector<HTMLElement>(`#tab-${day}`)?.focus();
  }

  private renderFilters(): void {
    const typesPresent = new Set<string>([...this.state.sessions.values()].map((s) => s.type));
    if (this.type) typesPresent.add(this.type);
    const roomSelect = h(
      'select',
      { id: 'filter-room', onchange: (e: Event) => this.setFilter('room', (e.target as HTMLSelectElement).value) },
      h('option', { value: ALL }, t('schedule.allRooms')),
      this.state.rooms.map((r) => h('option', { value: r.id, selected: r.id === this.room }, r.name)),
    );
    const typeSelect = h(
      'select',
      { id: 'filter-type', onchange: (e: Event) => this.setFilter('type', (e.target as HTMLSelectElement).value) },
      h('option', { value: ALL }, t('schedule.allTypes')),
      SESSION_TYPE_ORDER.filter((ty) => typesPresent.has(ty)).map((ty) =>
        h('option', { value: ty, selected: ty === this.type }, t(TYPE_LABELS[ty])),
      ),
    );
    const same = this.sameZone();
    const toggle = h('input', {
      type: 'checkbox',
      id: 'toggle-local-time',
      role: 'switch',
      checked: this.showLocal,
      'aria-describedby': 'zone-note',
      onchange: (e: Event) => this.setLocal((e.target as HTMLInputElement).checked),
    });
    replaceChildren(
      this.filters,
      h(
        'div',
        { class: 'filter-fields', role: 'group', 'aria-label': t('schedule.filters') },
        h('div', { class: 'field field-inline' }, h('label', { for: 'filter-room' }, t('schedule.room')), roomSelect),
        h('div', { class: 'field field-inline' }, h('label', { for: 'filter-type' }, t('schedule.type')), typeSelect),
        this.room || this.type
          ? h(
              'button',
              { type: 'button', class: 'link-button clear-filters', onclick: () => this.clearFilters() },
              t('schedule.clearFilters'),
            )
          : null,
      ),
      h(
        'div',
        { class: 'zone-control' },
        h('label', { class: 'switch', for: 'toggle-local-time' }, toggle, h('span', null, t('schedule.showLocal'))),
        h(
          'p',
          { class: 'zone-note', id: 'zone-note' },
          t('schedule.timesIn', { zone: this.zoneLabel(this.showLocal) }),
          same ? ` ${t('schedule.sameZone')}` : '',
        ),
      ),
    );
  }

  private setFilter(which: 'room' | 'type', value: string): void {
    this[which] = value;
    this.syncUrl();
    const focused = document.activeElement?.id;
    this.renderFilters();
    this.renderPanel();
    if (focused) document.getElementById(focused)?.focus();
  }

  private clearFilters(): void {
    this.room = ALL;
    this.type = ALL;
    this.syncUrl();
    this.renderFilters();
    this.renderPanel();
    document.getElementById('filter-room')?.focus();
  }

  private setLocal(on: boolean): void {
    this.showLocal = on;
    store.set(KEYS.localTime, on ? '1' : null);
    this.renderFilters();
    this.renderPanel();
    document.getElementById('toggle-local-time')?.focus();
  }

  private renderPanel(): void {
    this.panel.setAttribute('aria-labelledby', `tab-${this.day}`);
    this.dayHeading.textContent = longDay(this.day, locale());
    replaceChildren(
      this.list,
      this.visibleSessions().map((s) => this.sessionElement(s)),
    );
    replaceChildren(this.panel, h('div', { class: 'day-panel-head' }, this.dayHeading, this.daySummary), this.list, this.empty);
    this.renderPanelMeta();
  }

  /** The count line and the empty state, after the list changed. */
  private renderPanelMeta(): void {
    const total = [...this.state.sessions.values()].filter((s) => s.day === this.day).length;
    const shown = this.list.children.length;
    const filtered = !!(this.room || this.type);
    this.daySummary.textContent = [tn('schedule.count', total), filtered && shown !== total ? t('schedule.shown', { shown, total }) : '']
      .filter(Boolean)
      .join(' · ');
    this.empty.hidden = shown > 0;
    this.empty.textContent = filtered && total > 0 ? t('schedule.emptyFiltered') : t('schedule.empty');
    this.list.hidden = shown === 0;
  }

  private renderAside(): void {
    const code = encodeURIComponent(this.state.meeting.code);
    replaceChildren(
      this.aside,
      h('p', null, calendarIcon(), h('a', { href: `/api/meetings/${code}/calendar.ics`, 'data-external': '' }, t('schedule.calendarFeed'))),
      auth.token()
        ? null
        : h(
            'p',
            null,
            lockIcon(),
            h(
              'a',
              { href: `/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}` },
              t('schedule.signInHint'),
            ),
          ),
    );
  }

  private text(text: LocalizedText): ReturnType<typeof pickText> {
    return pickText(text, lang());
  }

  private sessionElement(s: SessionDto): HTMLLIElement {
    const zone = this.zone;
    const start = new Date(s.startsAt);
    const otherLocal = !this.showLocal;
    const same = this.sameZone();
    const otherZone = otherLocal ? this.viewerZone : this.state.meeting.timeZone;
    const otherDay = dayIn(start, otherZone);
    const tooltip = same
      ? undefined
      : `${this.zoneLabel(otherLocal, start)}: ${otherDay !== s.day ? `${shortDay(otherDay, locale())} ` : ''}${timeRange(s, otherZone)}`;
    const shownDay = dayIn(start, zone);
    const changed = (this.changedUntil.get(s.id) ?? 0) > Date.now();
    const items = s.agendaItems.map((a) => h('span', { class: 'agenda-number', title: this.text(a.title).text }, a.number));
    return h(
      'li',
      {
        class: `session type-${s.type}${changed ? ' changed' : ''}`,
        'data-session-id': s.id,
        'data-status': s.status,
        'data-type': s.type,
      },
      h(
        'div',
        { class: 'session-when' },
        h(
          'span',
          // Times read left to right in every script ("10:00–13:00", never "13:00–10:00").
          { class: 'session-time', title: tooltip, dir: 'ltr' },
          h('time', { datetime: s.startsAt }, clock(start, zone, locale())),
          '–',
          h('time', { datetime: s.endsAt }, clock(new Date(s.endsAt), zone, locale())),
        ),
        shownDay !== s.day ? h('span', { class: 'session-day-shift' }, shortDay(shownDay, locale())) : null,
      ),
      h(
        'div',
        { class: 'session-main' },
        h(
          'h3',
          { class: 'session-title' },
          statusMark(s),
          // The title is the way to the session's own page (agenda items, documents, stream).
          h(
            'a',
            {
              class: 'session-link',
              href: `/meetings/${encodeURIComponent(this.state.meeting.code)}/sessions/${encodeURIComponent(s.id)}`,
            },
            contentText(s.title, { class: 'session-title-text' }),
          ),
        ),
        h(
          'p',
          { class: 'session-meta' },
          joined(
            [
              h('span', { class: 'session-type' }, t(TYPE_LABELS[s.type as SessionType])),
              h('span', { class: 'session-room' }, s.room.name),
              items.length ? h('span', { class: 'session-agenda' }, this.agendaLabel(items)) : null,
            ],
            () => h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
          ),
        ),
        s.visibility === 'participants' || changed
          ? h(
              'p',
              { class: 'session-tags' },
              s.visibility === 'participants' ? h('span', { class: 'tag tag-restricted' }, t('schedule.participantsOnly')) : null,
              changed ? h('span', { class: 'tag tag-updated' }, t('schedule.updated')) : null,
            )
          : null,
      ),
    );
  }

  /** "Agenda items 4 (a), 4 (b)" with each number a node (its title as a tooltip), in the language's word order. */
  private agendaLabel(items: HTMLElement[]): Child[] {
    const MARK = '\u0000';
    const [before, after = ''] = tn('schedule.agenda', items.length, { items: MARK }).split(MARK);
    return [before, joined(items, () => ', '), after];
  }

  // ---------- live changes ----------

  private onChange(event: ChangeEvent): void {
    const daysBefore = this.days().join();
    let applied: Applied;
    try {
      applied = this.state.apply(event);
    } catch (e) {
      console.error('could not apply change', event, e);
      return;
    }
    switch (applied.kind) {
      case 'session': {
        this.markChanged(applied.id);
        this.placeSession(applied.id);
        this.announce(describeSessionChange(applied, this.zone));
        break;
      }
      case 'rooms':
        if (this.room && !this.state.rooms.some((r) => r.id === this.room)) {
          this.room = ALL;
          this.syncUrl();
        }
        this.updateFilterOptions();
        this.renderPanel();
        break;
      case 'agenda':
        this.renderPanel();
        break;
      case 'meeting':
        void this.reloadMeeting();
        break;
      case 'none':
        break;
    }
    if (applied.kind !== 'session') return;
    // A session on a day outside the meeting's dates adds a tab; otherwise only the counts change.
    if (this.days().join() !== daysBefore) this.renderTabsKeepingFocus();
    else this.updateTabCounts();
    this.updateFilterOptions();
  }

  private renderTabsKeepingFocus(): void {
    const focusedDay = (document.activeElement as HTMLElement | null)?.closest?.('[role=tab]')?.getAttribute('data-day');
    if (!this.days().includes(this.day)) {
      // The open day (outside the meeting's dates) lost its last session, and so its tab.
      this.day = this.defaultDay(null);
      this.syncUrl();
      this.renderPanel();
    }
    this.renderTabs();
    if (focusedDay) this.tablist.querySelector<HTMLElement>(`#tab-${focusedDay}`)?.focus();
  }

  private updateTabCounts(): void {
    const counts = new Map<string, number>();
    for (const s of this.state.sessions.values()) counts.set(s.day, (counts.get(s.day) ?? 0) + 1);
    for (const tab of this.tablist.querySelectorAll<HTMLElement>('[role=tab]')) {
      const el = tab.querySelector('.day-tab-count');
      const text = tn('schedule.count', counts.get(tab.dataset.day ?? '') ?? 0);
      if (el && el.textContent !== text) el.textContent = text;
    }
  }

  /** A live change may bring a new room or session type: offer it in the filters. */
  private updateFilterOptions(): void {
    const shown = (id: string) =>
      [...this.filters.querySelectorAll<HTMLOptionElement>(`#${id} option`)].slice(1).map((o) => `${o.value}=${o.text}`);
    const types = SESSION_TYPE_ORDER.filter((ty) => ty === this.type || [...this.state.sessions.values()].some((s) => s.type === ty));
    const rooms = this.state.rooms.map((r) => `${r.id}=${r.name}`);
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (
      same(
        shown('filter-type').map((x) => x.split('=')[0]),
        types,
      ) &&
      same(shown('filter-room'), rooms)
    )
      return;
    const focused = document.activeElement?.id;
    this.renderFilters();
    if (focused && this.filters.querySelector(`#${focused}`)) document.getElementById(focused)?.focus();
  }

  private async reloadMeeting(): Promise<void> {
    try {
      const meeting = await api<MeetingDto>(`/api/meetings/${encodeURIComponent(this.state.meeting.code)}`, { signal: this.ctx.signal });
      this.state.meeting = meeting;
      this.renderBanner();
      this.renderTabsKeepingFocus();
    } catch {
      /* the next meeting.updated or a reload will catch up */
    }
  }

  /** Highlights a session for CHANGED_MS, wherever it is shown (this tab now, another tab later). */
  private markChanged(id: string): void {
    this.changedUntil.set(id, Date.now() + CHANGED_MS);
    const timer = window.setTimeout(() => {
      this.timers.delete(timer);
      if ((this.changedUntil.get(id) ?? 0) > Date.now()) return;
      this.changedUntil.delete(id);
      const el = this.list.querySelector<HTMLElement>(`[data-session-id="${CSS.escape(id)}"]`);
      if (el) {
        el.classList.remove('changed');
        el.querySelector('.tag-updated')?.remove();
        const tags = el.querySelector('.session-tags');
        if (tags && !tags.childElementCount) tags.remove();
      }
    }, CHANGED_MS + 20);
    this.timers.add(timer);
  }

  /** Puts one session where it belongs in the open day's list (or takes it out), leaving the rest alone. */
  private placeSession(id: string): void {
    const existing = this.list.querySelector<HTMLElement>(`[data-session-id="${CSS.escape(id)}"]`);
    const session = this.state.sessions.get(id);
    if (!session || !this.matches(session)) {
      existing?.remove();
    } else {
      const ordered = this.visibleSessions();
      const after = ordered[ordered.findIndex((s) => s.id === id) + 1];
      const el = this.sessionElement(session);
      if (existing) existing.replaceWith(el);
      const anchor = after ? this.list.querySelector(`[data-session-id="${CSS.escape(after.id)}"]`) : null;
      if (el.nextElementSibling !== anchor || !el.isConnected) this.list.insertBefore(el, anchor);
    }
    this.renderPanelMeta();
  }

  private announce(message: string): void {
    this.announcer.announce(message);
  }
}

const calendarIcon = () => svgIcon('M4 6h16v14H4zM4 10h16M8 3v4M16 3v4', 'icon-calendar');
const lockIcon = () => svgIcon('M6 11h12v10H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3', 'icon-lock');
