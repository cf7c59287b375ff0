import { ConflictException, HttpException, HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { toBuffer, toDataURL } from 'qrcode';
import { DataSource } from 'typeorm';
import type { BadgeDto, BadgeReissueDto, CheckInRejection } from '@cop/contracts';
import type { Caller } from '../auth/access';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { badgeSecret, claimsOfVerified, signBadge, verifyBadge, type BadgeClaims } from './badge-token';
import { bumpBadgeVersion, findBadge, findBadgeHolder, findEntry, recordFirstEntry, type BadgeClaim } from './badges.queries';
import { fullName, insertRegistrationEvent, lockRegistrationInMeeting } from './registration.queries';

const REJECTION_MESSAGES: Record<CheckInRejection, string> = {
  malformed: 'This is not a badge code.',
  forged: 'This badge was not issued by this system (forged or altered).',
  expired: 'This badge has expired.',
  revoked: 'This badge has been revoked; the registration is no longer approved or the badge was replaced.',
  'other-meeting': 'This badge is for another meeting.',
};

/** Badges (a signed token in a QR code) and check-in at the venue. */
@Injectable()
export class BadgesService {
  private readonly secret: string;

  constructor(
    private readonly ds: DataSource,
    private readonly meetings: MeetingLookup,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.secret = badgeSecret(config);
  }

  /** The caller's badge for `meetingCode` (or their only / next approved meeting). */
  async mine(caller: Caller, meetingCode?: string): Promise<BadgeDto> {
    const r = await findBadge(this.ds, caller.id, meetingCode ?? null, this.config.BADGE_GRACE_HOURS);
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
    const m = await this.meetings.get(meetingCode);
    const v = verifyBadge(token, this.secret);
    if (!v.ok && v.reason === 'expired') {
      const c = claimsOfVerified(token);
      const validUntil = new Date(c.exp * 1000).toISOString();
      if (c.mid !== m.id) this.reject('other-meeting');
      this.reject('expired', { ...(await this.holder(c)), validUntil });
    }
    if (!v.ok) this.reject(v.reason);
    const c = v.claims;
    if (c.mid !== m.id) this.reject('other-meeting');
    const claim: BadgeClaim = { registrationId: c.rid, meetingId: m.id, version: c.v, timeZone: m.timeZone };
    const first = await recordFirstEntry(this.ds, claim, caller.id);
    const isFirst = first !== undefined;
    const r = first ?? (await findEntry(this.ds, claim));
    if (!r) this.reject('revoked', await this.holder(c));
    return {
      ok: true as const,
      status: isFirst ? ('checked-in' as const) : ('already-checked-in' as const),
      message: isFirst ? 'Welcome: first entry recorded.' : `Already checked in at ${r.local_time}.`,
      firstCheckedInAt: new Date(r.checked_in_at).toISOString(),
      participant: { name: fullName(r), partyOrOrganization: r.affiliation, category: r.category },
    };
  }

  /**
   * A lost or stolen badge: a new one for the same approved registration, and every badge
   * printed before refused at the desk as revoked. The history says who replaced it and why.
   */
  async reissue(meetingCode: string, id: string, caller: Caller, reason: string): Promise<BadgeReissueDto> {
    return this.ds.transaction(async (em) => {
      const r = await lockRegistrationInMeeting(em, id, meetingCode);
      if (!r) throw new NotFoundException('No such registration.');
      if (r.status !== 'approved')
        throw new ConflictException({ message: `Only an approved registration has a badge; this one is ${r.status}.`, status: r.status });
      const bumped = (await bumpBadgeVersion(em, id))!; // approved and locked above
      await insertRegistrationEvent(em, {
        registrationId: id,
        from: 'approved',
        to: 'approved',
        reason: `Badge replaced (earlier badges revoked): ${reason}`,
        actorId: caller.id,
      });
      return { registrationId: id, badgeVersion: bumped.badge_version, reissuedAt: bumped.updated_at.toISOString() };
    });
  }

  /** Whose badge was refused (name, affiliation) and what the registration is now; nothing else leaves. */
  private async holder(c: BadgeClaims) {
    const r = await findBadgeHolder(this.ds, c.rid, c.mid);
    if (!r) return {};
    return { participant: { name: fullName(r), partyOrOrganization: r.affiliation, category: r.category }, status: r.status };
  }

  private reject(reason: CheckInRejection, about: object = {}): never {
    throw new HttpException({ message: REJECTION_MESSAGES[reason], reason, ...about }, HttpStatus.UNPROCESSABLE_ENTITY);
  }
}
