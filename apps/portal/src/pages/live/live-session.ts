/**
 * The live page's data, and the one place it meets the meeting's store. The meeting and its
 * sessions are the store's (shared with the meeting's other pages over one feed connection);
 * the streams, which the store does not hold, are read here and kept current from the store's
 * change events.
 */
import type { MeetingDto, SessionDto } from '@cop/contracts/calendar';
import type { ChangeEvent } from '@cop/contracts/feed';
import type { StreamDto, StreamListDto } from '@cop/contracts/streams';
import { effect, signal, type ReadonlySignal } from '@preact/signals';
import { apiAnswer } from '../../api';
import { acquireMeeting, type MeetingLease } from '../../meeting-store';

export interface LiveSession {
  meeting: ReadonlySignal<MeetingDto>;
  sessions: ReadonlySignal<ReadonlyMap<string, SessionDto>>;
  streams: ReadonlySignal<StreamDto[]>;
  /** Calls `listener` with every change after the streams list, once applied; returns the unsubscribe. */
  subscribe(listener: (event: ChangeEvent) => void): () => void;
  /** A stream as the API answered a change to it (the console's own), kept unless the feed brought a newer one. */
  putStream(stream: StreamDto): void;
  /** The page is going: stop listening and release the store. */
  close(): void;
}

const streamsPath = (code: string) => `/api/meetings/${encodeURIComponent(code)}/streams`;

/** The meeting's store once loaded, and its streams; rejects as the loads do (ApiError, NetworkError, AbortError). */
export async function openLiveSession(code: string, signal: AbortSignal): Promise<LiveSession> {
  const lease = acquireMeeting(code);
  try {
    await lease.store.ready;
    // After the store's snapshot: the streams answer is at least as recent, and the store
    // replays to us every change it applied after the answer's lastSeq.
    const answer = await apiAnswer<StreamListDto>(streamsPath(code), { signal });
    return liveSession(lease, answer.body, answer.cachedAt !== null);
  } catch (e) {
    lease.release();
    throw e;
  }
}

function liveSession(lease: MeetingLease, list: StreamListDto, saved: boolean): LiveSession {
  const { store } = lease;
  const streams = signal(list.streams);
  /** Changes up to here are in the streams list already (a stream's revision orders the rest). */
  const since = list.lastSeq;
  const listeners = new Set<(event: ChangeEvent) => void>();
  const controller = new AbortController();

  const put = (s: StreamDto) => {
    const all = streams.value;
    const known = all.find((x) => x.id === s.id);
    if (known && s.revision < known.revision) return; // the feed or the API brought a newer one
    streams.value = known ? all.map((x) => (x.id === s.id ? s : x)) : [...all, s];
  };

  const unsubscribe = store.subscribe(({ event }) => {
    if (event.seq <= since) return;
    if (event.stream) put(event.stream);
    for (const listener of listeners) listener(event);
  }, since);

  // A list saved for offline use may be older than the store's snapshot, whose changes the store
  // no longer replays: once the feed is back, read the streams again.
  let reread = !saved;
  const stopWatching = effect(() => {
    if (reread || store.status.value !== 'live') return;
    reread = true;
    apiAnswer<StreamListDto>(streamsPath(store.code), { signal: controller.signal }).then(
      ({ body }) => body.streams.forEach(put),
      () => undefined,
    );
  });

  return {
    meeting: store.meeting,
    sessions: store.sessions,
    streams,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    putStream: put,
    close: () => {
      controller.abort();
      stopWatching();
      unsubscribe();
      listeners.clear();
      lease.release();
    },
  };
}
