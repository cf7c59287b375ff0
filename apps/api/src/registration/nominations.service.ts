import { BadRequestException, ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  CATEGORY_OF_ORGANIZATION,
  nominationSchema,
  selfRegistrationSchema,
  type ParticipantCategory,
  type RegistrationDto,
} from '@cop/contracts';
import type { Caller } from '../auth/access';
import { Memo } from '../common/memo';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { MailOutbox } from '../notifications/mail-outbox.service';
import { writeRegistrationLocked, type NewRegistration, type WriteResult } from './nomination.queries';
import { NominationWriter } from './nomination-writer';
import { PartiesService } from './parties.service';
import { fullName, toRegistrationDto } from './registration.queries';
import { RegistrationsService } from './registrations.service';

type Nomination = z.output<typeof nominationSchema>;
type SelfRegistration = z.output<typeof selfRegistrationSchema>;
type Participant = Omit<Nomination, 'letterId' | 'category' | 'partyCode' | 'organizationId'>;
type Meeting = { id: string; code: string; shortTitle: string };
/** For whom and by whom a registration is made (the participant's own fields come apart). */
type Nominator = Pick<
  NewRegistration,
  'category' | 'partyId' | 'organizationId' | 'nominatedBy' | 'selfRegistered' | 'letterId' | 'anyLetter'
> & {
  idempotencyKey?: string;
};

export type NominationOutcome = { created: boolean; registration: RegistrationDto };

/** How long a meeting seen with a quota takes the locked path directly. */
const QUOTA_HINT_MS = 10_000;

/** 409 with a machine-readable reason next to the human one. */
const conflict = (reason: string, message: string, extra: Record<string, unknown> = {}) =>
  new ConflictException({ message, reason, ...extra });

/** Nominations by focal points and the secretariat, and self-registrations of media and NGO people. */
@Injectable()
export class NominationsService {
  /** Nominations without a quota lock, concurrent ones sharing a statement. */
  private readonly writer: NominationWriter;
  /** Meetings whose settings asked for quota locks lately (true while the hint lasts). */
  private readonly quotaMeetings = new Memo<boolean>({ ttlMs: QUOTA_HINT_MS, max: 10_000 });

  constructor(
    private readonly ds: DataSource,
    private readonly parties: PartiesService,
    private readonly registrations: RegistrationsService,
    private readonly mail: MailOutbox,
    private readonly meetings: MeetingLookup,
  ) {
    this.writer = new NominationWriter(ds);
  }

  /** A focal point (or the secretariat) nominates one participant. */
  async nominate(code: string, caller: Caller, input: Nomination, idempotencyKey: string | undefined): Promise<NominationOutcome> {
    const m = await this.meetings.get(code);
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey))
      throw new BadRequestException('Idempotency-Key must be 1-200 visible ASCII characters.');
    // Who the nominee belongs to: the focal point's own Party or organization, never the body's say.
    let target: { category: ParticipantCategory; partyId: string | null; organizationId: string | null };
    if (caller.role === 'focal-point') {
      if (input.category || input.partyCode || input.organizationId)
        throw new BadRequestException({
          message: 'A focal point nominates for its own Party or organization: leave out category, partyCode and organizationId.',
          details: [{ field: 'category', message: 'set by the secretariat only' }],
        });
      const b = await this.parties.bindingOf(caller);
      target = {
        ...b,
        category: b.partyId ? 'party' : CATEGORY_OF_ORGANIZATION[(await this.parties.organizationKind(b.organizationId!))!],
      };
    } else {
      target = await this.targetFromBody(input);
    }
    const by: Nominator = {
      ...target,
      nominatedBy: caller.id,
      selfRegistered: false,
      letterId: input.letterId,
      idempotencyKey,
      anyLetter: caller.role === 'secretariat',
    };
    return this.register(m, input, by, caller);
  }

  /** A self-registration names an accredited organization of its category (before its address is confirmed, too). */
  async checkOrganization(input: SelfRegistration): Promise<void> {
    const kind = await this.parties.organizationKind(input.organizationId);
    const expected = input.category === 'media' ? 'media' : 'ngo';
    if (kind !== expected)
      throw new BadRequestException({
        message: `organizationId must name an accredited ${expected === 'media' ? 'media organization' : 'non-governmental organization'}.`,
        details: [{ field: 'organizationId', message: 'unknown organization' }],
      });
  }

  /** Media and NGO people register themselves; the organization's contact and the secretariat see it. */
  async selfRegister(code: string, input: SelfRegistration): Promise<{ created: boolean }> {
    const m = await this.meetings.get(code);
    await this.checkOrganization(input);
    const by: Nominator = {
      category: input.category,
      partyId: null,
      organizationId: input.organizationId,
      nominatedBy: null,
      selfRegistered: true,
      letterId: null,
      anyLetter: false,
    };
    return { created: (await this.register(m, input, by, null)).created };
  }

  /**
   * Writes one registration with its first transition and its "received" mail, in one statement
   * (NominationWriter's) that also answers every question asked before writing: the same
   * Idempotency-Key (replay, or reused for someone else), the letter, the same person already
   * registered, the deadline, quotas. Without a quota for this nomination it shares a statement
   * with the nominations arriving at the same time (no lock); with one it runs alone inside a
   * transaction after an advisory lock per meeting+Party (and per meeting+category when a category
   * quota is set), so that its counts see every earlier writer.
   */
  private async register(m: Meeting, p: Participant, by: Nominator, caller: Caller | null): Promise<NominationOutcome> {
    const row: NewRegistration = {
      meetingId: m.id,
      category: by.category,
      partyId: by.partyId,
      organizationId: by.organizationId,
      nominatedBy: by.nominatedBy,
      selfRegistered: by.selfRegistered,
      letterId: by.letterId,
      title: p.title ?? null,
      givenName: p.givenName,
      familyName: p.familyName,
      email: p.email,
      phone: p.phone ?? null,
      jobTitle: p.jobTitle ?? null,
      function: p.function,
      gender: p.gender ?? null,
      nationality: p.nationality,
      preferredLanguage: p.preferredLanguage,
      idempotencyKey: by.idempotencyKey ?? null,
      anyLetter: by.anyLetter,
      actorId: caller?.id ?? null,
      mailVars: { name: fullName({ title: p.title ?? null, given_name: p.givenName, family_name: p.familyName }), meeting: m.shortTitle },
    };
    let r = await this.write(row);
    // Lost to a unique index (the same key or person, committed while we wrote): ask again, once.
    if (r.verdict === 'ok' && !r.created) r = await this.write(row);
    return this.answer(m, p, by, caller, r);
  }

  private async write(row: NewRegistration): Promise<WriteResult> {
    // A meeting seen with a quota a moment ago goes straight to the locked path.
    if (!(await this.quotaMeetings.get(row.meetingId, async () => false))) {
      const fast = await this.writer.write(row);
      if (fast.verdict !== 'lock') return fast;
      this.quotaMeetings.forget(row.meetingId);
      void this.quotaMeetings.get(row.meetingId, async () => true);
    }
    return this.ds.transaction((em) => writeRegistrationLocked(em, row));
  }

  /** The outcome of a write: the registration (new, or the one made before), or why there is none. */
  private async answer(m: Meeting, p: Participant, by: Nominator, caller: Caller | null, r: WriteResult): Promise<NominationOutcome> {
    const registration = () => toRegistrationDto({ ...r, meeting_code: m.code });
    if (r.verdict === 'ok' && r.created) {
      void this.mail.dispatch([r.mail_id!]);
      return { created: true, registration: registration() };
    }
    switch (r.verdict) {
      case 'replay':
        return { created: false, registration: registration() };
      case 'key-reused':
        throw new UnprocessableEntityException({
          message: 'This Idempotency-Key was already used for a different nomination; use a new key for a new nomination.',
          reason: 'idempotency-key-reused',
        });
      case 'letter':
        throw new BadRequestException({
          message: 'letterId does not name a nomination letter uploaded for this meeting by your Party or organization.',
          details: [{ field: 'letterId', message: 'unknown letter' }],
        });
      case 'exists':
        // Self-registrations never learn more than "received"; a focal point sees its own Party's.
        if (!caller || (await this.registrations.mayRead(caller, r))) return { created: false, registration: registration() };
        throw conflict(
          'duplicate',
          `${p.email} is already registered for ${m.code} by another Party or organization; the secretariat can help.`,
        );
      case 'deadline':
        throw conflict('deadline', `The registration deadline for ${m.shortTitle} passed on ${new Date(r.deadline!).toISOString()}.`, {
          deadline: new Date(r.deadline!).toISOString(),
        });
      case 'quota-party':
        throw conflict('quota-party', `The Party's quota of ${r.per_party_quota} participant(s) for ${m.shortTitle} is full.`, {
          quota: r.per_party_quota,
        });
      case 'quota-category':
        throw conflict('quota-category', `The quota of ${r.category_quota} ${by.category} participant(s) for ${m.shortTitle} is full.`, {
          quota: r.category_quota,
        });
      default:
        throw conflict('retry', 'The registration changed while we wrote it; please retry.');
    }
  }

  /** For the secretariat: the category and the Party or organization named in the body. */
  private async targetFromBody(input: Nomination) {
    const category = input.category;
    if (!category)
      throw new BadRequestException({ message: 'category is required', details: [{ field: 'category', message: 'is required' }] });
    if (category === 'party') {
      const p = input.partyCode ? await this.parties.partyByCode(input.partyCode) : undefined;
      if (!p)
        throw new BadRequestException({
          message: 'partyCode must name a Party',
          details: [{ field: 'partyCode', message: 'unknown Party' }],
        });
      return { category, partyId: p.id, organizationId: null };
    }
    if (category === 'secretariat') return { category, partyId: null, organizationId: null };
    const kind = input.organizationId ? await this.parties.organizationKind(input.organizationId) : null;
    if (!kind || CATEGORY_OF_ORGANIZATION[kind] !== category)
      throw new BadRequestException({
        message: `organizationId must name an organization whose people are ${category}`,
        details: [{ field: 'organizationId', message: 'unknown organization or wrong kind' }],
      });
    return { category, partyId: null, organizationId: input.organizationId! };
  }
}
