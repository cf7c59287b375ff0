import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findMeetingByCode, type Meeting } from './meeting.queries';

const TTL_MS = 5000;

/**
 * Meetings by code, cached briefly for the hot read paths (schedule, documents, streams):
 * a meeting's id, zone and dates almost never change. 404 for an unknown code.
 */
@Injectable()
export class MeetingDirectory {
  private readonly byCode = new Map<string, { meeting: Meeting; at: number }>();

  constructor(private readonly ds: DataSource) {}

  async get(code: string): Promise<Meeting> {
    const hit = this.byCode.get(code);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.meeting;
    const m = await findMeetingByCode(this.ds, code);
    if (!m) throw new NotFoundException(`No meeting with code ${code}.`);
    this.byCode.set(code, { meeting: m, at: Date.now() });
    return m;
  }
}
