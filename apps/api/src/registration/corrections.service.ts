import { ConflictException, HttpException, HttpStatus, Injectable, NotFoundException, PreconditionFailedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { registrationCorrectionSchema, type CorrectableField, type RegistrationDto } from '@cop/contracts';
import type { Caller } from '../auth/access';
import { isUniqueViolation } from './parties.service';
import { CORRECTION_ACTION, insertPersonalDataAccess, type CorrectionDetail } from './personal-data-audit.queries';
import {
  correctRegistration,
  emailTakenInMeeting,
  findRegistration,
  iso,
  lockRegistrationInMeeting,
  toRegistrationDto,
} from './registration.queries';

const COLUMN: Record<CorrectableField, 'given_name' | 'family_name' | 'email'> = {
  givenName: 'given_name',
  familyName: 'family_name',
  email: 'email',
};

/**
 * The secretariat corrects a typo in a registration's names or email. Each correction is an
 * audited change: the personal-data audit records who changed which field from what to what.
 * The caller names the version it corrected (If-Match: the registration's updatedAt), so a
 * correction never overwrites a change it has not seen.
 */
@Injectable()
export class CorrectionsService {
  constructor(private readonly ds: DataSource) {}

  async correct(
    code: string,
    id: string,
    caller: Caller,
    input: z.output<typeof registrationCorrectionSchema>,
    ifMatch: string | undefined,
  ): Promise<RegistrationDto> {
    const seen = ifMatch?.replace(/^\s*(W\/)?"?|"?\s*$/g, '');
    await this.ds.transaction(async (em) => {
      const r = await lockRegistrationInMeeting(em, id, code);
      if (!r) throw new NotFoundException('No such registration.');
      const current = iso(r.updated_at)!;
      if (!seen)
        throw new HttpException(
          { message: `Send If-Match with the registration's updatedAt (now ${current}) so a concurrent change is not overwritten.` },
          HttpStatus.PRECONDITION_REQUIRED,
        );
      if (seen !== current)
        throw new PreconditionFailedException({
          message: 'Someone else changed this registration first. Reload it and try again.',
          currentUpdatedAt: current,
        });
      const changes: CorrectionDetail['changes'] = [];
      const next = { given_name: r.given_name, family_name: r.family_name, email: r.email };
      for (const field of Object.keys(COLUMN) as CorrectableField[]) {
        const to = input[field]?.trim();
        const column = COLUMN[field];
        if (to === undefined || to === r[column]) continue;
        changes.push({ field, from: r[column], to });
        next[column] = to;
      }
      if (!changes.length) return;
      if (next.email !== r.email && (await emailTakenInMeeting(em, r.meeting_id, next.email, id)))
        throw new ConflictException({ message: `Another registration for this meeting already uses ${next.email}.`, field: 'email' });
      try {
        await correctRegistration(em, id, next);
      } catch (e) {
        if (isUniqueViolation(e))
          throw new ConflictException({ message: `Another registration for this meeting already uses ${next.email}.` });
        throw e;
      }
      await insertPersonalDataAccess(em, {
        actorId: caller.id,
        action: CORRECTION_ACTION,
        meetingId: r.meeting_id,
        registrationId: id,
        detail: { changes } satisfies CorrectionDetail,
      });
    });
    return toRegistrationDto(await findRegistration(this.ds, id));
  }
}
