import type { MeetingDto, SessionDto, SessionListDto } from '@cop/contracts/calendar';
import type { ChangeEvent } from '@cop/contracts/feed';
import type { StreamDto, StreamListDto } from '@cop/contracts/streams';
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import * as auth from '../../auth';
import { FeedConnection } from '../../feed';

/** What the live page starts from: the meeting, its streams and its sessions. */
export interface LiveSnapshot {
  meeting: MeetingDto;
  streams: StreamListDto;
  sessions: SessionListDto;
}

/** The page's view of the meeting, kept current by the change feed. */
export interface LiveSession {
  meeting: MeetingDto;
  streams: ReadonlySignal<StreamDto[]>;
  sessions: ReadonlySignal<ReadonlyMap<string, SessionDto>>;
  /** Calls `listener` with every change after it was applied; returns the unsubscribe. */
  subscribe(listener: (event: ChangeEvent) => void): () => void;
  /** A stream as the API answered a change to it (the console's own), applied like a feed change. */
  putStream(stream: StreamDto): void;
}

export async function loadLiveSnapshot(code: string, signal: AbortSignal): Promise<LiveSnapshot> {
  const base = `/api/meetings/${encodeURIComponent(code)}`;
  // Streams first: its lastSeq is where the feed resumes, so nothing after it is missed.
  const streams = await api<StreamListDto>(`${base}/streams`, { signal });
  const [meeting, sessions] = await Promise.all([api<MeetingDto>(base, { signal }), api<SessionListDto>(`${base}/sessions`, { signal })]);
  return { meeting, streams, sessions };
}

/** The session's signals, and how a change is applied to them. */
function liveSession(snapshot: LiveSnapshot): { session: LiveSession; apply(event: ChangeEvent): void } {
  const streams = signal(snapshot.streams.streams);
  const sessions = signal<ReadonlyMap<string, SessionDto>>(new Map(snapshot.sessions.sessions.map((s) => [s.id, s])));
  const listeners = new Set<(event: ChangeEvent) => void>();
  const apply = (event: ChangeEvent) => {
    batch(() => {
      const s = event.stream;
      if (s) {
        const list = streams.value;
        streams.value = list.some((x) => x.id === s.id) ? list.map((x) => (x.id === s.id ? s : x)) : [...list, s];
      } else if (event.session && 'startsAt' in event.session) {
        sessions.value = new Map(sessions.value).set(event.session.id, event.session);
      } else if (event.kind === 'session.removed' && event.session) {
        const next = new Map(sessions.value);
        next.delete(event.session.id);
        sessions.value = next;
      }
    });
    for (const listener of listeners) listener(event);
  };
  const session: LiveSession = {
    meeting: snapshot.meeting,
    streams,
    sessions,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    putStream: (stream) => {
      const known = streams.value.find((x) => x.id === stream.id);
      // The feed may have brought a newer revision already.
      if (!known || stream.revision >= known.revision) apply({ meeting: stream.meeting, seq: 0, kind: 'stream.status', at: '', stream });
    },
  };
  return { session, apply };
}

/**
 * The one place the live page meets the feed: the snapshot's streams and sessions as signals,
 * changed by each feed event, for as long as the page is mounted.
 */
export function useLiveSession(snapshot: LiveSnapshot, onUnauthorized: () => void): LiveSession {
  const [{ session, apply }] = useState(() => liveSession(snapshot));
  const latest = useRef(onUnauthorized);
  latest.current = onUnauthorized;
  useEffect(() => {
    const feed = new FeedConnection({
      meeting: snapshot.meeting.code,
      since: snapshot.streams.lastSeq,
      token: auth.token(),
      onChange: apply,
      onStatus: () => undefined,
      onUnauthorized: () => latest.current(),
    });
    return () => feed.close();
  }, [snapshot]);
  return session;
}
