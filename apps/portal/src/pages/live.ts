import type { MeetingDto, SessionDto, SessionListDto } from '@cop/contracts/calendar';
import type { DocumentListDto } from '@cop/contracts/documents';
import { LANGUAGE_INFO, pickText, type LocalizedText } from '@cop/contracts/languages';
import type { ChangeEvent } from '@cop/contracts/feed';
import { STREAM_STATUSES, type StreamChannelDto, type StreamDto, type StreamListDto, type StreamStatus } from '@cop/contracts/streams';
import { ApiError, api } from '../api';
import * as auth from '../auth';
import { h, replaceChildren } from '../dom';
import { lang, locale, t, type MessageKey } from '../i18n';
import { FeedConnection } from '../feed';
import { StreamPlayer, type PlayerState } from '../player';
import type { Page, PageContext } from '../router';
import { KEYS, store } from '../storage';
import { clock, shortDay, dayIn, zoneAbbreviation } from '../time';
import { contentText, renderLoading, renderMeetingLoadFailure, renderMessage, setTitle } from '../ui';
import '../live.css';

export interface LiveHooks {
  retry(): void;
  onUnauthorized(): void;
}

const STATUS_KEYS: Record<StreamStatus, MessageKey> = {
  scheduled: 'live.status.scheduled',
  live: 'live.status.live',
  paused: 'live.status.paused',
  ended: 'live.status.ended',
};

interface Loaded {
  meeting: MeetingDto;
  streams: StreamListDto;
  sessions: SessionListDto;
}

async function load(ctx: PageContext, hooks: LiveHooks): Promise<Loaded | null> {
  const code = ctx.params.code;
  const base = `/api/meetings/${encodeURIComponent(code)}`;
  renderLoading(ctx.root);
  try {
    // Streams first: its lastSeq is where the live feed resumes, so nothing after it is missed.
    const streams = await api<StreamListDto>(`${base}/streams`, { signal: ctx.signal });
    const [meeting, sessions] = await Promise.all([
      api<MeetingDto>(base, { signal: ctx.signal }),
      api<SessionListDto>(`${base}/sessions`, { signal: ctx.signal }),
    ]);
    return { meeting, streams, sessions };
  } catch (e) {
    renderMeetingLoadFailure(ctx.root, code, e, hooks.retry);
    return null;
  }
}

/** `/meetings/:code/live[?stream=id]`: the plenary in the viewer's language, and what is under consideration. */
export async function livePage(ctx: PageContext, hooks: LiveHooks): Promise<Page> {
  const data = await load(ctx, hooks);
  if (!data) return {};
  const { streams } = data;
  const code = ctx.params.code;
  if (!streams.streams.length) {
    renderMessage(ctx.root, {
      title: t('live.noStreamsTitle'),
      text: t('live.noStreams'),
      actions: [h('a', { class: 'button', href: `/meetings/${encodeURIComponent(code)}/schedule` }, t('live.schedule'))],
    });
    return {};
  }
  const wanted = ctx.url.searchParams.get('stream');
  const chosen = wanted
    ? streams.streams.find((s) => s.id === wanted)
    : (streams.streams.find((s) => s.status === 'live' || s.status === 'paused') ?? streams.streams[0]);
  if (!chosen) {
    renderMessage(ctx.root, {
      title: t('live.noStreamsTitle'),
      text: t('live.streamNotFound', { id: wanted ?? '' }),
      actions: [h('a', { class: 'button', href: `/meetings/${encodeURIComponent(code)}/live` }, t('live.streams'))],
    });
    return {};
  }
  return new LiveView(ctx, data, chosen, hooks, false);
}

/** `/console/:code/streams`: the secretariat's controls for every stream, beside the live page's view of it. */
export async function streamConsolePage(ctx: PageContext, hooks: LiveHooks): Promise<Page> {
  if (auth.user()?.role !== 'secretariat') {
    renderMessage(ctx.root, {
      title: t('console.title'),
      text: t('console.forbidden'),
      actions: [h('a', { class: 'button', href: `/login?next=${encodeURIComponent(ctx.url.pathname)}` }, t('app.signIn'))],
    });
    return {};
  }
  const data = await load(ctx, hooks);
  if (!data) return {};
  if (!data.streams.streams.length) {
    renderMessage(ctx.root, { title: t('console.title'), text: t('live.noStreams') });
    return {};
  }
  const wanted = ctx.url.searchParams.get('stream');
  const chosen = data.streams.streams.find((s) => s.id === wanted) ?? data.streams.streams[0];
  return new LiveView(ctx, data, chosen, hooks, true);
}

class LiveView implements Page {
  private stream: StreamDto;
  private streams: StreamDto[];
  private readonly sessions = new Map<string, SessionDto>();
  private player: StreamPlayer | null = null;
  private playerKey = '';
  private channel: StreamChannelDto;
  private audioOnly: boolean;
  private feed: FeedConnection | null = null;
  private docsFor: string | null = null;
  private docs: DocumentListDto['documents'] | null = null;
  private docsController: AbortController | null = null;
  private playerState: { state: PlayerState; retryInMs?: number; message?: string } = { state: 'loading' };
  private retryTicker = 0;
  private retryAt = 0;

  private readonly banner = h('section', { class: 'meeting-banner live-banner', 'aria-labelledby': 'live-title' });
  private readonly tabs = h('nav', { class: 'stream-tabs' });
  private readonly stage = h('div', { class: 'player-stage' });
  private readonly host = h('div', { class: 'player-host' });
  private readonly overlay = h('div', { class: 'player-overlay', role: 'status', 'aria-live': 'polite' });
  private readonly controls = h('div', { class: 'player-controls' });
  private readonly edge = h('div', { class: 'live-edge', hidden: true });
  private readonly onAir = h('p', { class: 'on-air' });
  private readonly now = h('section', { class: 'now-in-plenary', 'aria-labelledby': 'now-heading', 'aria-live': 'polite' });
  private readonly control = h('section', { class: 'stream-control', 'aria-labelledby': 'control-heading' });
  private readonly controlResult = h('p', { class: 'control-result', role: 'status', 'aria-live': 'polite' });

  constructor(
    private readonly ctx: PageContext,
    private readonly data: Loaded,
    chosen: StreamDto,
    hooks: LiveHooks,
    private readonly consoleMode: boolean,
  ) {
    this.stream = chosen;
    this.streams = data.streams.streams;
    for (const s of data.sessions.sessions) this.sessions.set(s.id, s);
    const stored = store.get(KEYS.channel);
    this.channel = chosen.channels.find((c) => c.code === stored) ?? chosen.channels[0];
    this.audioOnly = store.get(KEYS.audioOnly) === '1';
    this.render();
    window.addEventListener('online', this.onOnline);
    this.feed = new FeedConnection({
      meeting: data.meeting.code,
      since: data.streams.lastSeq,
      token: auth.token(),
      onChange: (event) => this.onChange(event),
      onStatus: () => undefined,
      onUnauthorized: () => hooks.onUnauthorized(),
    });
  }

  dispose(): void {
    this.feed?.close();
    this.feed = null;
    this.player?.destroy();
    this.player = null;
    this.docsController?.abort();
    window.clearInterval(this.retryTicker);
    window.removeEventListener('online', this.onOnline);
    delete (window as { __copPlayer?: unknown }).__copPlayer;
  }

  refresh(): void {
    this.render();
  }

  private readonly onOnline = () => {
    if (this.playerState.state === 'error') this.player?.retryNow();
  };

  private get code(): string {
    return this.data.meeting.code;
  }

  private text(text: LocalizedText) {
    return pickText(text, lang());
  }

  // ---------- rendering ----------

  private render(): void {
    setTitle(this.consoleMode ? t('console.title') : t('live.docTitle'), this.stream.name, this.data.meeting.shortTitle);
    this.renderBanner();
    this.renderTabs();
    this.renderControls();
    this.renderOnAir();
    this.renderNow();
    this.renderControl();
    replaceChildren(
      this.ctx.root,
      this.banner,
      h(
        'div',
        { class: 'wrap live-layout' },
        this.tabs,
        h(
          'div',
          { class: 'live-main' },
          h('div', { class: 'player-box' }, this.stage, this.controls),
          this.onAir,
          this.consoleMode || auth.user()?.role === 'secretariat' ? this.control : null,
        ),
        h('aside', { class: 'live-aside' }, this.now),
      ),
    );
    this.syncPlayback();
  }

  private renderBanner(): void {
    const m = this.data.meeting;
    const code = encodeURIComponent(m.code);
    replaceChildren(
      this.banner,
      h(
        'div',
        { class: 'wrap' },
        h(
          'nav',
          { class: 'breadcrumb', 'aria-label': t('app.breadcrumb') },
          h('a', { href: '/' }, t('meetings.title')),
          h('span', { 'aria-hidden': 'true' }, ' / '),
          h('a', { href: `/meetings/${code}/schedule` }, m.shortTitle),
          h('span', { 'aria-hidden': 'true' }, ' / '),
          this.consoleMode ? t('console.title') : t('live.breadcrumb'),
        ),
        h(
          'p',
          { class: 'meeting-kicker' },
          h('span', { class: 'code-chip code-chip-inverse' }, m.shortTitle),
          h('span', null, this.consoleMode ? t('console.title') : t('live.kicker')),
        ),
        h(
          'h1',
          { class: 'meeting-title', id: 'live-title' },
          this.stream.name,
          ' ',
          h(
            'span',
            { class: `stream-status stream-status-${this.stream.status}`, 'data-status': this.stream.status },
            t(STATUS_KEYS[this.stream.status]),
          ),
        ),
      ),
    );
  }

  private renderTabs(): void {
    const base = this.consoleMode ? `/console/${encodeURIComponent(this.code)}/streams` : `/meetings/${encodeURIComponent(this.code)}/live`;
    this.tabs.setAttribute('aria-label', t('live.streams'));
    this.tabs.hidden = this.streams.length < 2;
    replaceChildren(
      this.tabs,
      this.streams.map((s) =>
        h(
          'a',
          { href: `${base}?stream=${encodeURIComponent(s.id)}`, 'aria-current': s.id === this.stream.id ? 'page' : null },
          s.name,
          ' · ',
          t(STATUS_KEYS[s.status]),
        ),
      ),
    );
  }

  private renderControls(): void {
    const select = h(
      'select',
      {
        id: 'channel-select',
        onchange: (e: Event) => this.chooseChannel((e.target as HTMLSelectElement).value),
      },
      this.stream.channels.map((c) =>
        h(
          'option',
          {
            value: c.code,
            lang: c.code === 'floor' ? null : c.code,
            dir: c.code !== 'floor' && c.code in LANGUAGE_INFO ? LANGUAGE_INFO[c.code as keyof typeof LANGUAGE_INFO].direction : null,
            selected: c.code === this.channel.code,
          },
          c.name,
        ),
      ),
    );
    const audioOnly = h('input', {
      type: 'checkbox',
      id: 'audio-only',
      role: 'switch',
      checked: this.audioOnly,
      onchange: (e: Event) => this.setAudioOnly((e.target as HTMLInputElement).checked),
    });
    replaceChildren(
      this.controls,
      h('div', { class: 'field field-inline' }, h('label', { for: 'channel-select' }, t('live.interpretation')), select),
      h('label', { class: 'switch', for: 'audio-only' }, audioOnly, h('span', null, t('live.audioOnly'))),
      this.edge,
    );
  }

  private renderEdge(edge: { live: boolean; behindSeconds: number; atEdge: boolean } | null): void {
    this.edge.hidden = !edge;
    if (!edge) return;
    const state = edge.atEdge ? 'at-edge' : 'behind';
    if (this.edge.dataset.state === state && (edge.atEdge || this.edge.dataset.behind === String(Math.round(edge.behindSeconds)))) return;
    this.edge.dataset.state = state;
    this.edge.dataset.behind = String(Math.round(edge.behindSeconds));
    replaceChildren(
      this.edge,
      h(
        'span',
        { class: 'edge-indicator' },
        h('span', { class: 'live-dot', 'aria-hidden': 'true' }),
        edge.atEdge ? t('live.atEdge') : t('live.behind', { s: Math.round(edge.behindSeconds) }),
      ),
      edge.atEdge ? null : h('button', { type: 'button', class: 'button go-live', onclick: () => this.player?.goLive() }, t('live.goLive')),
    );
  }

  private renderOnAir(): void {
    const s = this.stream.session;
    if (!s) {
      replaceChildren(this.onAir);
      this.onAir.hidden = true;
      return;
    }
    const zone = this.data.meeting.timeZone;
    this.onAir.hidden = false;
    replaceChildren(
      this.onAir,
      h('span', { class: 'on-air-label' }, t('live.onAir')),
      ' ',
      contentText(s.title),
      ' · ',
      h('span', { dir: 'ltr' }, `${clock(new Date(s.startsAt), zone, locale())}–${clock(new Date(s.endsAt), zone, locale())}`),
    );
  }

  private renderNow(): void {
    const item = this.stream.agendaItem;
    const heading = h('h2', { id: 'now-heading' }, t('live.now'));
    if (!item) {
      replaceChildren(this.now, heading, h('p', { class: 'now-none' }, t('live.nowNone')));
      return;
    }
    if (this.docsFor !== item.id) void this.loadDocuments(item.id);
    replaceChildren(
      this.now,
      heading,
      h(
        'p',
        { class: 'now-item', 'data-agenda-item': item.id },
        h('span', { class: 'now-number' }, t('live.item', { number: item.number })),
        contentText(item.title, { class: 'now-title' }),
      ),
      this.docs === null
        ? null
        : h(
            'div',
            { class: 'now-documents' },
            h('h3', null, t('live.documents')),
            this.docs.length
              ? h(
                  'ul',
                  null,
                  this.docs.map((d) => {
                    const file =
                      d.languages.find((l) => l.language === lang()) ?? d.languages.find((l) => l.language === 'en') ?? d.languages[0];
                    return h(
                      'li',
                      { 'data-document': d.symbol },
                      file
                        ? h('a', { href: file.latest.url, 'data-external': '', class: 'doc-symbol', dir: 'ltr' }, d.symbol)
                        : h('span', { class: 'doc-symbol', dir: 'ltr' }, d.symbol),
                      ' ',
                      contentText(d.title),
                    );
                  }),
                )
              : h('p', null, t('live.noDocuments')),
          ),
    );
  }

  /** The documents linked to the item, from the documents API (absent there → no list, not an error). */
  private async loadDocuments(itemId: string): Promise<void> {
    this.docsFor = itemId;
    this.docs = null;
    this.docsController?.abort();
    const controller = (this.docsController = new AbortController());
    try {
      const list = await api<DocumentListDto>(
        `/api/meetings/${encodeURIComponent(this.code)}/documents?agendaItem=${encodeURIComponent(itemId)}`,
        { signal: controller.signal },
      );
      if (this.docsFor !== itemId) return;
      this.docs = list.documents ?? [];
    } catch {
      if (controller.signal.aborted) return;
      this.docs = null;
    }
    this.renderNow();
  }

  /** The next session in this stream's room (or the next plenary), for "starting soon". */
  private nextSession(): SessionDto | null {
    const now = Date.now();
    const roomId = this.stream.room?.id;
    const candidates = [...this.sessions.values()]
      .filter((s) => (roomId ? s.room.id === roomId : s.type === 'plenary'))
      .filter((s) => s.status !== 'cancelled' && s.status !== 'concluded' && Date.parse(s.endsAt) > now)
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    return candidates[0] ?? null;
  }

  /** What the stage shows: the player while on air, else a clear state. */
  private syncPlayback(): void {
    const onAir = this.stream.status === 'live' || this.stream.status === 'paused';
    const root = this.ctx.root;
    if (!onAir) {
      this.stopPlayer();
      const next = this.nextSession();
      const state = this.stream.status === 'ended' ? 'ended' : next ? 'starting-soon' : 'offline';
      root.dataset.liveState = state;
      const title = state === 'ended' ? t('live.ended') : state === 'starting-soon' ? t('live.startingSoon') : t('live.offline');
      replaceChildren(
        this.stage,
        h(
          'div',
          { class: `player-message player-message-${state}`, role: 'status', 'aria-live': 'polite' },
          h('p', { class: 'player-message-title' }, title),
          next ? h('p', null, this.describeNext(next)) : state === 'offline' ? h('p', null, t('live.offlineText')) : null,
        ),
      );
      this.controls.hidden = true;
      return;
    }
    this.controls.hidden = false;
    const key = `${this.stream.id}|${this.stream.masterUrl}|${this.audioOnly}`;
    if (!this.player || this.playerKey !== key) this.startPlayer(key);
    else if (!this.stage.contains(this.host)) replaceChildren(this.stage, this.host, this.overlay);
    this.renderOverlay();
  }

  private describeNext(s: SessionDto): string {
    const zone = this.data.meeting.timeZone;
    const start = new Date(s.startsAt);
    return t('live.next', {
      title: this.text(s.title).text,
      when: `${shortDay(dayIn(start, zone), locale())}, ${clock(start, zone, locale())}`,
      zone: zoneAbbreviation(zone, locale(), start),
    });
  }

  private startPlayer(key: string): void {
    this.stopPlayer();
    this.playerKey = key;
    replaceChildren(this.stage, this.host, this.overlay);
    this.player = new StreamPlayer(this.host, this.stream, this.channel, this.audioOnly, {
      onState: (state, detail) => {
        this.playerState = { state, ...detail };
        this.renderOverlay();
      },
      onChannel: (code) => {
        this.host.dataset.channel = code;
        const select = this.controls.querySelector<HTMLSelectElement>('#channel-select');
        if (select && select.value !== code && code === this.channel.code) select.value = code;
      },
      onEdge: (edge) => this.renderEdge(edge),
    });
    const media = this.player.element;
    media.setAttribute(
      'aria-label',
      this.audioOnly ? t('live.playerAudio', { channel: this.channel.name }) : `${t('live.player')}: ${this.stream.name}`,
    );
    // Diagnostics (and the browser tests): the player and, with hls.js, its engine.
    (window as { __copPlayer?: unknown }).__copPlayer = this.player;
  }

  private stopPlayer(): void {
    this.player?.destroy();
    this.player = null;
    this.playerKey = '';
    this.renderEdge(null);
    delete (window as { __copPlayer?: unknown }).__copPlayer;
  }

  private renderOverlay(): void {
    const root = this.ctx.root;
    const { state, retryInMs, message } = this.playerState;
    window.clearInterval(this.retryTicker);
    root.dataset.liveState = state === 'error' ? 'error' : this.stream.status === 'paused' ? 'paused' : state;
    const paused = this.stream.status === 'paused' ? h('p', { class: 'player-note' }, t('live.paused')) : null;
    if (state === 'playing') {
      replaceChildren(this.overlay, paused);
      this.overlay.hidden = !paused;
      return;
    }
    this.overlay.hidden = false;
    if (state === 'error' && message === 'unsupported') {
      replaceChildren(this.overlay, h('p', { class: 'player-note player-error' }, t('live.unsupported')));
      return;
    }
    if (state === 'error') {
      this.retryAt = Date.now() + (retryInMs ?? 0);
      const text = h('span', null);
      const tick = () => (text.textContent = t('live.error', { s: Math.max(0, Math.ceil((this.retryAt - Date.now()) / 1000)) }));
      tick();
      this.retryTicker = window.setInterval(tick, 1000);
      replaceChildren(
        this.overlay,
        h(
          'p',
          { class: 'player-note player-error' },
          text,
          ' ',
          h('button', { type: 'button', class: 'link-button', onclick: () => this.player?.retryNow() }, t('live.retryNow')),
        ),
      );
      return;
    }
    if (state === 'needs-gesture') {
      replaceChildren(
        this.overlay,
        h(
          'p',
          { class: 'player-note' },
          t('live.gesture'),
          ' ',
          h('button', { type: 'button', class: 'button button-primary', onclick: () => void this.player?.play() }, t('live.play')),
        ),
      );
      return;
    }
    replaceChildren(this.overlay, paused, h('p', { class: 'player-note' }, state === 'waiting' ? t('live.waiting') : t('live.loading')));
  }

  private chooseChannel(code: string): void {
    const channel = this.stream.channels.find((c) => c.code === code);
    if (!channel) return;
    this.channel = channel;
    store.set(KEYS.channel, code);
    this.player?.setChannel(channel);
    if (this.audioOnly && this.player) {
      this.player.element.setAttribute('aria-label', t('live.playerAudio', { channel: channel.name }));
    }
  }

  private setAudioOnly(on: boolean): void {
    this.audioOnly = on;
    store.set(KEYS.audioOnly, on ? '1' : null);
    this.syncPlayback();
    document.getElementById('audio-only')?.focus();
  }

  // ---------- live changes ----------

  private onChange(event: ChangeEvent): void {
    if (event.stream) {
      const s = event.stream;
      this.streams = this.streams.some((x) => x.id === s.id) ? this.streams.map((x) => (x.id === s.id ? s : x)) : [...this.streams, s];
      this.renderTabs();
      if (s.id === this.stream.id) {
        const before = this.stream;
        this.stream = s;
        if (!s.channels.some((c) => c.code === this.channel.code)) this.channel = s.channels[0];
        this.renderBanner();
        this.renderOnAir();
        if (before.agendaItem?.id !== s.agendaItem?.id || before.agendaItem?.number !== s.agendaItem?.number) this.renderNow();
        if (before.channels.length !== s.channels.length) this.renderControls();
        this.renderControl();
        this.syncPlayback();
      }
      return;
    }
    if (event.session && 'startsAt' in event.session) {
      this.sessions.set(event.session.id, event.session);
      if (this.stream.status === 'scheduled' || this.stream.status === 'ended') this.syncPlayback();
      this.renderControl();
    } else if (event.kind === 'session.removed' && event.session) {
      this.sessions.delete(event.session.id);
    } else if (event.document && this.stream.agendaItem) {
      const item = this.stream.agendaItem.id;
      // A new file matters only for the item on air; a correction or withdrawal (rare, and
      // possibly moving the document off the item) reloads the item's documents in any case.
      const d = event.document;
      if (event.kind !== 'document.published' || !('agendaItems' in d) || d.agendaItems.some((a) => a.id === item))
        void this.loadDocuments(item);
    }
  }

  // ---------- secretariat controls ----------

  private renderControl(): void {
    if (!(this.consoleMode || auth.user()?.role === 'secretariat')) return;
    const s = this.stream;
    const sessions = [...this.sessions.values()]
      .filter((x) => x.visibility === 'public' && x.status !== 'cancelled' && (!s.room || x.room.id === s.room.id))
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    const zone = this.data.meeting.timeZone;
    const status = h(
      'select',
      { id: 'control-status', name: 'status' },
      STREAM_STATUSES.map((st) => h('option', { value: st, selected: st === s.status }, t(STATUS_KEYS[st]))),
    );
    const session = h(
      'select',
      { id: 'control-session', name: 'sessionId' },
      h('option', { value: '' }, t('console.none')),
      sessions.map((x) =>
        h(
          'option',
          { value: x.id, selected: x.id === s.session?.id },
          `${shortDay(dayIn(new Date(x.startsAt), zone), locale())} ${clock(new Date(x.startsAt), zone, locale())} · ${this.text(x.title).text}`,
        ),
      ),
    );
    const item = h(
      'select',
      { id: 'control-item', name: 'agendaItemId' },
      h('option', { value: '' }, t('console.none')),
      this.data.meeting.agendaItems.map((a) =>
        h('option', { value: a.id, selected: a.id === s.agendaItem?.id }, `${a.number} · ${this.text(a.title).text}`),
      ),
    );
    // Kept across re-renders: a change arriving from the feed must not swallow the outcome.
    const result = this.controlResult;
    const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('console.apply'));
    const form = h(
      'form',
      {
        class: 'control-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void this.apply({ status: status.value, sessionId: session.value || null, agendaItemId: item.value || null }, submit, result);
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'control-status' }, t('console.status')), status),
      h('div', { class: 'field' }, h('label', { for: 'control-session' }, t('console.session')), session),
      h('div', { class: 'field' }, h('label', { for: 'control-item' }, t('console.item')), item),
      h('p', null, submit),
      result,
    );
    // Keep what the secretariat is choosing if a change arrives while the form has focus.
    if (this.control.contains(document.activeElement) && this.control.querySelector('form')) return;
    replaceChildren(this.control, h('h2', { id: 'control-heading' }, t('console.title')), h('p', null, t('console.intro')), form);
  }

  private async apply(body: Record<string, string | null>, submit: HTMLButtonElement, result: HTMLElement): Promise<void> {
    submit.disabled = true;
    submit.textContent = t('console.applying');
    try {
      const updated = await api<StreamDto>(`/api/meetings/${encodeURIComponent(this.code)}/streams/${this.stream.id}/status`, {
        method: 'PATCH',
        body,
      });
      result.textContent = t('console.applied');
      result.dataset.ok = 'true';
      if (updated.revision >= this.stream.revision)
        this.onChange({ meeting: this.code, seq: 0, kind: 'stream.status', at: '', stream: updated });
    } catch (e) {
      result.dataset.ok = 'false';
      result.textContent = e instanceof ApiError ? e.message : t('error.network');
    } finally {
      submit.disabled = false;
      submit.textContent = t('console.apply');
    }
  }
}
