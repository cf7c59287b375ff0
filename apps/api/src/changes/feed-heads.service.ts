import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Memo } from '../common/memo';
import { findFeedHead, findFeedHeadsByCode } from './change.queries';

/** How long the head PostgreSQL reported is trusted before it is asked again. */
const TRUST_MS = 1000;

/**
 * The newest seq of each meeting's feed, kept in memory so hot reads (the schedule, its ETag)
 * rarely need a query. Local writes and Redis notifications bump it at once; PostgreSQL is
 * asked again after a second, so a lost notification costs at most a second.
 */
@Injectable()
export class FeedHeads {
  private readonly stored = new Memo<number>({ ttlMs: TRUST_MS, max: 10_000 });
  /** The highest seq each meeting is known to have reached, from bumps and reads. */
  private readonly reached = new Map<string, number>();

  constructor(private readonly ds: DataSource) {}

  async get(meetingId: string): Promise<number> {
    const seq = await this.stored.get(meetingId, () => findFeedHead(this.ds, meetingId));
    this.bump(meetingId, seq);
    return this.reached.get(meetingId)!;
  }

  /** The head as PostgreSQL has it now, for a replay that must not miss a committed change. */
  async fresh(meetingId: string): Promise<number> {
    const seq = await findFeedHead(this.ds, meetingId);
    this.bump(meetingId, seq);
    return seq;
  }

  /** The heads of these meetings as PostgreSQL has them now, by code; unknown codes are left out. */
  freshByCode(codes: string[]): Promise<{ code: string; lastSeq: number }[]> {
    return findFeedHeadsByCode(this.ds, codes);
  }

  /** Records that the feed has reached at least `seq`. */
  bump(meetingId: string, seq: number): void {
    if (seq > (this.reached.get(meetingId) ?? -1)) this.reached.set(meetingId, seq);
  }
}
