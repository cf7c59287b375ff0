import { HttpException } from '@nestjs/common';
import { nominationSchema, registrationSettingsSchema } from '@cop/contracts';
import { NominationsService } from '../../apps/api/src/registration/nominations.service';
import { RegistrationSettingsService } from '../../apps/api/src/registration/registration-settings.service';
import { ReviewService } from '../../apps/api/src/registration/review.service';
import { ServiceContext } from '../support/services';
import { person } from '../support/registration';

/** Why a service call failed: its HTTP status and the machine-readable reason the API answers with. */
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => {
      if (!(e instanceof HttpException)) throw e;
      return { status: e.getStatus(), reason: (e.getResponse() as { reason?: string }).reason };
    },
  );

/** Nominations written by NominationsService: idempotent retries, one registration per person, quotas. */
describe('NominationsService', () => {
  let ctx: ServiceContext;
  let nominations: NominationsService;
  let meeting: string;
  let partyCode: string;
  let letterId: string;
  const nomination = (over: Record<string, unknown> = {}) =>
    nominationSchema.parse(person({ letterId, category: 'party', partyCode, ...over }));
  const count = async (email: string) =>
    (await ctx.ds.query('SELECT count(*)::int AS n FROM registration WHERE email = $1', [email]))[0].n as number;

  beforeAll(async () => {
    ctx = await ServiceContext.start();
    nominations = ctx.get(NominationsService);
    meeting = await ctx.newMeeting();
    partyCode = await ctx.newParty();
    letterId = await ctx.newLetter(meeting);
  });
  afterAll(() => ctx.close());

  it('answers a retry with the same Idempotency-Key with the registration it made, writing nothing more', async () => {
    const input = nomination();
    const first = await nominations.nominate(meeting, ctx.sec, input, `key-${input.email}`);
    const again = await nominations.nominate(meeting, ctx.sec, input, `key-${input.email}`);
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, registration: first.registration });
    expect(await count(input.email)).toBe(1);
  });

  it('refuses an Idempotency-Key reused for another person, and one that is not visible ASCII', async () => {
    const key = `key-${Date.now()}`;
    await nominations.nominate(meeting, ctx.sec, nomination(), key);
    const other = nomination();
    expect(await refusal(nominations.nominate(meeting, ctx.sec, other, key))).toEqual({
      status: 422,
      reason: 'idempotency-key-reused',
    });
    expect(await count(other.email)).toBe(0);
    expect(await refusal(nominations.nominate(meeting, ctx.sec, nomination(), 'no spaces allowed'))).toMatchObject({ status: 400 });
  });

  it('keeps one registration per person and meeting, however often they are nominated', async () => {
    const input = nomination();
    const first = await nominations.nominate(meeting, ctx.sec, input, undefined);
    const second = await nominations.nominate(meeting, ctx.sec, { ...input, givenName: 'Aminata' }, undefined);
    expect(second.created).toBe(false);
    expect(second.registration.id).toBe(first.registration.id);
    expect(await count(input.email)).toBe(1);
  });

  it('holds the per-Party quota, and frees a place when a registration is rejected', async () => {
    const code = await ctx.newMeeting();
    const party = await ctx.newParty();
    const letter = await ctx.newLetter(code);
    await ctx.get(RegistrationSettingsService).updateSettings(code, registrationSettingsSchema.parse({ perPartyQuota: 2 }));
    const nominate = () =>
      nominations.nominate(
        code,
        ctx.sec,
        nominationSchema.parse(person({ letterId: letter, category: 'party', partyCode: party })),
        undefined,
      );

    const first = await nominate();
    await nominate();
    expect(await refusal(nominate())).toEqual({ status: 409, reason: 'quota-party' });
    // Another Party's delegates do not count against this one's quota.
    expect((await nominations.nominate(code, ctx.sec, nomination({ letterId: letter }), undefined)).created).toBe(true);

    await ctx.get(ReviewService).transition(code, first.registration.id, ctx.sec, { to: 'rejected', reason: 'Not eligible.' });
    expect((await nominate()).created).toBe(true);
    expect(await refusal(nominate())).toEqual({ status: 409, reason: 'quota-party' });
  });

  it('refuses nominations once the deadline has passed', async () => {
    const code = await ctx.newMeeting();
    const letter = await ctx.newLetter(code);
    await ctx.get(RegistrationSettingsService).updateSettings(code, registrationSettingsSchema.parse({ deadline: '2020-01-01T00:00:00Z' }));
    expect(await refusal(nominations.nominate(code, ctx.sec, nomination({ letterId: letter }), undefined))).toEqual({
      status: 409,
      reason: 'deadline',
    });
  });
});
