import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { REDACTED, type ChangeEvent, type Visibility } from '@cop/contracts';
import type { Audience } from '../auth/access';
import { Change, type PublicBody } from './change.entity';

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

  /**
   * Appends a change inside the caller's transaction. The meeting's counter row is locked by
   * the UPDATE until commit, so seqs are allocated one at a time and a rollback leaves no gap.
   */
  async append(
    em: EntityManager,
    meeting: { id: string; code: string },
    visibility: Visibility,
    body: ChangeBody,
    publicBody: PublicBody | null = null,
  ): Promise<Change> {
    const [[row]] = (await em.query('UPDATE meeting SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq, now() AS at', [
      meeting.id,
    ])) as [{ last_seq: string; at: Date }[], number];
    const seq = Number(row.last_seq);
    const payload: ChangeEvent = { meeting: meeting.code, seq, at: row.at.toISOString(), ...body };
    const change = em.create(Change, {
      meetingId: meeting.id,
      seq,
      kind: body.kind,
      visibility,
      payload,
      publicPayload: visibility === 'public' ? null : publicBody,
      publishedAt: null,
    });
    await em.insert(Change, change);
    return change;
  }

  /** Changes after `since`, oldest first, as `audience` may see them. */
  async since(meetingId: string, since: number, audience: Audience, limit = 1000): Promise<ChangeEvent[]> {
    const rows: Pick<Change, 'visibility' | 'payload' | 'publicPayload'>[] = await this.ds.query(
      'SELECT visibility, payload, public_payload AS "publicPayload" FROM meeting_change WHERE meeting_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [meetingId, since, limit],
    );
    return rows.map((r) => changeFor(r, audience));
  }
}
