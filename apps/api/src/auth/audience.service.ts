import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Audience, Caller } from './access';
import { isApprovedParticipant } from './audience.queries';

/**
 * Who sees participants-only sessions, documents and streams of a meeting: the secretariat, and
 * the approved participants of THAT meeting (an approved registration linked to their account).
 * Any other account, and anonymous visitors, see what the public sees.
 */
@Injectable()
export class AudienceService {
  constructor(private readonly ds: DataSource) {}

  async of(caller: Caller | null | undefined, meetingCode: string): Promise<Audience> {
    if (!caller) return 'public';
    if (caller.role === 'secretariat') return 'participants';
    return (await this.isApprovedParticipant(caller.id, meetingCode)) ? 'participants' : 'public';
  }

  /** "Approved participant of meeting M": the one implementation of that rule. */
  isApprovedParticipant(userId: string, meetingCode: string): Promise<boolean> {
    return isApprovedParticipant(this.ds, userId, meetingCode);
  }
}
