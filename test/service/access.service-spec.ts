import { createDocumentSchema, documentQuerySchema } from '@cop/contracts';
import type { Caller } from '../../apps/api/src/auth/access';
import { AudienceService } from '../../apps/api/src/auth/audience.service';
import { DocumentAccess } from '../../apps/api/src/documents/document-access';
import { DocumentsService } from '../../apps/api/src/documents/documents.service';
import { ReviewService } from '../../apps/api/src/registration/review.service';
import { makePdf, PDF_TYPE } from '../support/documents';
import { requestBody, ServiceContext } from '../support/services';

/**
 * "Approved participant of meeting M" (AudienceService) and what it opens: the access levels of
 * DocumentAccess and the documents DocumentsService lists at each level.
 */
describe('audience and document access', () => {
  let ctx: ServiceContext;
  let audience: AudienceService;
  let access: DocumentAccess;
  let meeting: string;
  let other: string;
  let participant: Caller;
  let outsider: Caller;

  beforeAll(async () => {
    ctx = await ServiceContext.start();
    audience = ctx.get(AudienceService);
    access = ctx.get(DocumentAccess);
    [meeting, other] = [await ctx.newMeeting(), await ctx.newMeeting()];
    participant = await ctx.newAccount('delegate');
    await ctx.newRegistration(meeting, { email: participant.email, state: 'approved' });
    outsider = await ctx.newAccount('delegate');
    await ctx.newRegistration(meeting, { email: outsider.email, state: 'on-hold' });

    const documents = ctx.get(DocumentsService);
    for (const [symbol, distribution] of [
      ['UNEP/MC/COP.6/INF/1', 'public'],
      ['UNEP/MC/COP.6/CRP.1', 'participants'],
      ['UNEP/MC/COP.6/INF/2', 'secretariat'],
    ]) {
      const made = await documents.create(meeting, createDocumentSchema.parse({ symbol, title: { en: symbol }, distribution }));
      await documents.upload(meeting, made.ref, 'en', requestBody(makePdf([symbol])), PDF_TYPE, ctx.sec);
    }
    // Created, never published: the secretariat's alone.
    await documents.create(meeting, createDocumentSchema.parse({ symbol: 'UNEP/MC/COP.6/INF/3', title: { en: 'Draft' } }));
  });
  afterAll(() => ctx.close());

  it('counts only an approved registration for that very meeting as participation', async () => {
    expect(await audience.isApprovedParticipant(participant.id, meeting)).toBe(true);
    expect(await audience.isApprovedParticipant(participant.id, other)).toBe(false);
    // On hold is not approved.
    expect(await audience.isApprovedParticipant(outsider.id, meeting)).toBe(false);
    expect(await audience.of(participant, meeting)).toBe('participants');
    expect(await audience.of(participant, other)).toBe('public');
    expect(await audience.of(null, meeting)).toBe('public');
    expect(await audience.of(ctx.sec, other)).toBe('participants');
  });

  it('gives each caller a document access level: public, participants or secretariat', async () => {
    expect(await access.level(null, meeting)).toBe('public');
    expect(await access.level(outsider, meeting)).toBe('public');
    expect(await access.level(participant, meeting)).toBe('participants');
    expect(await access.level(participant, other)).toBe('public');
    expect(await access.level(ctx.sec, meeting)).toBe('secretariat');
  });

  it('lists the documents each level may see, unpublished ones for the secretariat only', async () => {
    const seen = async (caller: Caller | null) =>
      (await ctx.get(DocumentsService).list(meeting, caller, documentQuerySchema.parse({}))).documents.map((d) => d.symbol).sort();
    expect(await seen(null)).toEqual(['UNEP/MC/COP.6/INF/1']);
    expect(await seen(outsider)).toEqual(['UNEP/MC/COP.6/INF/1']);
    expect(await seen(participant)).toEqual(['UNEP/MC/COP.6/CRP.1', 'UNEP/MC/COP.6/INF/1']);
    expect(await seen(ctx.sec)).toEqual(['UNEP/MC/COP.6/CRP.1', 'UNEP/MC/COP.6/INF/1', 'UNEP/MC/COP.6/INF/2', 'UNEP/MC/COP.6/INF/3']);
  });

  it('takes participation away with the approval: cancelled, the participant sees what the public sees', async () => {
    const again = await ctx.newAccount('delegate');
    const id = await ctx.newRegistration(meeting, { email: again.email, state: 'approved' });
    expect(await access.level(again, meeting)).toBe('participants');
    await ctx.get(ReviewService).transition(meeting, id, ctx.sec, { to: 'cancelled', reason: 'Left the delegation.' });
    expect(await audience.isApprovedParticipant(again.id, meeting)).toBe(false);
    expect(await access.level(again, meeting)).toBe('public');
    // The other participant's approval is untouched.
    expect(await access.level(participant, meeting)).toBe('participants');
  });
});
