import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long a head learned without a notification is trusted before PostgreSQL is asked again. */
const TRUST_MS = 1000;

/**
 * The newest seq of each meeting's feed, kept in memory so hot reads (the schedule, its ETag)
 * need no query. Local writes and Redis notifications bump it at once; a head not confirmed
 * for a second is re-read from PostgreSQL, so a lost notification costs at most a second.
 */
@Injectable()
export class FeedHeads {
  private readonly heads = new Map<string, { seq: number; confirmedAt: number }>();
  private readonly inflight = new Map<string, Promise<number>>();

  constructor(private readonly ds: DataSource) {}

  async get(meetingId: string): Promise<number> {
    const known = this.heads.get(meetingId);
    if (known && Date.now() - known.confirmedAt < TRUST_MS) return known.seq;
    let pending = this.inflight.get(meetingId);
    if (!pending) {
      pending = this.ds
        .query('SELECT last_seq FROM meeting WHERE id = $1', [meetingId])
        .then((rows: { last_seq: string }[]) => {
          const seq = rows.length ? Number(rows[0].last_seq) : 0;
          this.bump(meetingId, seq);
          return this.heads.get(meetingId)!.seq;
        })
        .finally(() => this.inflight.delete(meetingId));
      this.inflight.set(meetingId, pending);
    }
    return pending;
  }

  /** Records that the feed has reached at least `seq`. */
  bump(meetingId: string, seq: number): void {
    const known = this.heads.get(meetingId);
    this.heads.set(meetingId, { seq: Math.max(seq, known?.seq ?? 0), confirmedAt: Date.now() });
  }
}
