import { Inject, Logger, NotFoundException, OnApplicationShutdown } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import {
  LIVE_NAMESPACE,
  LiveEvents,
  type ChangeEvent,
  type FeedHeadPayload,
  type FeedResyncPayload,
  type LiveErrorPayload,
  type SubscribedPayload,
} from '@cop/contracts';
import type { Audience, Caller } from '../auth/access';
import { AudienceNotices } from '../auth/audience-notices.service';
import { AudienceService } from '../auth/audience.service';
import { TokenService } from '../auth/token.service';
import { UsersService } from '../auth/users.service';
import type { Change } from '../changes/change.queries';
import { ChangePublisher } from '../changes/change-publisher.service';
import { ChangesService, changeFor } from '../changes/changes.service';
import { FeedHeads } from '../changes/feed-heads.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { FeedLimits } from './feed-limits';

const subscribeSchema = z
  .object({
    meeting: z.string().min(1).max(40),
    since: z.number().int().min(0).optional(),
  })
  .strict();

/** The room of a meeting's sockets of one audience (the name crosses processes through the Redis adapter). */
const audienceRoom = (meeting: string, audience: Audience) => `live:${meeting}:${audience}`;
const AUDIENCE_ROOM = /^live:(.+):(public|participants)$/;
/** The room of one account's sockets on this process, to find them when what it may see changes. */
const accountRoom = (userId: string) => `account:${userId}`;
/** The longest delay setTimeout keeps; a later token expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The meetings a socket follows, from its audience rooms. */
function followedMeetings(socket: Socket): string[] {
  return [...socket.rooms].flatMap((room) => AUDIENCE_ROOM.exec(room)?.[1] ?? []);
}

const REPLAY_PAGE = 500;
/** Even with nothing missed, subscribers hear the head this often (it costs a broadcast). */
const HEAD_REFRESH_MS = 60_000;

interface SocketData {
  /** Null for an anonymous connection; the audience is decided per meeting at subscribe. */
  caller: Caller | null;
  /** The client address this socket is counted against; unset when it was refused. */
  address?: string;
  /** Drops the socket's token when it expires. */
  expiry?: NodeJS.Timeout;
}

/**
 * The change feed over socket.io (the `/live` namespace). A client connects (optionally with
 * `auth: { token }`), subscribes to a meeting with the last seq it has, is sent what it missed
 * from PostgreSQL (or, past LIVE_REPLAY_MAX changes, told to read them over REST), then receives
 * new changes as they are broadcast. Every few seconds each meeting room is told the feed head,
 * so a client that lost a broadcast (Redis restart, crashed writer) notices and re-subscribes.
 * A socket's audience follows its account: a registration change or the token's expiry moves
 * or drops it at once, not at its next subscribe.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class FeedGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnApplicationShutdown {
  private readonly logger = new Logger(FeedGateway.name);
  @WebSocketServer() private readonly ns!: Namespace;
  private headTimer: NodeJS.Timeout | null = null;
  private committed: Subscription | null = null;
  private audienceChanges: Subscription | null = null;
  private readonly limits: FeedLimits;
  private readonly announcedAt = new Map<string, number>();

  constructor(
    private readonly tokens: TokenService,
    private readonly changes: ChangesService,
    private readonly publisher: ChangePublisher,
    private readonly heads: FeedHeads,
    private readonly meetings: MeetingLookup,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audiences: AudienceService,
    private readonly audienceNotices: AudienceNotices,
    private readonly users: UsersService,
  ) {
    this.limits = new FeedLimits(config);
  }

  afterInit(ns: Namespace): void {
    this.committed = this.publisher.committed.subscribe((change) => this.fanOut(ns, change));
    this.audienceChanges = this.audienceNotices.changed.subscribe((userId) => void this.reconsider(userId));
    this.headTimer = setInterval(() => void this.announceHeads(), this.config.LIVE_HEAD_INTERVAL_MS);
    this.headTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.headTimer) clearInterval(this.headTimer);
    this.committed?.unsubscribe();
    this.audienceChanges?.unsubscribe();
  }

  /** One emit per audience room: socket.io encodes each packet once for the whole room. */
  private fanOut(ns: Namespace, change: Change): void {
    const meeting = change.payload.meeting;
    try {
      ns.to(audienceRoom(meeting, 'participants')).emit(LiveEvents.CalendarChanged, change.payload);
      ns.to(audienceRoom(meeting, 'public')).emit(LiveEvents.CalendarChanged, changeFor(change, 'public') satisfies ChangeEvent);
    } catch (e) {
      // Not fatal: clients catch up from PostgreSQL at the next feed head they hear.
      this.logger.error(`broadcast of ${meeting} #${change.seq} failed: ${(e as Error).message}`);
    }
  }

  handleConnection(socket: Socket): void {
    const data = socket.data as SocketData;
    data.caller = null;
    const address = this.limits.addressOf(socket);
    if (!this.limits.admit(address)) {
      this.fail(socket, 'too-many-connections', 'Too many live connections from this address; close some and try again.', 60_000);
      socket.disconnect(true);
      return;
    }
    data.address = address;
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === undefined || token === null || token === '') return;
    const caller = typeof token === 'string' ? this.tokens.verify(token) : null;
    if (!caller) {
      this.fail(socket, 'unauthorized', 'The token is invalid or expired; connect without one for public content.');
      socket.disconnect(true);
      return;
    }
    data.caller = caller;
    void socket.join(accountRoom(caller.id));
    const expiresAt = this.tokens.expiryOf(token as string);
    if (expiresAt !== null) this.dropAtExpiry(socket, expiresAt);
  }

  handleDisconnect(socket: Socket): void {
    const data = socket.data as SocketData;
    if (data.expiry) clearTimeout(data.expiry);
    if (data.address !== undefined) this.limits.release(data.address, socket.id);
  }

  /** At the token's expiry the socket loses what it saw with it: the client comes back without it. */
  private dropAtExpiry(socket: Socket, expiresAt: number): void {
    const data = socket.data as SocketData;
    data.expiry = setTimeout(
      () => {
        if (Date.now() < expiresAt) return this.dropAtExpiry(socket, expiresAt);
        this.fail(socket, 'unauthorized', 'The token has expired; sign in again, or connect without one for public content.');
        socket.disconnect(true);
      },
      Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS),
    );
    data.expiry.unref();
  }

  /**
   * What an account may see changed: each of its sockets here moves to the room of the audience
   * it now has in every meeting it follows, or is dropped when the account is gone.
   */
  private async reconsider(userId: string): Promise<void> {
    const ids = this.ns.adapter.rooms.get(accountRoom(userId));
    if (!ids?.size) return;
    try {
      const caller = await this.users.callerById(userId);
      for (const id of [...ids]) {
        const socket = this.ns.sockets.get(id);
        if (!socket) continue;
        if (!caller) {
          this.fail(socket, 'unauthorized', 'The account is no longer active; connect without a token for public content.');
          socket.disconnect(true);
          continue;
        }
        (socket.data as SocketData).caller = caller;
        for (const meeting of followedMeetings(socket)) await this.place(socket, meeting, await this.audiences.of(caller, meeting));
      }
    } catch (e) {
      // PostgreSQL away: the sockets keep their rooms until their next subscribe decides again.
      this.logger.error(`could not re-decide the audience of ${userId}: ${(e as Error).message}`);
    }
  }

  /** Puts the socket in the meeting's room of `audience`, out of the other one. */
  private async place(socket: Socket, meeting: string, audience: Audience): Promise<void> {
    await socket.leave(audienceRoom(meeting, audience === 'participants' ? 'public' : 'participants'));
    await socket.join(audienceRoom(meeting, audience));
  }

  @SubscribeMessage(LiveEvents.Subscribe)
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<void> {
    const refused = await this.limits.takeSubscribe(socket.id);
    if (refused) {
      const { retryAfterMs, first, flooding } = refused;
      if (first || flooding)
        this.fail(socket, 'rate-limited', `Too many subscribes; try again in ${Math.ceil(retryAfterMs / 1000)} s.`, retryAfterMs);
      // Several budgets at once is not a client catching up: drop it rather than read the rest of its flood.
      if (flooding) socket.disconnect(true);
      return;
    }
    const parsed = subscribeSchema.safeParse(body);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return this.fail(socket, 'bad-request', `subscribe needs { meeting, since? }: ${i.path.join('.') || 'payload'} ${i.message}`);
    }
    const { meeting, since } = parsed.data;
    if (this.limits.tooManyMeetings(followedMeetings(socket), meeting))
      return this.fail(socket, 'too-many-meetings', `One connection follows at most ${this.config.LIVE_MEETINGS_PER_SOCKET} meetings.`);
    try {
      const found = await this.meetings.get(meeting).catch((e: unknown) => {
        if (e instanceof NotFoundException) return null;
        throw e;
      });
      if (!found) return this.fail(socket, 'not-found', `No meeting with code ${meeting}.`);
      // Participants of THIS meeting (an approved registration) or the secretariat see participants-only sessions.
      const audience: Audience = await this.audiences.of((socket.data as SocketData).caller ?? null, meeting);
      // Join, then read the head, then replay (since, head]. A change above the head commits
      // after the join, so the room delivers it: nothing falls between replay and live, and
      // only a change caught between its commit and its broadcast can arrive twice (the
      // client's ChangeCursor drops it by seq). A re-subscribe after the registration changed
      // moves the socket to the other room.
      await this.place(socket, meeting, audience);
      const lastSeq = await this.heads.fresh(found.id);
      if (since !== undefined && lastSeq - since > this.config.LIVE_REPLAY_MAX) {
        // A long absence is read over REST, page by page, instead of held in this socket's buffer.
        socket.emit(LiveEvents.FeedResync, { meeting, since, lastSeq } satisfies FeedResyncPayload);
      } else if (since !== undefined) {
        for (let cursor = since; cursor < lastSeq;) {
          const page = await this.changes.since(found.id, cursor, audience, Math.min(REPLAY_PAGE, lastSeq - cursor));
          if (!page.length) break;
          for (const change of page) socket.emit(LiveEvents.CalendarChanged, change);
          cursor = page[page.length - 1].seq;
        }
      }
      socket.emit(LiveEvents.Subscribed, { meeting, lastSeq } satisfies SubscribedPayload);
    } catch (e) {
      this.logger.error(`subscribe failed: ${(e as Error).message}`);
      this.fail(socket, 'internal', 'The feed is unavailable right now; try again shortly.');
    }
  }

  private fail(socket: Socket, code: LiveErrorPayload['code'], message: string, retryAfterMs?: number): void {
    socket.emit(LiveEvents.Error, { code, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } satisfies LiveErrorPayload);
  }

  /** Tells each meeting room on this process the newest seq (local sockets only: every process does its own). */
  private async announceHeads(): Promise<void> {
    const meetings = new Set<string>();
    for (const room of this.ns.adapter.rooms.keys()) {
      const m = AUDIENCE_ROOM.exec(room);
      if (m) meetings.add(m[1]);
    }
    if (!meetings.size) return;
    try {
      for (const r of await this.heads.freshByCode([...meetings])) {
        const payload: FeedHeadPayload = { meeting: r.code, lastSeq: r.lastSeq };
        const now = Date.now();
        // Only when a change may have missed this process's sockets, plus a slow refresh.
        if (!this.publisher.behind(r.code, payload.lastSeq) && now - (this.announcedAt.get(r.code) ?? 0) < HEAD_REFRESH_MS) continue;
        this.announcedAt.set(r.code, now);
        this.publisher.markDelivered(r.code, payload.lastSeq);
        this.ns.local.to([audienceRoom(r.code, 'public'), audienceRoom(r.code, 'participants')]).emit(LiveEvents.FeedHead, payload);
      }
    } catch {
      // PostgreSQL unreachable: nothing to announce this time.
    }
  }
}
