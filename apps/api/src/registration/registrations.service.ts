import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { registrationQuerySchema, type RegistrationDetailDto, type RegistrationDto } from '@cop/contracts';
import type { Caller } from '../auth/access';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { PartiesService } from './parties.service';
import { correctionsOf, toCorrectionDto } from './personal-data-audit.queries';
import { PersonalDataAudit } from './personal-data-audit.service';
import {
  findRegistrationInMeeting,
  listRegistrations,
  registrationHistory,
  registrationsOfUser,
  toRegistrationDto,
  toRegistrationEventDto,
  type RegistrationFilter,
  type RegistrationRow,
} from './registration.queries';
import { sameBinding } from './rules';

type RegistrationQuery = z.output<typeof registrationQuerySchema>;

/** At most this many rows in one export. */
const EXPORT_LIMIT = 100_000;

/**
 * Reading registrations: who may read which (the secretariat all of a meeting's, a focal point its
 * own Party's or organization's, nobody else any), lists, details and the participant's own. The
 * secretariat's reads of personal data are recorded.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly ds: DataSource,
    private readonly parties: PartiesService,
    private readonly meetings: MeetingLookup,
    private readonly audit: PersonalDataAudit,
  ) {}

  /** Secretariat: everything. Focal point: its own Party's / organization's. Anyone else: nothing. */
  async mayRead(caller: Caller, r: { party_id: string | null; organization_id: string | null }): Promise<boolean> {
    if (caller.role === 'secretariat') return true;
    if (caller.role !== 'focal-point') return false;
    return sameBinding(await this.parties.bindingOf(caller), r);
  }

  /** One registration the caller may read, else 404 — whether it exists or not. */
  private async readable(code: string, id: string, caller: Caller): Promise<RegistrationRow> {
    const r = await findRegistrationInMeeting(this.ds, id, code);
    if (!r || !(await this.mayRead(caller, r))) throw new NotFoundException('No such registration.');
    return r;
  }

  async detail(code: string, id: string, caller: Caller): Promise<RegistrationDetailDto | RegistrationDto> {
    const r = await this.readable(code, id, caller);
    const dto = toRegistrationDto(r);
    if (caller.role !== 'secretariat') return dto;
    await this.audit.record(caller, 'registration.read', r.meeting_id, id);
    const [history, corrections] = await Promise.all([registrationHistory(this.ds, id), correctionsOf(this.ds, id)]);
    return { ...dto, history: history.map(toRegistrationEventDto), corrections: corrections.map(toCorrectionDto) };
  }

  async accessLog(code: string, id: string, caller: Caller) {
    await this.readable(code, id, caller);
    return this.audit.readsOf(id);
  }

  async list(code: string, caller: Caller, q: RegistrationQuery) {
    return this.find(code, caller, q, false);
  }

  /** Every registration the filter matches (no paging), for the CSV export. */
  async exportList(code: string, caller: Caller, q: RegistrationQuery): Promise<RegistrationDto[]> {
    return (await this.find(code, caller, q, true)).items;
  }

  async mine(caller: Caller): Promise<RegistrationDto[]> {
    return (await registrationsOfUser(this.ds, caller.id)).map(toRegistrationDto);
  }

  private async find(code: string, caller: Caller, q: RegistrationQuery, forExport: boolean) {
    const m = await this.meetings.get(code);
    const filter: RegistrationFilter = {
      meetingId: m.id,
      status: q.status,
      category: q.category,
      partyCode: q.party,
      region: q.region,
      text: q.q,
    };
    if (caller.role === 'focal-point') {
      const b = await this.parties.bindingOf(caller);
      if (b.partyId) filter.partyId = b.partyId;
      else filter.organizationId = b.organizationId!;
    }
    const page = forExport ? { limit: EXPORT_LIMIT, offset: 0 } : { limit: q.limit, offset: q.offset };
    const { rows, total } = await listRegistrations(this.ds, filter, page);
    if (caller.role === 'secretariat')
      await this.audit.record(caller, forExport ? 'registrations.export' : 'registrations.list', m.id, null, {
        filters: { ...q, limit: undefined, offset: undefined },
        count: rows.length,
      });
    return { meeting: m.code, total, items: rows.map(toRegistrationDto) };
  }
}
