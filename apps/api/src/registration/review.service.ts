import { BadRequestException, ForbiddenException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { confirmationSchema, type RegistrationDto, type RegistrationStatus, type TransitionInput } from '@cop/contracts';
import type { Caller } from '../auth/access';
import { AudienceNotices } from '../auth/audience-notices.service';
import { UsersService } from '../auth/users.service';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { MailOutbox } from '../notifications/mail-outbox.service';
import type { MailTemplate } from '../notifications/templates';
import { InvitationsService } from './invitations.service';
import { findLetter } from './letters.queries';
import { PartiesService } from './parties.service';
import {
  findRegistration,
  findSelfRegistration,
  fullName,
  insertRegistrationEvent,
  linkRegistrationToUser,
  lockRegistrationInMeeting,
  setRegistrationStatus,
  toRegistrationDto,
  type LockedRegistration,
  type RegistrationRecord,
} from './registration.queries';
import { RegistrationsService } from './registrations.service';
import { checkTransition, sameBinding, type TransitionActor } from './rules';

/** The mail a participant gets when their registration becomes this. */
const MAIL_ON: Partial<Record<RegistrationStatus, MailTemplate>> = { approved: 'approved', rejected: 'rejected', 'on-hold': 'on-hold' };

/**
 * The review of registrations: the organization's contact confirms or declines a self-registration,
 * the secretariat (and for some steps the nominating focal point) moves registrations through the
 * state machine of rules.ts, one at a time or many at once. Each transition is recorded with who
 * made it and why, and mails the participant; approval links the participant to an account.
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly ds: DataSource,
    private readonly registrations: RegistrationsService,
    private readonly parties: PartiesService,
    private readonly users: UsersService,
    private readonly invitations: InvitationsService,
    private readonly mail: MailOutbox,
    private readonly meetings: MeetingLookup,
    private readonly audienceNotices: AudienceNotices,
  ) {}

  /**
   * The organization's contact confirms a self-registration for that organization (on to the
   * secretariat's review: the secretariat keeps the final approval) or declines it with a reason.
   * 403 for anyone else, contacts of other organizations and Parties' focal points included.
   */
  async confirm(code: string, id: string, caller: Caller, input: z.output<typeof confirmationSchema>): Promise<RegistrationDto> {
    const m = await this.meetings.get(code);
    const b = await this.parties.bindingOf(caller);
    const r = await findSelfRegistration(this.ds, id, m.id);
    if (!r) throw new NotFoundException('No such registration.');
    if (!r.self_registered || !b.organizationId || b.organizationId !== r.organization_id)
      throw new ForbiddenException(
        'Only the contact of the organization a person registered for may confirm or decline that self-registration.',
      );
    if (input.decision === 'decline' && !input.reason)
      throw new BadRequestException({
        message: 'A reason is required to decline a self-registration; the person will see it.',
        details: [{ field: 'reason', message: 'is required to decline' }],
      });
    return this.transition(code, id, caller, { to: input.decision === 'confirm' ? 'pending' : 'rejected', reason: input.reason });
  }

  /** Moves one registration, if the caller may, in one transaction with its history line and its mail. */
  async transition(code: string, id: string, caller: Caller, input: TransitionInput): Promise<RegistrationDto> {
    const outbox: string[] = [];
    const account = await this.ds.transaction(async (em) => {
      const r = await lockRegistrationInMeeting(em, id, code);
      if (!r || !(await this.registrations.mayRead(caller, r))) throw new NotFoundException('No such registration.');
      // mayRead let a focal point through only for its own Party's / organization's registrations.
      const actor: TransitionActor =
        caller.role === 'secretariat' ? 'secretariat' : r.self_registered ? 'organization-contact' : 'focal-point';
      const check = checkTransition(r.status, input.to, actor, input.reason);
      if (!check.ok) throw new HttpException({ message: check.message, reason: 'transition' }, check.status);
      const letterId = input.letterId ? await this.citedLetter(em, r, input.letterId, actor) : r.letter_id;
      const reason = input.reason?.trim() || null;
      await setRegistrationStatus(em, id, { status: input.to, reason, letterId });
      await insertRegistrationEvent(em, { registrationId: id, from: r.status, to: input.to, reason, actorId: caller.id });
      const template = MAIL_ON[input.to];
      if (template) outbox.push(await this.notify(em, r, template, reason, input.to === 'approved' ? await this.ensureAccount(em, r) : {}));
      return r.user_id;
    });
    // The account's open feed sockets may have to leave (or join) the participants' room.
    if (account) this.audienceNotices.tell(account);
    await this.mail.dispatch(outbox);
    return toRegistrationDto(await findRegistration(this.ds, id));
  }

  /** Bulk review (e.g. approve many): one result per id, each its own transaction. */
  async bulkTransition(code: string, caller: Caller, ids: string[], to: RegistrationStatus, reason?: string) {
    const results: { id: string; ok: boolean; status?: RegistrationStatus; message?: string }[] = [];
    for (const id of [...new Set(ids)]) {
      try {
        const r = await this.transition(code, id, caller, { to, reason });
        results.push({ id, ok: true, status: r.status });
      } catch (e) {
        if (!(e instanceof HttpException)) throw e;
        const body = e.getResponse();
        results.push({ id, ok: false, message: typeof body === 'string' ? body : String((body as { message?: unknown }).message) });
      }
    }
    return { results };
  }

  /** The letter a transition cites: of the meeting, and for a focal point one of its own Party's or organization's. */
  private async citedLetter(em: EntityManager, r: RegistrationRecord, letterId: string, actor: TransitionActor): Promise<string> {
    const l = await findLetter(em, r.meeting_id, letterId);
    if (!l || (actor === 'focal-point' && !sameBinding({ partyId: l.party_id, organizationId: l.organization_id }, r)))
      throw new BadRequestException({
        message: 'letterId does not name a letter of this Party or organization',
        details: [{ field: 'letterId', message: 'unknown letter' }],
      });
    return letterId;
  }

  /** Records the participant's mail about the transition in the transaction; returns its outbox id. */
  private async notify(em: EntityManager, r: LockedRegistration, template: MailTemplate, reason: string | null, extra: object) {
    const m = await this.meetings.get(r.meeting_code);
    return this.mail.add(em, {
      template,
      language: r.preferred_language,
      to: r.email,
      vars: { name: fullName(r), meeting: m.shortTitle, reason: reason ?? undefined, ...extra },
      registrationId: r.id,
    });
  }

  /** Links the approved participant to an account, creating one (with an invitation) when needed. */
  private async ensureAccount(em: EntityManager, r: RegistrationRecord): Promise<{ link?: string; expires?: string }> {
    let userId = r.user_id;
    let needsPassword: boolean;
    if (!userId) {
      const role = r.category === 'party' ? 'delegate' : 'observer';
      const found = await this.users.accountFor(em, { email: r.email, displayName: fullName(r), role });
      userId = found.account.id;
      needsPassword = found.needsPassword;
      await linkRegistrationToUser(em, r.id, userId);
    } else {
      needsPassword = await this.users.needsPassword(em, userId);
    }
    return needsPassword ? this.invitations.create(em, userId, r.id) : {};
  }
}
