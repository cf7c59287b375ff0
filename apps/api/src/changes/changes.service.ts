import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REDACTED, type ChangeEvent, type Visibility } from '@cop/contracts';
import type { Audience } from '../auth/access';
import type { Db } from '../database/db';
import { allocateSeq, insertChange, listChangesSince, type Change, type PublicBody } from './change.queries';

export type ChangeBody = Omit<ChangeEvent, 'meeting' | 'seq' | 'at'>;

/**
 * What `audience` may see of a change. The public gets a participants-only change as what its
 * writer chose (session.removed for a session the public had seen), else as a bare `redacted`
 * entry: its cursor advances and it learns nothing else.
 */
export function changeFor(change: Pick<Change, 'visibility' | 'payload' | 'publicPayload'>, audience: Audience): ChangeEvent {
  if (audience === 'participants' || change.visibility === 'public') return change.payload;
  const { meeting, seq, at } = change.payload;
  return { meeting, seq, at, ...(change.publicPayload ?? { kind: REDACTED }) };
}

@Injectable()
export class ChangesService {
  constructor(private readonly ds: DataSource) {}

  /** Appends a change inside the caller's transaction (`db` is its EntityManager), with the meeting's next seq. */
  async append(
    db: Db,
    meeting: { id: string; code: string },
    visibility: Visibility,
    body: ChangeBody,
    publicBody: PublicBody | null = null,
  ): Promise<Change> {
    const { seq, at } = await allocateSeq(db, meeting.id);
    const payload: ChangeEvent = { meeting: meeting.code, seq, at: at.toISOString(), ...body };
    const change: Change = {
      meetingId: meeting.id,
      seq,
      kind: body.kind,
      visibility,
      payload,
      publicPayload: visibility === 'public' ? null : publicBody,
    };
    await insertChange(db, change);
    return change;
  }

  /** Changes after `since`, oldest first, as `audience` may see them. */
  async since(meetingId: string, since: number, audience: Audience, limit = 1000): Promise<ChangeEvent[]> {
    return (await listChangesSince(this.ds, meetingId, since, limit)).map((c) => changeFor(c, audience));
  }
}
