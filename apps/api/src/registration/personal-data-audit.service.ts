import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/access';
import { insertPersonalDataAccess, personalDataAccessOf, toPersonalDataAccessDto } from './personal-data-audit.queries';

/** Who read personal data, when: the secretariat's reads of details, lists, exports and letters are recorded. */
@Injectable()
export class PersonalDataAudit {
  constructor(private readonly ds: DataSource) {}

  async record(caller: Caller, action: string, meetingId: string | null, registrationId: string | null, detail: object | null = null) {
    await insertPersonalDataAccess(this.ds, { actorId: caller.id, action, meetingId, registrationId, detail });
  }

  /** The reads recorded for one registration, oldest first. */
  async readsOf(registrationId: string) {
    return (await personalDataAccessOf(this.ds, registrationId)).map(toPersonalDataAccessDto);
  }
}
