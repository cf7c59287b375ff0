import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { registrationSettingsSchema } from '@cop/contracts';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { iso } from './registration.queries';
import { findSettings, updateSettings } from './registration-settings.queries';

/** A meeting's registration deadline, quotas, and whether its list of participants is published. */
@Injectable()
export class RegistrationSettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly meetings: MeetingLookup,
  ) {}

  async settings(code: string) {
    const m = await this.meetings.get(code);
    const s = await findSettings(this.ds, m.id);
    return {
      meeting: m.code,
      deadline: iso(s?.deadline ?? null),
      perPartyQuota: s?.per_party_quota ?? null,
      perCategoryQuota: s?.per_category_quota ?? {},
      publicListPublished: !!s?.public_list_published_at,
    };
  }

  async updateSettings(code: string, input: z.output<typeof registrationSettingsSchema>) {
    const m = await this.meetings.get(code);
    await updateSettings(this.ds, m.id, input);
    return this.settings(code);
  }
}
