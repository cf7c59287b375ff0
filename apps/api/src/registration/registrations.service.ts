import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  CATEGORY_OF_ORGANIZATION,
  confirmationSchema,
  nominationSchema,
  registrationQuerySchema,
  registrationSettingsSchema,
  selfRegistrationSchema,
  type OrganizationKind,
  type ParticipantCategory,
  type PublicParticipantDto,
  type RegistrationDetailDto,
  type RegistrationDto,
  type RegistrationStatus,
  type TransitionInput,
} from '@cop/contracts';
import type { Caller } from '../auth/access';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MeetingDirectory } from '../meetings/meeting-directory.service';
import { MailOutbox } from '../notifications/mail-outbox.service';
import type { MailTemplate } from '../notifications/templates';
import { createInvitation, DirectoryService, NO_PASSWORD, type Binding } from './directory.service';
import { NominationWriter, type NewRegistration, type WriteResult } from './nomination-writer';
import { checkTransition, type TransitionActor } from './rules';

export interface MeetingRow {
  id: string;
  code: string;
  short_title: string;
  title: { en: string } & Record<string, string>;
  venue: string;
  time_zone: string;
  start_date: string;
  end_date: string;
}

type Row = Record<string, unknown> & {
  id: string;
  meeting_code: string;
  status: RegistrationStatus;
  party_id: string | null;
  organization_id: string | null;
};

const SELECT = `
  SELECT r.*, m.code AS meeting_code, p.code AS party_code, p.name AS party_name, p.regional_group,
         o.name AS org_name, o.kind AS org_kind, o.country AS org_country
    FROM registration r JOIN meeting m ON m.id = r.meeting_id
    LEFT JOIN party p ON p.id = r.party_id LEFT JOIN organization o ON o.id = r.organization_id`;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export function toRegistrationDto(r: Row): RegistrationDto {
  return {
    id: r.id,
    meeting: r.meeting_code,
    category: r.category as ParticipantCategory,
    party: r.party_code
      ? { code: r.party_code as string, name: r.party_name as string, regionalGroup: (r.regional_group ?? null) as never }
      : null,
    organization: r.organization_id
      ? {
          id: r.organization_id,
          name: r.org_name as string,
          kind: r.org_kind as OrganizationKind,
          country: (r.org_country ?? null) as string | null,
        }
      : null,
    title: (r.title ?? null) as string | null,
    givenName: r.given_name as string,
    familyName: r.family_name as string,
    email: r.email as string,
    phone: (r.phone ?? null) as string | null,
    jobTitle: (r.job_title ?? null) as string | null,
    function: r.function as RegistrationDto['function'],
    gender: (r.gender ?? null) as string | null,
    nationality: r.nationality as string,
    preferredLanguage: r.preferred_language as RegistrationDto['preferredLanguage'],
    status: r.status,
    statusReason: (r.status_reason ?? null) as string | null,
    letterId: (r.letter_id ?? null) as string | null,
    selfRegistered: r.self_registered as boolean,
    checkedInAt: iso(r.checked_in_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

export const fullName = (r: Record<string, unknown>) => [r.title, r.given_name, r.family_name].filter(Boolean).join(' ');

type Nomination = z.output<typeof nominationSchema>;
type SelfRegistration = z.output<typeof selfRegistrationSchema>;
type Participant = Omit<Nomination, 'letterId' | 'category' | 'partyCode' | 'organizationId'>;

export type NominationOutcome = { created: boolean; registration: RegistrationDto };

/** How long a meeting seen with a quota takes the locked path directly. */
const QUOTA_HINT_MS = 10_000;

/** 409 with a machine-readable reason next to the human one. */
const conflict = (reason: string, message: string, extra: Record<string, unknown> = {}) =>
  new ConflictException({ message, reason, ...extra });

@Injectable()
export class RegistrationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly directory: DirectoryService,
    private readonly mail: MailOutbox,
    private readonly meetings: MeetingDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.writer = new NominationWriter(ds);
  }

  /** Nominations without a quota lock, concurrent ones sharing a statement. */
  private readonly writer: NominationWriter;

  /** Meetings whose settings asked for quota locks lately: id → until when (ms). */
  private readonly quotaMeetings = new Map<string, number>();

  /** The meeting by code (cached briefly: a meeting's id, title, zone and dates do not change); 404 if unknown. */
  async meeting(code: string): Promise<MeetingRow> {
    const m = await this.meetings.get(code);
    return {
      id: m.id,
      code: m.code,
      short_title: m.shortTitle,
      title: m.title as MeetingRow['title'],
      venue: m.venue,
      time_zone: m.timeZone,
      start_date: m.startDate,
      end_date: m.endDate,
    };
  }

  // ------------------------------------------------------------------ nominations

  /** A focal point (or the secretariat) nominates one participant. */
  async nominate(code: string, caller: Caller, input: Nomination, idempotencyKey: string | undefined): Promise<NominationOutcome> {
    const m = await this.meeting(code);
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
      const b = await this.directory.bindingOf(caller);
      target = {
        ...b,
        category: b.partyId ? 'party' : CATEGORY_OF_ORGANIZATION[(await this.directory.organizationKind(b.organizationId!))!],
      };
    } else {
      target = await this.targetFromBody(input);
    }
    return this.insert(
      m,
      input,
      {
        ...target,
        nominatedBy: caller.id,
        selfRegistered: false,
        letterId: input.letterId,
        idempotencyKey,
        anyLetter: caller.role === 'secretariat',
      },
      caller,
    );
  }

  /** Media and NGO people register themselves; the organization's contact and the secretariat see it. */
  async selfRegister(code: string, input: SelfRegistration): Promise<{ created: boolean }> {
    const m = await this.meeting(code);
    const kind = await this.directory.organizationKind(input.organizationId);
    const expected = input.category === 'media' ? 'media' : 'ngo';
    if (kind !== expected)
      throw new BadRequestException({
        message: `organizationId must name an accredited ${expected === 'media' ? 'media organization' : 'non-governmental organization'}.`,
        details: [{ field: 'organizationId', message: 'unknown organization' }],
      });
    const out = await this.insert(
      m,
      input,
      {
        category: input.category,
        partyId: null,
        organizationId: input.organizationId,
        nominatedBy: null,
        selfRegistered: true,
        letterId: null,
        anyLetter: false,
      },
      null,
    );
    return { created: out.created };
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
  private async insert(
    m: MeetingRow,
    p: Participant,
    t: Pick<NewRegistration, 'category' | 'partyId' | 'organizationId' | 'nominatedBy' | 'selfRegistered' | 'letterId' | 'anyLetter'> & {
      idempotencyKey?: string;
    },
    caller: Caller | null,
  ): Promise<NominationOutcome> {
    const row: NewRegistration = {
      meetingId: m.id,
      category: t.category,
      partyId: t.partyId,
      organizationId: t.organizationId,
      nominatedBy: t.nominatedBy,
      selfRegistered: t.selfRegistered,
      letterId: t.letterId,
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
      idempotencyKey: t.idempotencyKey ?? null,
      anyLetter: t.anyLetter,
      actorId: caller?.id ?? null,
      mailVars: { name: fullName({ title: p.title, given_name: p.givenName, family_name: p.familyName }), meeting: m.short_title },
    };
    const write = async (): Promise<WriteResult> => {
      // A meeting seen with a quota a moment ago goes straight to the locked path.
      if ((this.quotaMeetings.get(m.id) ?? 0) < Date.now()) {
        const fast = await this.writer.write(row);
        if (fast.verdict !== 'lock') return fast;
        this.quotaMeetings.set(m.id, Date.now() + QUOTA_HINT_MS);
      }
      return this.ds.transaction((em) => NominationWriter.writeLocked(em, row));
    };
    let r = await write();
    // Lost to a unique index (the same key or person, committed while we wrote): ask again, once.
    if (r.verdict === 'ok' && !r.created) r = await write();
    if (r.verdict === 'ok' && r.created) {
      void this.mail.dispatch([r.mail_id!]);
      return { created: true, registration: toRegistrationDto({ ...r, meeting_code: m.code }) };
    }
    switch (r.verdict) {
      case 'replay':
        return { created: false, registration: toRegistrationDto({ ...r, meeting_code: m.code }) };
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
        if (!caller || (await this.mayRead(caller, r)))
          return { created: false, registration: toRegistrationDto({ ...r, meeting_code: m.code }) };
        throw conflict(
          'duplicate',
          `${p.email} is already registered for ${m.code} by another Party or organization; the secretariat can help.`,
        );
      case 'deadline':
        throw conflict('deadline', `The registration deadline for ${m.short_title} passed on ${new Date(r.deadline!).toISOString()}.`, {
          deadline: new Date(r.deadline!).toISOString(),
        });
      case 'quota-party':
        throw conflict('quota-party', `The Party's quota of ${r.per_party_quota} participant(s) for ${m.short_title} is full.`, {
          quota: r.per_party_quota,
        });
      case 'quota-category':
        throw conflict('quota-category', `The quota of ${r.category_quota} ${t.category} participant(s) for ${m.short_title} is full.`, {
          quota: r.category_quota,
        });
      default:
        throw conflict('retry', 'The registration changed while we wrote it; please retry.');
    }
  }

  private async targetFromBody(input: Nomination) {
    const category = input.category;
    if (!category)
      throw new BadRequestException({ message: 'category is required', details: [{ field: 'category', message: 'is required' }] });
    if (category === 'party') {
      const [p] = input.partyCode ? await this.ds.query('SELECT id FROM party WHERE code = $1', [input.partyCode]) : [];
      if (!p)
        throw new BadRequestException({
          message: 'partyCode must name a Party',
          details: [{ field: 'partyCode', message: 'unknown Party' }],
        });
      return { category, partyId: p.id as string, organizationId: null };
    }
    if (category === 'secretariat') return { category, partyId: null, organizationId: null };
    const kind = input.organizationId ? await this.directory.organizationKind(input.organizationId) : null;
    if (!kind || CATEGORY_OF_ORGANIZATION[kind] !== category)
      throw new BadRequestException({
        message: `organizationId must name an organization whose people are ${category}`,
        details: [{ field: 'organizationId', message: 'unknown organization or wrong kind' }],
      });
    return { category, partyId: null, organizationId: input.organizationId! };
  }

  // ------------------------------------------------------------------ reading

  private async row(id: string, em: EntityManager | DataSource = this.ds): Promise<Row> {
    const [r] = await em.query(`${SELECT} WHERE r.id = $1`, [id]);
    return r as Row;
  }

  /** Secretariat: everything. Focal point: its own Party's / organization's. Anyone else: nothing. */
  private async mayRead(caller: Caller, r: { party_id: string | null; organization_id: string | null }): Promise<boolean> {
    if (caller.role === 'secretariat') return true;
    if (caller.role !== 'focal-point') return false;
    const b = await this.directory.bindingOf(caller);
    return sameBinding(b, r);
  }

  /** One registration the caller may read, else 404 — whether it exists or not. */
  private async readable(code: string, id: string, caller: Caller, em: EntityManager | DataSource = this.ds, lock = false): Promise<Row> {
    const [r]: Row[] = await em.query(
      lock
        ? `SELECT r.*, m.code AS meeting_code FROM registration r JOIN meeting m ON m.id = r.meeting_id WHERE r.id = $1 AND m.code = $2 FOR UPDATE OF r`
        : `${SELECT} WHERE r.id = $1 AND m.code = $2`,
      [id, code],
    );
    if (!r || !(await this.mayRead(caller, r))) throw new NotFoundException('No such registration.');
    return r;
  }

  async detail(code: string, id: string, caller: Caller): Promise<RegistrationDetailDto | RegistrationDto> {
    const r = await this.readable(code, id, caller);
    const dto = toRegistrationDto(r);
    if (caller.role !== 'secretariat') return dto;
    await this.audit(caller, 'registration.read', r.meeting_id as string, id);
    const history = await this.ds.query(
      `SELECT e.from_status, e.to_status, e.reason, e.at, u.id AS actor_id, u.email AS actor_email
         FROM registration_event e LEFT JOIN app_user u ON u.id = e.actor_id WHERE e.registration_id = $1 ORDER BY e.id`,
      [id],
    );
    return {
      ...dto,
      history: history.map((h: Record<string, string | null>) => ({
        from: h.from_status as RegistrationStatus | null,
        to: h.to_status as RegistrationStatus,
        reason: h.reason,
        by: h.actor_id ? { id: h.actor_id, email: h.actor_email! } : null,
        at: iso(h.at)!,
      })),
    };
  }

  async accessLog(code: string, id: string, caller: Caller) {
    await this.readable(code, id, caller);
    const rows = await this.ds.query(
      `SELECT l.action, l.at, u.email FROM pii_access_log l JOIN app_user u ON u.id = l.actor_id WHERE l.registration_id = $1 ORDER BY l.id`,
      [id],
    );
    return rows.map((r: { action: string; at: Date; email: string }) => ({ action: r.action, by: r.email, at: iso(r.at) }));
  }

  async list(code: string, caller: Caller, q: z.output<typeof registrationQuerySchema>, forExport = false) {
    const m = await this.meeting(code);
    const where = ['r.meeting_id = $1'];
    const args: unknown[] = [m.id];
    const add = (sql: string, v: unknown) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (caller.role === 'focal-point') {
      const b = await this.directory.bindingOf(caller);
      if (b.partyId) add('r.party_id = ?', b.partyId);
      else add('r.organization_id = ?', b.organizationId);
    }
    if (q.status) add('r.status = ?', q.status);
    if (q.category) add('r.category = ?', q.category);
    if (q.party) add('p.code = ?', q.party);
    if (q.region) add('p.regional_group = ?', q.region);
    if (q.q) add(`(r.given_name || ' ' || r.family_name || ' ' || r.email) ILIKE ?`, `%${q.q.replace(/[\\%_]/g, '\\$&')}%`);
    const filter = where.join(' AND ');
    const limit = forExport ? 100_000 : q.limit;
    const offset = forExport ? 0 : q.offset;
    const [rows, [{ total }]] = await Promise.all([
      this.ds.query(`${SELECT} WHERE ${filter} ORDER BY r.created_at, r.id LIMIT ${limit} OFFSET ${offset}`, args) as Promise<Row[]>,
      this.ds.query(`SELECT count(*)::int AS total FROM registration r LEFT JOIN party p ON p.id = r.party_id WHERE ${filter}`, args),
    ]);
    if (caller.role === 'secretariat')
      await this.audit(caller, forExport ? 'registrations.export' : 'registrations.list', m.id, null, {
        filters: { ...q, limit: undefined, offset: undefined },
        count: rows.length,
      });
    return { meeting: m.code, total: total as number, items: rows.map(toRegistrationDto) };
  }

  async csv(code: string, caller: Caller, q: z.output<typeof registrationQuerySchema>): Promise<string> {
    const { items } = await this.list(code, caller, q, true);
    const cols: [string, (r: RegistrationDto) => unknown][] = [
      ['id', (r) => r.id],
      ['status', (r) => r.status],
      ['category', (r) => r.category],
      ['party_code', (r) => r.party?.code],
      ['party', (r) => r.party?.name],
      ['regional_group', (r) => r.party?.regionalGroup],
      ['organization', (r) => r.organization?.name],
      ['title', (r) => r.title],
      ['given_name', (r) => r.givenName],
      ['family_name', (r) => r.familyName],
      ['function', (r) => r.function],
      ['job_title', (r) => r.jobTitle],
      ['email', (r) => r.email],
      ['phone', (r) => r.phone],
      ['nationality', (r) => r.nationality],
      ['gender', (r) => r.gender],
      ['preferred_language', (r) => r.preferredLanguage],
      ['status_reason', (r) => r.statusReason],
      ['checked_in_at', (r) => r.checkedInAt],
      ['created_at', (r) => r.createdAt],
    ];
    const lines = [cols.map(([h]) => h).join(','), ...items.map((r) => cols.map(([, f]) => csvCell(f(r))).join(','))];
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  async publicList(code: string): Promise<{ meeting: string; participants: PublicParticipantDto[] }> {
    const m = await this.meeting(code);
    const [s] = await this.ds.query('SELECT public_list_published_at FROM registration_settings WHERE meeting_id = $1', [m.id]);
    if (!s?.public_list_published_at) throw new NotFoundException(`The list of participants of ${m.code} has not been published.`);
    // Only these columns leave the database: no email, phone, nationality or gender.
    const rows = await this.ds.query(
      `SELECT r.title, r.given_name, r.family_name, r.category, r.function, coalesce(p.name, o.name, 'Secretariat') AS affiliation
         FROM registration r LEFT JOIN party p ON p.id = r.party_id LEFT JOIN organization o ON o.id = r.organization_id
        WHERE r.meeting_id = $1 AND r.status = 'approved'
        ORDER BY r.category = 'party' DESC, affiliation, r.function = 'head-of-delegation' DESC, r.family_name, r.given_name`,
      [m.id],
    );
    return {
      meeting: m.code,
      participants: rows.map((r: Record<string, string>) => ({
        name: fullName(r),
        partyOrOrganization: r.affiliation,
        category: r.category as ParticipantCategory,
        function: r.function as PublicParticipantDto['function'],
      })),
    };
  }

  // ------------------------------------------------------------------ review

  /**
   * The organization's contact confirms a self-registration for that organization (on to the
   * secretariat's review: the secretariat keeps the final approval) or declines it with a reason.
   * 403 for anyone else, contacts of other organizations and Parties' focal points included.
   */
  async confirm(code: string, id: string, caller: Caller, input: z.output<typeof confirmationSchema>): Promise<RegistrationDto> {
    const m = await this.meeting(code);
    const b = await this.directory.bindingOf(caller);
    const [r] = await this.ds.query('SELECT organization_id, self_registered FROM registration WHERE id = $1 AND meeting_id = $2', [
      id,
      m.id,
    ]);
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

  async transition(code: string, id: string, caller: Caller, input: TransitionInput): Promise<RegistrationDto> {
    const outbox: string[] = [];
    await this.ds.transaction(async (em) => {
      const r = await this.readable(code, id, caller, em, true);
      // readable() let a focal point through only for its own Party's / organization's registrations.
      const actor: TransitionActor =
        caller.role === 'secretariat' ? 'secretariat' : r.self_registered ? 'organization-contact' : 'focal-point';
      const check = checkTransition(r.status, input.to, actor, input.reason);
      if (!check.ok) throw new HttpException({ message: check.message, reason: 'transition' }, check.status);
      let letterId = r.letter_id as string | null;
      if (input.letterId) {
        const [l] = await em.query('SELECT party_id, organization_id FROM nomination_letter WHERE id = $1 AND meeting_id = $2', [
          input.letterId,
          r.meeting_id,
        ]);
        if (!l || (actor === 'focal-point' && !sameBinding({ partyId: l.party_id, organizationId: l.organization_id }, r)))
          throw new BadRequestException({
            message: 'letterId does not name a letter of this Party or organization',
            details: [{ field: 'letterId', message: 'unknown letter' }],
          });
        letterId = input.letterId;
      }
      const reason = input.reason?.trim() || null;
      // Leaving "approved" revokes every badge printed so far.
      await em.query(
        `UPDATE registration SET status = $2, status_reason = $3, letter_id = $4, updated_at = now(),
            badge_version = badge_version + CASE WHEN status = 'approved' THEN 1 ELSE 0 END WHERE id = $1`,
        [id, input.to, reason, letterId],
      );
      await em.query('INSERT INTO registration_event (registration_id, from_status, to_status, reason, actor_id) VALUES ($1,$2,$3,$4,$5)', [
        id,
        r.status,
        input.to,
        reason,
        caller.id,
      ]);
      const m = await this.meeting(code);
      const base = { name: fullName(r), meeting: m.short_title, reason: reason ?? undefined };
      const send = async (template: MailTemplate, extra: object = {}) =>
        outbox.push(
          await this.mail.add(em, {
            template,
            language: r.preferred_language as string,
            to: r.email as string,
            vars: { ...base, ...extra },
            registrationId: id,
          }),
        );
      if (input.to === 'approved') await send('approved', await this.ensureAccount(em, r));
      else if (input.to === 'rejected') await send('rejected');
      else if (input.to === 'on-hold') await send('on-hold');
    });
    await this.mail.dispatch(outbox);
    return toRegistrationDto(await this.row(id));
  }

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

  /** Links the approved participant to an account, creating one (with an invitation) when needed. */
  private async ensureAccount(em: EntityManager, r: Row): Promise<{ link?: string; expires?: string }> {
    let userId = r.user_id as string | null;
    let needsPassword: boolean;
    if (!userId) {
      const [u] = await em.query('SELECT id, password_hash FROM app_user WHERE email = $1', [r.email]);
      if (u) {
        userId = u.id as string;
        needsPassword = u.password_hash === NO_PASSWORD;
      } else {
        const role = r.category === 'party' ? 'delegate' : 'observer';
        [{ id: userId }] = await em.query(
          `INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1,$2,$3,$4) ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
          [r.email, fullName(r), role, NO_PASSWORD],
        );
        needsPassword = true;
      }
      await em.query('UPDATE registration SET user_id = $2 WHERE id = $1', [r.id, userId]);
    } else {
      const [u] = await em.query('SELECT password_hash FROM app_user WHERE id = $1', [userId]);
      needsPassword = u?.password_hash === NO_PASSWORD;
    }
    return needsPassword ? createInvitation(em, this.config, userId!, r.id) : {};
  }

  // ------------------------------------------------------------------ settings

  async settings(code: string) {
    const m = await this.meeting(code);
    const [s] = await this.ds.query('SELECT * FROM registration_settings WHERE meeting_id = $1', [m.id]);
    return {
      meeting: m.code,
      deadline: iso(s?.deadline),
      perPartyQuota: (s?.per_party_quota ?? null) as number | null,
      perCategoryQuota: (s?.per_category_quota ?? {}) as Record<string, number>,
      publicListPublished: !!s?.public_list_published_at,
    };
  }

  async updateSettings(code: string, input: z.output<typeof registrationSettingsSchema>) {
    const m = await this.meeting(code);
    await this.ds.query(`INSERT INTO registration_settings (meeting_id) VALUES ($1) ON CONFLICT (meeting_id) DO NOTHING`, [m.id]);
    const sets: string[] = ['updated_at = now()'];
    const args: unknown[] = [m.id];
    const set = (col: string, v: unknown) => {
      args.push(v);
      sets.push(`${col} = $${args.length}`);
    };
    if (input.deadline !== undefined) set('deadline', input.deadline);
    if (input.perPartyQuota !== undefined) set('per_party_quota', input.perPartyQuota);
    if (input.perCategoryQuota !== undefined) set('per_category_quota', JSON.stringify(input.perCategoryQuota));
    if (input.publicListPublished !== undefined)
      sets.push(
        input.publicListPublished
          ? 'public_list_published_at = coalesce(public_list_published_at, now())'
          : 'public_list_published_at = NULL',
      );
    await this.ds.query(`UPDATE registration_settings SET ${sets.join(', ')} WHERE meeting_id = $1`, args);
    return this.settings(code);
  }

  // ------------------------------------------------------------------ the participant's own

  async mine(caller: Caller): Promise<RegistrationDto[]> {
    const rows: Row[] = await this.ds.query(`${SELECT} WHERE r.user_id = $1 ORDER BY r.created_at DESC`, [caller.id]);
    return rows.map(toRegistrationDto);
  }

  async audit(caller: Caller, action: string, meetingId: string | null, registrationId: string | null, detail: object | null = null) {
    await this.ds.query('INSERT INTO pii_access_log (actor_id, action, meeting_id, registration_id, detail) VALUES ($1,$2,$3,$4,$5)', [
      caller.id,
      action,
      meetingId,
      registrationId,
      detail ? JSON.stringify(detail) : null,
    ]);
  }

  assertFocalPointOrSecretariat(caller: Caller): void {
    if (caller.role !== 'secretariat' && caller.role !== 'focal-point')
      throw new ForbiddenException('Only secretariat or focal-point accounts may do this.');
  }
}

export function sameBinding(b: Binding, r: { party_id: string | null; organization_id: string | null }): boolean {
  return (!!b.partyId && b.partyId === r.party_id) || (!!b.organizationId && b.organizationId === r.organization_id);
}

/** One CSV cell; cells that a spreadsheet would run as a formula are prefixed with an apostrophe. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
