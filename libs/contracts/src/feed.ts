import type { AgendaItemDto, RoomDto, SessionDto } from './calendar';
import type { LocalizedText } from './languages';
import type { DocumentChangeDto, DocumentMetadataDto } from './documents';
import type { StreamDto } from './streams';

/** socket.io namespace of the change feed (named /live for existing clients). */
export const LIVE_NAMESPACE = '/live';

/** Event names, client → server and server → client. */
export const LiveEvents = {
  /** client → server: { meeting, since? } */
  Subscribe: 'subscribe',
  /** server → client, once the replay after `since` has been sent: { meeting, lastSeq } */
  Subscribed: 'subscribed',
  /** server → client: one change of the meeting's feed, whatever its kind (session.*, document.published, ...) */
  CalendarChanged: 'calendar.changed',
  /** server → client, every few seconds per meeting: the newest seq, so a client notices what it missed */
  FeedHead: 'feed.head',
  /**
   * server → client, instead of a replay longer than the server sends over the socket:
   * { meeting, since, lastSeq }. The client reads (since, lastSeq] from GET /api/meetings/:code/changes
   * page by page; changes after lastSeq arrive on the socket as usual.
   */
  FeedResync: 'feed.resync',
  /** server → client: a request the server could not accept */
  Error: 'error',
} as const;

export const CALENDAR_CHANGE_KINDS = [
  'session.created',
  'session.updated',
  'session.cancelled',
  /** The session is no longer visible to this audience (e.g. made participants-only). */
  'session.removed',
  'room.created',
  'room.updated',
  'room.deleted',
  'agenda-item.created',
  'agenda-item.updated',
  'agenda-item.deleted',
  'meeting.updated',
] as const;
export type CalendarChangeKind = (typeof CALENDAR_CHANGE_KINDS)[number];

/**
 * stream.status: status, session on air or "now in plenary" changed (the secretariat's live
 * controls); stream.created / stream.updated: the stream itself (name, room, URLs, channels).
 * Each carries the whole stream.
 */
export const STREAM_CHANGE_KINDS = ['stream.created', 'stream.updated', 'stream.status'] as const;
export type StreamChangeKind = (typeof STREAM_CHANGE_KINDS)[number];

// Kept beside the other kinds of the feed, which every client switches on.
// document.published: a file was stored; document.updated: the secretariat corrected titles,
// type, agenda items or distribution; document.removed: no longer visible to this audience
// (clients that may still see it, such as the secretariat, re-read it).
export const DOCUMENT_CHANGE_KINDS = ['document.published', 'document.updated', 'document.removed'] as const;
export type DocumentChangeKind = (typeof DOCUMENT_CHANGE_KINDS)[number];

/**
 * What the public room receives for a change to something it never saw (a participants-only
 * session or document): only that the feed moved, so its cursor advances. A thing the public
 * did see and may no longer see comes as session.removed / document.removed instead.
 */
export const REDACTED = 'redacted';

/**
 * Every kind the change feed carries, calendar and documents alike: one feed, one seq. Clients
 * apply the kinds they know and skip the rest (still advancing their cursor).
 */
export const CHANGE_KINDS = [...CALENDAR_CHANGE_KINDS, ...DOCUMENT_CHANGE_KINDS, ...STREAM_CHANGE_KINDS, REDACTED] as const;
export type ChangeKind = CalendarChangeKind | DocumentChangeKind | StreamChangeKind | typeof REDACTED;

export interface SubscribeRequest {
  meeting: string;
  since?: number;
}

export interface SubscribedPayload {
  meeting: string;
  lastSeq: number;
}

/** One entry of a meeting's change feed, as clients receive it (live or in catch-up). */
export interface ChangeEvent {
  meeting: string;
  seq: number;
  kind: ChangeKind;
  at: string;
  session?: SessionDto | { id: string };
  room?: RoomDto | { id: string };
  agendaItem?: AgendaItemDto | { id: string };
  /**
   * document.published: the document and the language version just stored; document.updated:
   * the document's metadata; document.removed: its id only.
   */
  document?: DocumentChangeDto | DocumentMetadataDto | { id: string };
  /** stream.*: the stream as it now is. */
  stream?: StreamDto;
}

/** The document and file a `document.published` change announces (null for any other change). */
export function publishedDocument(event: ChangeEvent): DocumentChangeDto | null {
  return event.kind === 'document.published' && event.document && 'sha256' in event.document ? event.document : null;
}

/** The id of the document a `document.updated` / `document.removed` change is about (else null). */
export function correctedDocumentId(event: ChangeEvent): string | null {
  return (event.kind === 'document.updated' || event.kind === 'document.removed') && event.document ? event.document.id : null;
}

export interface FeedHeadPayload {
  meeting: string;
  lastSeq: number;
}

export interface FeedResyncPayload {
  meeting: string;
  since: number;
  lastSeq: number;
}

/**
 * rate-limited: too many subscribes (refused; a socket far over its budget is disconnected); too-many-meetings: the
 * socket follows as many meetings as it may; too-many-connections: this address holds as many
 * sockets as it may (the socket is disconnected).
 */
export interface LiveErrorPayload {
  code: 'bad-request' | 'not-found' | 'unauthorized' | 'internal' | 'rate-limited' | 'too-many-meetings' | 'too-many-connections';
  message: string;
  /** rate-limited, too-many-connections: when trying again may succeed. */
  retryAfterMs?: number;
}

export interface ChangeListDto {
  meeting: string;
  since: number;
  lastSeq: number;
  changes: ChangeEvent[];
}

/** One calendar change of a day, for the secretariat: what, when and who (GET /changes/today). */
export interface ChangeLogEntryDto {
  seq: number;
  at: string;
  kind: CalendarChangeKind;
  /** The session, room or agenda item it concerns; title: as it was written then, null if only an id was recorded. */
  subject: { type: 'session' | 'room' | 'agenda-item' | 'meeting'; id: string | null; title: LocalizedText | null };
  /** Who made it; null for changes made by the system (or before actors were recorded). */
  actor: { id: string; displayName: string } | null;
}

export interface ChangeLogDto {
  meeting: string;
  /** The venue's day, YYYY-MM-DD. */
  day: string;
  /** Newest first. */
  changes: ChangeLogEntryDto[];
}

/**
 * Applies a meeting's change feed in seq order, exactly once, whatever order the network
 * delivers it in: duplicates are dropped, early arrivals wait for the gap to be filled, and
 * `onGap` asks the caller to fetch what is missing (re-subscribe with `since = lastSeq`).
 * Used by the portal, the tests and the benchmark alike.
 */
export class ChangeCursor<E extends { seq: number } = ChangeEvent> {
  private pending = new Map<number, E>();

  constructor(
    public lastSeq: number,
    private readonly apply: (event: E) => void,
    private readonly onGap: (lastSeq: number) => void = () => undefined,
  ) {}

  /** Offer one event; returns how many events were applied as a result. */
  offer(event: E): number {
    if (event.seq <= this.lastSeq || this.pending.has(event.seq)) return 0;
    this.pending.set(event.seq, event);
    const applied = this.drain();
    if (this.pending.size > 0) this.onGap(this.lastSeq);
    return applied;
  }

  /** The server says the feed is at `head`: anything beyond what we have is missing. */
  observeHead(head: number): void {
    if (head > this.lastSeq && !this.pending.has(this.lastSeq + 1)) this.onGap(this.lastSeq);
  }

  get waiting(): number {
    return this.pending.size;
  }

  private drain(): number {
    let applied = 0;
    for (let next = this.pending.get(this.lastSeq + 1); next; next = this.pending.get(this.lastSeq + 1)) {
      this.pending.delete(next.seq);
      this.lastSeq = next.seq;
      this.apply(next);
      applied++;
    }
    return applied;
  }
}
