import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PublicParticipantDto } from '@cop/contracts';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { publicParticipants, toPublicParticipantDto } from './registration.queries';
import { findSettings } from './registration-settings.queries';

/** The public list of participants: once the secretariat published it; names, Party or organization, function only. */
@Injectable()
export class PublicListService {
  constructor(
    private readonly ds: DataSource,
    private readonly meetings: MeetingLookup,
  ) {}

  async publicList(code: string): Promise<{ meeting: string; participants: PublicParticipantDto[] }> {
    const m = await this.meetings.get(code);
    const s = await findSettings(this.ds, m.id);
    if (!s?.public_list_published_at) throw new NotFoundException(`The list of participants of ${m.code} has not been published.`);
    return { meeting: m.code, participants: (await publicParticipants(this.ds, m.id)).map(toPublicParticipantDto) };
  }
}
