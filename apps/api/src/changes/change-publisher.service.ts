import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { createRedis, REDIS } from '../redis/redis.module';
import { lockOrphans, markPublished, type Change } from './change.queries';
import { FeedHeads } from './feed-heads.service';

/** A change still unpublished after this long was orphaned (its writer crashed): re-send it. */
const ORPHAN_AFTER_MS = 2000;

/**
 * Broadcasts committed changes: `committed` hands each to whoever fans it out to sockets (the
 * feed gateway, which reaches every api process through the socket.io Redis adapter), and
 * every process's FeedHeads is told. Publishing happens after commit; a crash in between leaves `published_at` null and the outbox poller of any process sends it later.
 * Clients de-duplicate by seq, so sending twice is harmless; never sending is not.
 */
@Injectable()
export class ChangePublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ChangePublisher.name);
  /** Each committed change, once, in seq order per meeting; nothing listens in the worker. */
  readonly committed = new Subject<Change>();
  private subscriber: Redis | null = null;
  private poller: NodeJS.Timeout | null = null;
  /** Per meeting code: the newest seq this process's sockets are known to have been sent. */
  private readonly delivered = new Map<string, number>();
  /** Where every process hears of each committed change (per deployment, like the adapter's broadcasts). */
  private readonly headChannel: string;

  constructor(
    private readonly ds: DataSource,
    private readonly heads: FeedHeads,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.headChannel = `${config.LIVE_CHANNEL_PREFIX}:feed-head`;
  }

  onModuleInit(): void {
    this.subscriber = createRedis(this.config.REDIS_URL, 'cop-feed-heads');
    void this.subscriber.subscribe(this.headChannel).catch(() => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => {
      const [meetingId, seq, code] = message.split(' ');
      this.heads.bump(meetingId, Number(seq));
      // The adapter carries the broadcast on the same Redis connection pattern: if this
      // notice arrived, so did the change.
      if (code) this.markDelivered(code, Number(seq));
    });
    this.poller = setInterval(() => void this.publishOrphans(), this.config.OUTBOX_POLL_MS);
    this.poller.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.subscriber?.disconnect();
  }

  /** Call after the transaction that appended `changes` has committed. */
  async publish(changes: Change[]): Promise<void> {
    for (const change of changes) this.broadcast(change);
    if (!changes.length) return;
    await markPublished(
      this.ds,
      changes[0].meetingId,
      changes.map((c) => c.seq),
    ).catch((e: Error) => this.logger.warn(`Could not mark changes published (the poller will resend): ${e.message}`));
  }

  private broadcast(change: Change): void {
    this.heads.bump(change.meetingId, change.seq);
    const meeting = change.payload.meeting;
    void this.redis.publish(this.headChannel, `${change.meetingId} ${change.seq} ${meeting}`).catch(() => undefined);
    this.markDelivered(meeting, change.seq);
    this.committed.next(change);
  }

  markDelivered(meeting: string, seq: number): void {
    if (seq > (this.delivered.get(meeting) ?? 0)) this.delivered.set(meeting, seq);
  }

  /**
   * Whether this process's subscribers may be behind `head` (a broadcast that never reached
   * this process: Redis away, a writer that crashed). Announcing the head to thousands of
   * sockets costs as much as a change, so it is sent only then.
   */
  behind(meeting: string, head: number): boolean {
    return head > (this.delivered.get(meeting) ?? 0);
  }

  /** Sends changes whose writer committed but never published (crashed, or lost its connection). */
  async publishOrphans(): Promise<number> {
    try {
      return await this.ds.transaction(async (em) => {
        const orphans = await lockOrphans(em, ORPHAN_AFTER_MS, 500);
        for (const change of orphans) {
          this.broadcast(change);
          await markPublished(em, change.meetingId, [change.seq]);
        }
        if (orphans.length) this.logger.warn(`Re-sent ${orphans.length} change(s) left unpublished by an interrupted writer`);
        return orphans.length;
      });
    } catch {
      return 0; // PostgreSQL unreachable: try again next tick.
    }
  }
}
