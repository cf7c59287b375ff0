import { Inject, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { LIVE_NAMESPACE, LiveEvents, type FeedHeadPayload, type LiveErrorPayload, type SubscribedPayload } from '@cop/contracts';
import type { Audience, Caller } from '../auth/access';
import { AudienceService } from '../auth/audience.service';
import { TokenService } from '../auth/token.service';
import { ChangePublisher, liveRoom } from '../changes/change-publisher.service';
import { ChangesService } from '../changes/changes.service';
import { APP_CONFIG, type AppConfig } from '../config/config';

const subscribeSchema = z
  .object({
    meeting: z.string().min(1).max(40),
    since: z.number().int().min(0).optional(),
  })
  .strict();

const REPLAY_PAGE = 500;
/** Even with nothing missed, subscribers hear the head this often (it costs a broadcast). */
const HEAD_REFRESH_MS = 60_000;

interface SocketData {
  /** Null for an anonymous connection; the audience is decided per meeting at subscribe. */
  caller: Caller | null;
}

/**
 * The live channel. A client connects (optionally with `auth: { token }`), subscribes to a
 * meeting with the last seq it has, is sent what it missed from PostgreSQL, then receives new
 * changes as they are broadcast. Every few seconds each meeting room is told the feed head, so
 * a client that lost a broadcast (Redis restart, crashed writer) notices and re-subscribes.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnApplicationShutdown {
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() private readonly ns!: Namespace;
  private headTimer: NodeJS.Timeout | null = null;
  private readonly announcedAt = new Map<string, number>();

  constructor(
    private readonly tokens: TokenService,
    private readonly changes: ChangesService,
    private readonly publisher: ChangePublisher,
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audiences: AudienceService,
  ) {}

  afterInit(ns: Namespace): void {
    this.publisher.attach(ns);
    this.headTimer = setInterval(() => void this.announceHeads(), this.config.LIVE_HEAD_INTERVAL_MS);
    this.headTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.headTimer) clearInterval(this.headTimer);
  }

  handleConnection(socket: Socket): void {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === undefined || token === null || token === '') {
      (socket.data as SocketData).caller = null;
      return;
    }
    const caller = typeof token === 'string' ? this.tokens.verify(token) : null;
    if (!caller) {
      this.fail(socket, 'unauthorized', 'The token is invalid or expired; connect without one for public content.');
      socket.disconnect(true);
      return;
    }
    (socket.data as SocketData).caller = caller;
  }

  @SubscribeMessage(LiveEvents.Subscribe)
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<void> {
    const parsed = subscribeSchema.safeParse(body);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return this.fail(socket, 'bad-request', `subscribe needs { meeting, since? }: ${i.path.join('.') || 'payload'} ${i.message}`);
    }
    const { meeting, since } = parsed.data;
    try {
      const rows: { id: string }[] = await this.ds.query('SELECT id FROM meeting WHERE code = $1', [meeting]);
      if (!rows.length) return this.fail(socket, 'not-found', `No meeting with code ${meeting}.`);
      // Participants of THIS meeting (an approved registration) or the secretariat see participants-only sessions.
      const audience: Audience = await this.audiences.of((socket.data as SocketData).caller ?? null, meeting);
      // A re-subscribe after the registration changed moves the socket to the other room.
      await socket.leave(liveRoom(meeting, audience === 'participants' ? 'public' : 'participants'));
      // Join, then read the head, then replay (since, head]. A change above the head commits
      // after the join, so the room delivers it: nothing falls between replay and live, and
      // only a change caught between its commit and its broadcast can arrive twice (the
      // client's ChangeCursor drops it by seq).
      await socket.join(liveRoom(meeting, audience));
      const [{ last_seq: head }]: { last_seq: string }[] = await this.ds.query('SELECT last_seq FROM meeting WHERE id = $1', [rows[0].id]);
      const lastSeq = Number(head);
      if (since !== undefined) {
        for (let cursor = since; cursor < lastSeq;) {
          const page = await this.changes.since(rows[0].id, cursor, audience, Math.min(REPLAY_PAGE, lastSeq - cursor));
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

  private fail(socket: Socket, code: LiveErrorPayload['code'], message: string): void {
    socket.emit(LiveEvents.Error, { code, message } satisfies LiveErrorPayload);
  }

  /** Tells each meeting room on this process the newest seq (local sockets only: every process does its own). */
  private async announceHeads(): Promise<void> {
    const meetings = new Set<string>();
    for (const room of this.ns.adapter.rooms.keys()) {
      const m = /^live:(.+):(public|participants)$/.exec(room);
      if (m) meetings.add(m[1]);
    }
    if (!meetings.size) return;
    try {
      const rows: { code: string; last_seq: string }[] = await this.ds.query('SELECT code, last_seq FROM meeting WHERE code = ANY($1)', [
        [...meetings],
      ]);
      for (const r of rows) {
        const payload: FeedHeadPayload = { meeting: r.code, lastSeq: Number(r.last_seq) };
        const now = Date.now();
        // Only when a change may have missed this process's sockets, plus a slow refresh.
        if (!this.publisher.behind(r.code, payload.lastSeq) && now - (this.announcedAt.get(r.code) ?? 0) < HEAD_REFRESH_MS) continue;
        this.announcedAt.set(r.code, now);
        this.publisher.markDelivered(r.code, payload.lastSeq);
        this.ns.local.to([liveRoom(r.code, 'public'), liveRoom(r.code, 'participants')]).emit(LiveEvents.FeedHead, payload);
      }
    } catch {
      // PostgreSQL unreachable: nothing to announce this time.
    }
  }
}
