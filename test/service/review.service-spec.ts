import { HttpException } from '@nestjs/common';
import { createFocalPointSchema, type RegistrationDetailDto } from '@cop/contracts';
import type { Caller } from '../../apps/api/src/auth/access';
import { AudienceService } from '../../apps/api/src/auth/audience.service';
import { FocalPointsService } from '../../apps/api/src/registration/focal-points.service';
import { RegistrationsService } from '../../apps/api/src/registration/registrations.service';
import { ReviewService } from '../../apps/api/src/registration/review.service';
import { ServiceContext } from '../support/services';

/** The HTTP status a service call failed with (the controllers pass it on unchanged). */
const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof HttpException ? e.getStatus() : e),
  );

/** The review state machine as ReviewService applies it to stored registrations. */
describe('ReviewService', () => {
  let ctx: ServiceContext;
  let review: ReviewService;
  let meeting: string;
  const detail = async (id: string) => (await ctx.get(RegistrationsService).detail(meeting, id, ctx.sec)) as RegistrationDetailDto;

  beforeAll(async () => {
    ctx = await ServiceContext.start();
    review = ctx.get(ReviewService);
    meeting = await ctx.newMeeting();
  });
  afterAll(() => ctx.close());

  it('approves a pending registration: the history records who did it, and the participant gets an account', async () => {
    const id = await ctx.newRegistration(meeting);
    const approved = await review.transition(meeting, id, ctx.sec, { to: 'approved' });
    expect(approved.status).toBe('approved');
    const stored = await detail(id);
    expect(stored.history.map((h) => [h.from, h.to, h.by?.email])).toEqual([
      [null, 'pending', ctx.sec.email],
      ['pending', 'approved', ctx.sec.email],
    ]);
    const [{ user_id: userId }] = await ctx.ds.query('SELECT user_id FROM registration WHERE id = $1', [id]);
    expect(userId).toEqual(expect.any(String));
    expect(await ctx.get(AudienceService).isApprovedParticipant(userId, meeting)).toBe(true);
  });

  it('refuses transitions the state machine does not allow, and leaves the registration as it was', async () => {
    const approved = await ctx.newRegistration(meeting, { state: 'approved' });
    expect(await statusOf(review.transition(meeting, approved, ctx.sec, { to: 'pending' }))).toBe(409);
    expect(await statusOf(review.transition(meeting, approved, ctx.sec, { to: 'approved' }))).toBe(409);
    expect((await detail(approved)).status).toBe('approved');

    const pending = await ctx.newRegistration(meeting);
    // Rejecting, holding and cancelling must say why: the participant sees the reason.
    expect(await statusOf(review.transition(meeting, pending, ctx.sec, { to: 'rejected' }))).toBe(400);
    expect(await statusOf(review.transition(meeting, pending, ctx.sec, { to: 'rejected', reason: '  ' }))).toBe(400);
    expect((await detail(pending)).status).toBe('pending');

    await review.transition(meeting, pending, ctx.sec, { to: 'rejected', reason: 'Not named in the letter.' });
    // Rejected is final.
    expect(await statusOf(review.transition(meeting, pending, ctx.sec, { to: 'approved' }))).toBe(409);
    expect(await detail(pending)).toMatchObject({ status: 'rejected', statusReason: 'Not named in the letter.' });
  });

  it('lets the nominating focal point cancel, but only the secretariat approve', async () => {
    const partyCode = await ctx.newParty();
    const email = `fp-${Date.now()}@test.cop`;
    const made = await ctx
      .get(FocalPointsService)
      .createFocalPoint(createFocalPointSchema.parse({ email, displayName: 'Focal point', partyCode, password: 'a long password 1' }));
    const focalPoint: Caller = { id: made.id, email, role: 'focal-point' };
    const id = await ctx.newRegistration(meeting, { partyCode });

    expect(await statusOf(review.transition(meeting, id, focalPoint, { to: 'approved' }))).toBe(403);
    expect((await detail(id)).status).toBe('pending');
    const cancelled = await review.transition(meeting, id, focalPoint, { to: 'cancelled', reason: 'No longer travelling.' });
    expect(cancelled.status).toBe('cancelled');

    // Another Party's registration is not the focal point's to see: 404, as if it did not exist.
    const other = await ctx.newRegistration(meeting);
    expect(await statusOf(review.transition(meeting, other, focalPoint, { to: 'cancelled', reason: 'x' }))).toBe(404);
  });

  it('reviews in bulk: one result per distinct id, each in its own transaction', async () => {
    const [a, b] = [await ctx.newRegistration(meeting), await ctx.newRegistration(meeting)];
    const done = await ctx.newRegistration(meeting, { state: 'approved' });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const { results } = await review.bulkTransition(meeting, ctx.sec, [a, b, a, done, unknown], 'approved');
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      [a, true],
      [b, true],
      [done, false],
      [unknown, false],
    ]);
    expect(results[2].message).toMatch(/already approved/);
    expect(results[3].message).toBe('No such registration.');
    // The refusals did not undo the approvals.
    expect((await detail(a)).status).toBe('approved');
    expect((await detail(b)).status).toBe('approved');
  });
});
