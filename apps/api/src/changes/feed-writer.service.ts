import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Visibility } from '@cop/contracts';
import { ChangePublisher } from './change-publisher.service';
import { ChangesService, type ChangeBody } from './changes.service';
import { lockMeeting, type Change, type PublicBody } from './change.queries';

/** The meeting row as seen under its write lock. */
export interface LockedMeeting {
  id: string;
  code: string;
  timeZone: string;
  startDate: string;
  endDate: string;
}

export interface FeedWork<T> {
  result: T;
  /** Appended after `work` returns, after any it appended itself. */
  changes: FeedEntry[];
}

/** One change to append; publicBody: for a participants-only change, what the public gets instead of `redacted`. */
export interface FeedEntry {
  visibility: Visibility;
  body: ChangeBody;
  publicBody?: PublicBody;
}

/** Appends a change at once, inside the write, for work that must record the seq it was given. */
export type AppendToFeed = (entry: FeedEntry) => Promise<number>;

/**
 * Runs a write to one meeting's calendar: locks the meeting (so rules like "no overlap" are
 * checked against a calendar nobody else is changing), lets `work` write, appends its changes
 * to the feed in the same transaction, and publishes them after commit.
 */
@Injectable()
export class FeedWriter {
  constructor(
    private readonly ds: DataSource,
    private readonly changes: ChangesService,
    private readonly publisher: ChangePublisher,
  ) {}

  /** `actorId`: the account making the change, recorded with each row for the secretariat. */
  async write<T>(
    meetingCode: string,
    work: (em: EntityManager, meeting: LockedMeeting, append: AppendToFeed) => Promise<FeedWork<T>>,
    actorId: string | null = null,
  ): Promise<T> {
    const { result, appended } = await this.ds.transaction(async (em) => {
      const r = await lockMeeting(em, meetingCode);
      if (!r) throw new NotFoundException(`No meeting with code ${meetingCode}.`);
      const meeting: LockedMeeting = { id: r.id, code: r.code, timeZone: r.time_zone, startDate: r.start_date, endDate: r.end_date };
      const appended: Change[] = [];
      const append: AppendToFeed = async (c) => {
        const change = await this.changes.append(em, meeting, c.visibility, c.body, c.publicBody ?? null, actorId);
        appended.push(change);
        return change.seq;
      };
      const done = await work(em, meeting, append);
      for (const c of done.changes) await append(c);
      return { result: done.result, appended };
    });
    await this.publisher.publish(appended);
    return result;
  }
}
