import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Audience, Caller } from './access';

/**
 * Who sees participants-only calendar sessions of a meeting: the secretariat, and the holders of
 * an approved registration for THAT meeting (see registration/participation.service.ts). Any
 * other account, and anonymous visitors, see the public calendar.
 */
@Injectable()
export class AudienceService {
  constructor(private readonly ds: DataSource) {}

  async of(caller: Caller | null | undefined, meetingCode: string): Promise<Audience> {
    if (!caller) return 'public';
    if (caller.role === 'secretariat') return 'participants';
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM registration r JOIN meeting m ON m.id = r.meeting_id
        WHERE r.user_id = $1 AND m.code = $2 AND r.status = 'approved' LIMIT 1`,
      [caller.id, meetingCode],
    );
    return rows.length ? 'participants' : 'public';
  }
}
