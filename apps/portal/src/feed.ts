import { io, type Socket } from 'socket.io-client';
import {
  ChangeCursor,
  LIVE_NAMESPACE,
  LiveEvents,
  type ChangeEvent,
  type ChangeListDto,
  type FeedHeadPayload,
  type FeedResyncPayload,
  type LiveErrorPayload,
  type SubscribedPayload,
} from '@cop/contracts/feed';
import { apiAnswer } from './api';

/** 'live': connected and current, as the indicator says it (its `data-state` and wording). */
export type FeedStatus = 'connecting' | 'live' | 'reconnecting';

export interface FeedConnectionOptions {
  meeting: string;
  /** The seq the page's snapshot was taken at (SessionListDto.lastSeq). */
  since: number;
  token: string | null;
  /** One change, in seq order, exactly once. */
  onChange(event: ChangeEvent): void;
  onStatus(status: FeedStatus): void;
  /** The server refused the token: the page should reload its data without it. */
  onUnauthorized?(): void;
  /** Tests and tuning: socket.io reconnection delays. */
  reconnectionDelay?: number;
}

/** Do not ask for a replay more often than this while a gap persists. */
const RESUBSCRIBE_MIN_INTERVAL_MS = 1000;
/** A subscribe with no `subscribed` answer after this long is taken as lost. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

/**
 * The meeting's change feed: socket.io over WebSocket to the /live namespace, applied through a
 * ChangeCursor so that replays, duplicates and out-of-order arrivals are harmless. Whenever the
 * cursor sees a gap (or feed.head says the server is ahead), and after every reconnect, it
 * subscribes again with since = the last seq applied, and the server replays what was missed
 * (or, after a long absence, says `feed.resync` and the page reads it from GET …/changes).
 */
export class FeedConnection {
  private readonly socket: Socket;
  private readonly cursor: ChangeCursor<ChangeEvent>;
  private status: FeedStatus = 'connecting';
  private lastSubscribeAt = 0;
  private awaitingSubscribed = false;
  /** The highest seq the server has told us about (feed.head, subscribed). */
  private knownHead = 0;
  private retryTimer: number | null = null;
  private closed = false;
  /** Reading changes over REST after a `feed.resync`: the replay is under way, do not ask for another. */
  private catchingUp = false;
  /** How long the server asked us to wait before coming back (it refused or dropped us for a limit). */
  private reconnectAfterMs: number | null = null;

  constructor(private readonly options: FeedConnectionOptions) {
    this.cursor = new ChangeCursor<ChangeEvent>(
      options.since,
      (event) => options.onChange(event),
      () => this.resubscribe(),
    );
    this.socket = io(LIVE_NAMESPACE, {
      transports: ['websocket'],
      auth: options.token ? { token: options.token } : {},
      reconnectionDelay: options.reconnectionDelay ?? 1000,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    this.socket.on('connect', () => {
      this.awaitingSubscribed = false;
      this.subscribe();
    });
    this.socket.on('disconnect', (reason) => {
      this.awaitingSubscribed = false;
      if (this.closed) return;
      this.setStatus('reconnecting');
      // After a server-side disconnect socket.io does not retry by itself.
      if (reason === 'io server disconnect') this.scheduleReconnect(this.reconnectAfterMs ?? 1000);
      this.reconnectAfterMs = null;
    });
    this.socket.on('connect_error', () => {
      if (!this.closed) this.setStatus(this.status === 'connecting' ? 'connecting' : 'reconnecting');
    });
    this.socket.io.on('reconnect_attempt', () => this.setStatus('reconnecting'));
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    this.socket.on(LiveEvents.CalendarChanged, (event: ChangeEvent) => {
      if (event && event.meeting === options.meeting && typeof event.seq === 'number') this.cursor.offer(event);
    });
    this.socket.on(LiveEvents.Subscribed, (payload: SubscribedPayload) => {
      if (payload?.meeting !== options.meeting) return;
      this.awaitingSubscribed = false;
      this.setStatus('live');
      this.observeHead(payload.lastSeq);
    });
    this.socket.on(LiveEvents.FeedHead, (payload: FeedHeadPayload) => {
      if (payload?.meeting === options.meeting) this.observeHead(payload.lastSeq);
    });
    this.socket.on(LiveEvents.FeedResync, (payload: FeedResyncPayload) => {
      if (payload?.meeting === options.meeting) void this.catchUp(payload.lastSeq);
    });
    this.socket.on(LiveEvents.Error, (payload: LiveErrorPayload) => {
      if (payload?.code === 'unauthorized') {
        // The server disconnects us next; come back without the token.
        this.socket.auth = {};
        options.onUnauthorized?.();
      } else if (payload?.code === 'internal') {
        this.awaitingSubscribed = false;
        this.scheduleRetry(3000, true);
      } else if (typeof payload?.retryAfterMs === 'number') {
        // Over a limit: the subscribe was refused (or the server disconnects us next); come back when it said.
        this.reconnectAfterMs = Math.max(1000, payload.retryAfterMs);
        this.awaitingSubscribed = false;
        this.scheduleRetry(this.reconnectAfterMs, true);
      }
    });
  }

  /**
   * The browser knows about lost Wi-Fi long before a socket ping times out: say so at once,
   * and try again as soon as the network is back.
   */
  private readonly onOffline = () => {
    if (this.socket.connected) this.socket.io.engine?.close();
    this.setStatus('reconnecting');
  };
  private readonly onOnline = () => {
    if (this.socket.connected || this.closed) return;
    // socket.io may be waiting out a long back-off (up to reconnectionDelayMax): start over now.
    this.socket.disconnect();
    this.socket.connect();
  };

  /** The seq of the last change applied. */
  get lastSeq(): number {
    return this.cursor.lastSeq;
  }

  close(): void {
    this.closed = true;
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    if (this.retryTimer !== null) window.clearTimeout(this.retryTimer);
    this.socket.removeAllListeners();
    this.socket.io.removeAllListeners();
    this.socket.disconnect();
  }

  private scheduleReconnect(ms: number): void {
    window.setTimeout(() => {
      if (!this.closed && !this.socket.connected && !this.socket.active) this.socket.connect();
    }, ms);
  }

  private setStatus(status: FeedStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus(status);
  }

  private subscribe(): void {
    if (this.closed || !this.socket.connected) return;
    this.lastSubscribeAt = Date.now();
    this.awaitingSubscribed = true;
    this.socket.emit(LiveEvents.Subscribe, { meeting: this.options.meeting, since: this.cursor.lastSeq });
  }

  private observeHead(head: number): void {
    if (typeof head !== 'number') return;
    this.knownHead = Math.max(this.knownHead, head);
    this.cursor.observeHead(head);
  }

  private get behind(): boolean {
    return this.cursor.waiting > 0 || this.knownHead > this.cursor.lastSeq;
  }

  /**
   * What the server would not replay over the socket, read page by page from the change feed's
   * REST endpoint; changes after `until` arrive on the socket meanwhile and wait in the cursor.
   */
  private async catchUp(until: number): Promise<void> {
    if (this.catchingUp) return;
    this.catchingUp = true;
    this.observeHead(until);
    try {
      while (!this.closed && this.cursor.lastSeq < until) {
        const path = `/api/meetings/${encodeURIComponent(this.options.meeting)}/changes?since=${this.cursor.lastSeq}`;
        const { body, cachedAt } = await apiAnswer<ChangeListDto>(path);
        // Offline (the service worker's saved copy) or nothing new: the next reconnect or head asks again.
        if (cachedAt !== null || !body.changes.length) break;
        for (const change of body.changes) this.cursor.offer(change);
      }
    } catch {
      // The network or the API failed: the retry below asks the socket again.
    } finally {
      this.catchingUp = false;
    }
    if (this.behind) this.scheduleRetry(RESUBSCRIBE_MIN_INTERVAL_MS, false);
  }

  /** A gap: ask for a replay from the cursor, at most once per interval and never twice at once. */
  private resubscribe(): void {
    if (this.closed || !this.socket.connected || this.catchingUp) return;
    // A subscribe is in flight: its replay should fill the gap (unless it got lost).
    if (this.awaitingSubscribed && Date.now() - this.lastSubscribeAt < SUBSCRIBE_TIMEOUT_MS) return;
    const wait = this.lastSubscribeAt + RESUBSCRIBE_MIN_INTERVAL_MS - Date.now();
    if (wait > 0) this.scheduleRetry(wait, false);
    else this.subscribe();
  }

  private scheduleRetry(ms: number, force: boolean): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = null;
      if (force || this.behind) this.subscribe();
    }, ms);
  }
}
