import { Inject, Injectable } from '@nestjs/common';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { SessionDto } from '@cop/contracts';
import type { Audience } from '../auth/access';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Representation } from '../common/representation';
import { SessionsService } from './sessions.service';

const STATUS: Record<SessionDto['status'], ICalEventStatus> = {
  scheduled: ICalEventStatus.CONFIRMED,
  live: ICalEventStatus.CONFIRMED,
  concluded: ICalEventStatus.CONFIRMED,
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

/** The meeting's calendar as an RFC 5545 file that calendar apps can subscribe to. */
@Injectable()
export class IcsService {
  private readonly cache = new Map<string, Representation & { seq: number }>();

  constructor(
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async calendar(code: string, audience: Audience): Promise<Representation> {
    const { meeting, seq, sessions } = await this.sessions.list(code, audience);
    const key = `${meeting.id}|${audience}`;
    const hit = this.cache.get(key);
    if (hit && hit.seq === seq) return hit;
    const host = new URL(this.config.PUBLIC_URL).hostname;
    const cal = ical({
      name: `${meeting.shortTitle} — ${meeting.title.en}`,
      prodId: { company: 'COP Meeting Services', product: 'calendar', language: 'EN' },
      method: ICalCalendarMethod.PUBLISH,
      timezone: { name: meeting.timeZone, generator: getVtimezoneComponent },
      url: `${this.config.PUBLIC_URL}/meetings/${meeting.code}/schedule`,
    });
    for (const s of sessions) {
      const items = s.agendaItems.map((a) => `Agenda item ${a.number}: ${a.title.en}`).join('\n');
      const reason = s.statusReason ? `${s.status === 'cancelled' ? 'Cancelled' : 'Postponed'}: ${s.statusReason}` : '';
      cal.createEvent({
        // Stable across edits so calendar apps update the event instead of adding another.
        id: `${s.id}@${host}`,
        sequence: s.revision,
        start: DateTime.fromISO(s.startsAt, { setZone: true }).setZone(meeting.timeZone),
        end: DateTime.fromISO(s.endsAt, { setZone: true }).setZone(meeting.timeZone),
        timezone: meeting.timeZone,
        summary: s.status === 'cancelled' ? `CANCELLED: ${s.title.en}` : s.title.en,
        description: [reason, items].filter(Boolean).join('\n\n') || undefined,
        location: `${s.room.name}, ${meeting.venue}`,
        status: STATUS[s.status],
        categories: [{ name: s.type }],
        lastModified: new Date(s.updatedAt),
        stamp: new Date(s.updatedAt),
        url: `${this.config.PUBLIC_URL}/meetings/${meeting.code}/sessions/${s.id}`,
      });
    }
    const rep = { seq, etag: `W/"ics-${seq}-${audience[0]}"`, body: cal.toString() };
    this.cache.set(key, rep);
    return rep;
  }
}
