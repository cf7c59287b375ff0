import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REDACTED, type ChangeEvent, type ChangeLogEntryDto, type Visibility } from '@cop/contracts';
import type { Audience } from '../auth/access';
import type { Db } from '../database/db';
import {
  allocateSeq,
  insertChange,
  listChangeLog,
  listChangesSince,
  type Change,
  type ChangeLogRow,
  type PublicBody,
} from './change.queries';

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
    actorId: string | null = null,
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
      actorId,
    };
    await insertChange(db, change);
    return change;
  }

  /** Changes after `since`, oldest first, as `audience` may see them. */
  async since(meetingId: string, since: number, audience: Audience, limit = 1000): Promise<ChangeEvent[]> {
    return (await listChangesSince(this.ds, meetingId, since, limit)).map((c) => changeFor(c, audience));
  }

  /** The calendar changes of the venue day `day`, newest first, with who made them: for the secretariat only. */
  async log(meeting: { id: string; timeZone: string }, day: string, limit = 1000): Promise<ChangeLogEntryDto[]> {
    return (await listChangeLog(this.ds, meeting.id, day, meeting.timeZone, limit)).map(toLogEntry);
  }
}

function toLogEntry(r: ChangeLogRow): ChangeLogEntryDto {
  const p = r.payload;
  const named = <T extends { id: string }>(x: T | undefined, title: (v: T) => ChangeLogEntryDto['subject']['title']) =>
    x ? { id: x.id, title: title(x) } : { id: null, title: null };
  const subject: ChangeLogEntryDto['subject'] = p.session
    ? { type: 'session', ...named(p.session, (s) => ('title' in s ? s.title : null)) }
    : p.room
      ? { type: 'room', ...named(p.room, (x) => ('name' in x ? { en: x.name } : null)) }
      : p.agendaItem
        ? { type: 'agenda-item', ...named(p.agendaItem, (a) => ('title' in a ? a.title : null)) }
        : { type: 'meeting', id: null, title: null };
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    kind: r.kind,
    subject,
    actor: r.actor_id ? { id: r.actor_id, displayName: r.actor_name ?? '' } : null,
  };
}
