import { HttpException, HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { toBuffer, toDataURL } from 'qrcode';
import { DataSource } from 'typeorm';
import type { BadgeDto, CheckInRejection, ParticipantCategory } from '@cop/contracts';
import type { Caller } from '../auth/access';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { badgeSecret, signBadge, verifyBadge } from './badge-token';
import { fullName, RegistrationsService } from './registrations.service';

const REJECTION_MESSAGES: Record<CheckInRejection, string> = {
  malformed: 'This is not a badge code.',
  forged: 'This badge was not issued by this system (forged or altered).',
  expired: 'This badge has expired.',
  revoked: 'This badge has been revoked; the registration is no longer approved or the badge was replaced.',
  'other-meeting': 'This badge is for another meeting.',
};

type BadgeRow = {
  id: string;
  meeting_id: string;
  badge_version: number;
  title: string | null;
  given_name: string;
  family_name: string;
  category: ParticipantCategory;
  function: BadgeDto['function'];
  affiliation: string;
  code: string;
  short_title: string;
  meeting_title: { en: string };
  venue: string;
  start_date: string;
  end_date: string;
  exp: string;
};

/** Badges (a signed token in a QR code) and check-in at the venue. */
@Injectable()
export class BadgesService {
  private readonly secret: string;

  constructor(
    private readonly ds: DataSource,
    private readonly registrations: RegistrationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.secret = badgeSecret(config);
  }

  /** The caller's badge for `meetingCode` (or their only / next approved meeting). */
  async mine(caller: Caller, meetingCode?: string): Promise<BadgeDto> {
    const rows: BadgeRow[] = await this.ds.query(
      `SELECT r.id, r.meeting_id, r.badge_version, r.title, r.given_name, r.family_name, r.category, r.function,
              coalesce(p.name, o.name, 'Secretariat') AS affiliation, m.code, m.short_title, m.title AS meeting_title, m.venue,
              m.start_date, m.end_date,
              floor(extract(epoch FROM ((m.end_date + 1)::timestamp AT TIME ZONE m.time_zone) + make_interval(hours => $3)))::bigint AS exp
         FROM registration r JOIN meeting m ON m.id = r.meeting_id
         LEFT JOIN party p ON p.id = r.party_id LEFT JOIN organization o ON o.id = r.organization_id
        WHERE r.user_id = $1 AND r.status = 'approved' AND ($2::text IS NULL OR m.code = $2)
        ORDER BY m.start_date DESC LIMIT 1`,
      [caller.id, meetingCode ?? null, this.config.BADGE_GRACE_HOURS],
    );
    const r = rows[0];
    if (!r) throw new NotFoundException('You have no approved registration, so no badge' + (meetingCode ? ` for ${meetingCode}.` : '.'));
    const exp = Number(r.exp);
    const token = signBadge({ rid: r.id, mid: r.meeting_id, v: r.badge_version, exp }, this.secret);
    return {
      meeting: {
        code: r.code,
        shortTitle: r.short_title,
        title: r.meeting_title.en,
        venue: r.venue,
        startDate: r.start_date,
        endDate: r.end_date,
      },
      name: fullName(r),
      category: r.category,
      partyOrOrganization: r.affiliation,
      function: r.function,
      token,
      qr: await toDataURL(token, { errorCorrectionLevel: 'M', margin: 2, width: 320 }),
      validUntil: new Date(exp * 1000).toISOString(),
    };
  }

  async png(caller: Caller, meetingCode?: string): Promise<Buffer> {
    const badge = await this.mine(caller, meetingCode);
    return toBuffer(badge.token, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 480 });
  }

  /** Records the first entry; tells forged, expired, revoked and other-meeting badges apart. */
  async checkIn(meetingCode: string, token: string, caller: Caller) {
    const m = await this.registrations.meeting(meetingCode);
    const v = verifyBadge(token, this.secret);
    if (!v.ok) this.reject(v.reason);
    const c = v.claims;
    if (c.mid !== m.id) this.reject('other-meeting');
    const args = [c.rid, m.id, c.v, m.time_zone];
    const returning = `title, given_name, family_name, category, checked_in_at, to_char(checked_in_at AT TIME ZONE $4, 'HH24:MI') AS local_time,
       coalesce((SELECT name FROM party WHERE id = party_id), (SELECT name FROM organization WHERE id = organization_id), 'Secretariat') AS affiliation`;
    const valid = `id = $1 AND meeting_id = $2 AND status = 'approved' AND badge_version = $3`;
    // The first scan wins the row; a concurrent second one waits, then finds it already set.
    // (TypeORM answers an UPDATE with [rows, rowCount].)
    const [updated] = await this.ds.query(
      `UPDATE registration SET checked_in_at = now(), checked_in_by = $5 WHERE ${valid} AND checked_in_at IS NULL RETURNING ${returning}`,
      [...args, caller.id],
    );
    const isFirst = (updated as unknown[]).length > 0;
    const [r] = isFirst ? updated : await this.ds.query(`SELECT ${returning} FROM registration WHERE ${valid}`, args);
    if (!r) this.reject('revoked');
    return {
      ok: true as const,
      status: isFirst ? ('checked-in' as const) : ('already-checked-in' as const),
      message: isFirst ? 'Welcome: first entry recorded.' : `Already checked in at ${r.local_time}.`,
      firstCheckedInAt: new Date(r.checked_in_at).toISOString(),
      participant: { name: fullName(r), partyOrOrganization: r.affiliation as string, category: r.category as ParticipantCategory },
    };
  }

  private reject(reason: CheckInRejection): never {
    throw new HttpException({ message: REJECTION_MESSAGES[reason], reason }, HttpStatus.UNPROCESSABLE_ENTITY);
  }
}
