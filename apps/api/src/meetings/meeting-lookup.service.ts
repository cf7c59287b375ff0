import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Memo } from '../common/memo';
import { findMeetingByCode, type Meeting } from './meeting.queries';

/**
 * Meetings by code, cached briefly for the hot read paths (schedule, documents, streams, the
 * feed): a meeting's id, zone and dates almost never change. 404 for an unknown code.
 */
@Injectable()
export class MeetingLookup {
  private readonly byCode = new Memo<Meeting>({ ttlMs: 5000, max: 1000 });

  constructor(private readonly ds: DataSource) {}

  get(code: string): Promise<Meeting> {
    return this.byCode.get(code, async () => {
      const m = await findMeetingByCode(this.ds, code);
      if (!m) throw new NotFoundException(`No meeting with code ${code}.`);
      return m;
    });
  }

  /** After an edit in this process; other processes catch up within the TTL. */
  forget(code: string): void {
    this.byCode.forget(code);
  }
}
