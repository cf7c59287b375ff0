/**
 * One store per meeting: the meeting, its rooms and its sessions as `@preact/signals`, loaded
 * once and kept current by ONE change-feed connection, shared by every page of that meeting
 * and kept while the visitor moves between them.
 *
 *   const lease = acquireMeeting(code);      // the same store for every page of the meeting
 *   await lease.store.ready;                  // the snapshot is in (rejects: ApiError, NetworkError)
 *   lease.store.sessions.value                // ReadonlyMap<id, SessionDto>, replaced on each change
 *   const stop = lease.store.subscribe(({ event, applied }) => …, since);
 *   lease.release();                          // when the page goes (dispose)
 *
 * - `meeting`, `rooms`, `sessions`: read them after `ready`; each change replaces the value
 *   (a new Map, a new array), so components re-render from them and `===` tells what changed.
 * - `status`: the feed connection ('connecting' | 'live' | 'reconnecting').
 * - `loadError`: why the snapshot could not be loaded (null while loading or loaded).
 * - `savedAt`: when the sessions answer is the service worker's saved copy (offline), its time.
 * - `subscribe(listener, since?)`: every change event of the feed, in seq order, once each,
 *   after the store has applied it (`applied` says what it did to the calendar; stream and
 *   document changes come through with `applied.kind === 'none'`). With `since` (a page's own
 *   snapshot seq, e.g. DocumentListDto.lastSeq) the changes after it that the store has
 *   already applied are replayed first, so a page loading after the store misses nothing
 *   (fetch that snapshot after `ready`, so it is never older than the store's).
 *   In a component: `useMeetingChanges(store, listener, since)` (subscribed while mounted).
 * - A refused token (the feed's `unauthorized`) signs out, which makes the router mount the
 *   page again: the store is made anew for the new identity (a store is one token's view).
 *
 * The connection closes LINGER_MS after the last page released the store (a page of the same
 * meeting opened in between takes it over), at once when another meeting's store is acquired.
 */
import type { MeetingDto, RoomDto, SessionDto, SessionListDto } from '@cop/contracts/calendar';
import type { ChangeEvent } from '@cop/contracts/feed';
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { api, apiAnswer } from './api';
import * as auth from './auth';
import type { FeedConnection, FeedStatus } from './feed';
import { MeetingCalendar, type Applied } from './meeting-calendar';

/** How long a released store stays connected, waiting for the next page of its meeting. */
export const LINGER_MS = 10_000;
/** Changes kept for late subscribers (`subscribe(…, since)`); older ones are only in the signals. */
const KEPT_CHANGES = 500;

export interface MeetingChange {
  event: ChangeEvent;
  applied: Applied;
}
export type ChangeListener = (change: MeetingChange) => void;

export interface MeetingStore {
  readonly code: string;
  readonly ready: Promise<void>;
  readonly meeting: ReadonlySignal<MeetingDto>;
  readonly rooms: ReadonlySignal<readonly RoomDto[]>;
  readonly sessions: ReadonlySignal<ReadonlyMap<string, SessionDto>>;
  readonly status: ReadonlySignal<FeedStatus>;
  readonly loadError: ReadonlySignal<unknown>;
  readonly savedAt: ReadonlySignal<Date | null>;
  /** The seq of the last change applied (the snapshot's until the first). */
  readonly lastSeq: number;
  subscribe(listener: ChangeListener, since?: number): () => void;
}

export interface MeetingLease {
  readonly store: MeetingStore;
  /** The page no longer needs the store; calling it again does nothing. */
  release(): void;
}

class Store implements MeetingStore {
  readonly ready: Promise<void>;
  readonly token = auth.token();
  readonly rooms = signal<readonly RoomDto[]>([]);
  readonly sessions = signal<ReadonlyMap<string, SessionDto>>(new Map());
  readonly status = signal<FeedStatus>('connecting');
  readonly loadError = signal<unknown>(null);
  readonly savedAt = signal<Date | null>(null);
  private readonly loadedMeeting = signal<MeetingDto | null>(null);
  readonly meeting = computed(() => {
    const m = this.loadedMeeting.value;
    if (!m) throw new Error(`meeting ${this.code} read before it was loaded`);
    return m;
  });
  users = 0;
  lingerTimer = 0;
  private calendar: MeetingCalendar | null = null;
  private feed: FeedConnection | null = null;
  private connectTimer = 0;
  private closed = false;
  private snapshotSeq = 0;
  private readonly listeners = new Set<ChangeListener>();
  private readonly kept: MeetingChange[] = [];
  private readonly controller = new AbortController();

  constructor(readonly code: string) {
    this.ready = this.load();
    // Pages read the error from `loadError` or the rejection; nobody may be awaiting yet.
    this.ready.catch(() => undefined);
  }

  get lastSeq(): number {
    return this.feed?.lastSeq ?? this.snapshotSeq;
  }

  get failed(): boolean {
    return this.loadError.value !== null;
  }

  private get base(): string {
    return `/api/meetings/${encodeURIComponent(this.code)}`;
  }

  private async load(): Promise<void> {
    let meeting: MeetingDto;
    let list: SessionListDto;
    let savedAt: Date | null;
    try {
      const signal = this.controller.signal;
      const [m, l] = await Promise.all([
        apiAnswer<MeetingDto>(this.base, { signal }),
        apiAnswer<SessionListDto>(`${this.base}/sessions`, { signal }),
      ]);
      [meeting, list, savedAt] = [m.body, l.body, l.cachedAt];
    } catch (e) {
      this.loadError.value = e;
      throw e;
    }
    const calendar = new MeetingCalendar(meeting, list);
    this.calendar = calendar;
    this.snapshotSeq = list.lastSeq;
    batch(() => {
      this.savedAt.value = savedAt;
      this.publish(calendar);
    });
    // Offline, the list is the copy saved when it was last fetched, at its lastSeq: the feed
    // replays everything after that seq once the connection is back. It connects in the next
    // task, once the pages waiting on `ready` have rendered: the first paint never waits for
    // the socket (nor for socket.io's code, a chunk of its own fetched then), and whatever
    // changes meanwhile is replayed from that seq.
    this.connectTimer = window.setTimeout(() => {
      void import('./feed').then(({ FeedConnection }) => {
        if (this.closed) return;
        this.feed = new FeedConnection({
          meeting: this.code,
          since: list.lastSeq,
          token: this.token,
          onChange: (event) => this.onChange(event),
          onStatus: (status) => (this.status.value = status),
          onUnauthorized: () => auth.signOut(),
        });
      });
    }, 0);
  }

  subscribe(listener: ChangeListener, since?: number): () => void {
    if (since !== undefined) for (const change of this.kept) if (change.event.seq > since) listener(change);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    window.clearTimeout(this.lingerTimer);
    window.clearTimeout(this.connectTimer);
    this.controller.abort();
    this.feed?.close();
    this.feed = null;
    this.listeners.clear();
  }

  private publish(calendar: MeetingCalendar): void {
    this.loadedMeeting.value = calendar.meeting;
    this.rooms.value = calendar.rooms;
    this.sessions.value = new Map(calendar.sessions);
  }

  private onChange(event: ChangeEvent): void {
    const calendar = this.calendar!;
    let applied: Applied;
    try {
      applied = calendar.apply(event);
    } catch (e) {
      console.error('could not apply change', event, e);
      applied = { kind: 'none' };
    }
    if (applied.kind === 'session' || applied.kind === 'rooms' || applied.kind === 'agenda') batch(() => this.publish(calendar));
    else if (applied.kind === 'meeting') void this.reloadMeeting();
    const change = { event, applied };
    this.kept.push(change);
    if (this.kept.length > KEPT_CHANGES) this.kept.shift();
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (e) {
        console.error('a page failed on a change', event, e);
      }
    }
  }

  /** meeting.updated names no fields: read the meeting again (dates, title, zone). */
  private async reloadMeeting(): Promise<void> {
    try {
      const meeting = await api<MeetingDto>(this.base, { signal: this.controller.signal });
      if (!this.calendar) return;
      this.calendar.meeting = meeting;
      this.loadedMeeting.value = meeting;
    } catch {
      /* the next meeting.updated or a reload will catch up */
    }
  }
}

/** The stores in use or lingering, by meeting code. */
const stores = new Map<string, Store>();

function drop(store: Store): void {
  store.close();
  if (stores.get(store.code) === store) stores.delete(store.code);
}

/** The meeting's store, made (and loaded) if no page holds it; release it when the page goes. */
export function acquireMeeting(code: string): MeetingLease {
  for (const other of [...stores.values()]) {
    // Another meeting's lingering store, one that failed to load, or one for a signed-out token.
    if (other.users === 0 && (other.code !== code || other.failed || other.token !== auth.token())) drop(other);
  }
  let store = stores.get(code);
  if (store && store.token !== auth.token()) {
    drop(store);
    store = undefined;
  }
  if (!store) {
    store = new Store(code);
    stores.set(code, store);
  }
  const held = store;
  held.users++;
  window.clearTimeout(held.lingerTimer);
  let released = false;
  return {
    store: held,
    release: () => {
      if (released) return;
      released = true;
      held.users--;
      if (held.users > 0) return;
      if (held.failed) drop(held);
      else held.lingerTimer = window.setTimeout(() => drop(held), LINGER_MS);
    },
  };
}

/** Calls `listener` with every change of the store from `since` on, while the component is mounted. */
export function useMeetingChanges(store: MeetingStore, listener: ChangeListener, since?: number): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => store.subscribe((change) => latest.current(change), since), [store]);
}
