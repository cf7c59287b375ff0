import { checkTransition, looksLikePdf } from './rules';

describe('registration state machine', () => {
  it('lets the secretariat approve, reject (with reason), hold (with reason) and cancel a pending registration', () => {
    expect(checkTransition('pending', 'approved', 'secretariat')).toEqual({ ok: true });
    expect(checkTransition('pending', 'rejected', 'secretariat', 'Not a member of the delegation')).toEqual({ ok: true });
    expect(checkTransition('pending', 'on-hold', 'secretariat', 'Letter of nomination missing')).toEqual({ ok: true });
    expect(checkTransition('pending', 'cancelled', 'secretariat', 'Withdrawn')).toEqual({ ok: true });
  });

  it('requires a reason to reject, hold or cancel', () => {
    for (const to of ['rejected', 'on-hold', 'cancelled'] as const) {
      expect(checkTransition('pending', to, 'secretariat')).toMatchObject({ ok: false, status: 400 });
      expect(checkTransition('pending', to, 'secretariat', '   ')).toMatchObject({ ok: false, status: 400 });
    }
  });

  it('lets a registration on hold go back to pending, and approved ones only be cancelled (revoked)', () => {
    expect(checkTransition('on-hold', 'pending', 'focal-point')).toEqual({ ok: true });
    expect(checkTransition('on-hold', 'approved', 'secretariat')).toEqual({ ok: true });
    expect(checkTransition('approved', 'cancelled', 'secretariat', 'Badge lost')).toEqual({ ok: true });
    expect(checkTransition('approved', 'rejected', 'secretariat', 'x')).toMatchObject({ ok: false, status: 409 });
    expect(checkTransition('approved', 'pending', 'secretariat')).toMatchObject({ ok: false, status: 409 });
  });

  it('lets an organization’s contact confirm or decline (with a reason) an unconfirmed self-registration, and nothing else', () => {
    expect(checkTransition('unconfirmed', 'pending', 'organization-contact')).toEqual({ ok: true });
    expect(checkTransition('unconfirmed', 'rejected', 'organization-contact', 'Not on our staff')).toEqual({ ok: true });
    expect(checkTransition('unconfirmed', 'rejected', 'organization-contact')).toMatchObject({ ok: false, status: 400 });
    const approve = checkTransition('unconfirmed', 'approved', 'organization-contact');
    expect(approve).toMatchObject({ ok: false, status: 403 });
    expect((approve as { message: string }).message).toMatch(/Only the secretariat/);
    expect(checkTransition('pending', 'approved', 'organization-contact')).toMatchObject({ ok: false, status: 403 });
    expect(checkTransition('pending', 'rejected', 'organization-contact', 'x')).toMatchObject({ ok: false, status: 403 });
    expect(checkTransition('unconfirmed', 'pending', 'focal-point')).toMatchObject({ ok: false, status: 403 });
    // The secretariat keeps the last word, with or without the contact.
    expect(checkTransition('unconfirmed', 'approved', 'secretariat')).toEqual({ ok: true });
  });

  it('keeps rejected and cancelled final', () => {
    for (const from of ['rejected', 'cancelled'] as const)
      for (const to of ['pending', 'approved', 'on-hold'] as const) {
        const r = checkTransition(from, to, 'secretariat', 'because');
        expect(r).toMatchObject({ ok: false, status: 409 });
        expect((r as { message: string }).message).toMatch(/final/);
      }
  });

  it('does not let a focal point approve, reject or hold', () => {
    expect(checkTransition('pending', 'approved', 'focal-point')).toMatchObject({ ok: false, status: 403 });
    expect(checkTransition('pending', 'rejected', 'focal-point', 'x')).toMatchObject({ ok: false, status: 403 });
    expect(checkTransition('pending', 'cancelled', 'focal-point', 'Changed delegation')).toEqual({ ok: true });
    expect(checkTransition('approved', 'cancelled', 'focal-point', 'x')).toMatchObject({ ok: false, status: 403 });
  });

  it('answers 409 for a transition to the same status', () => {
    expect(checkTransition('approved', 'approved', 'secretariat')).toMatchObject({ ok: false, status: 409 });
  });
});

describe('PDF content check', () => {
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  it('accepts a PDF by its magic bytes and trailer, not its name', () => {
    expect(looksLikePdf(pdf)).toBe(true);
  });
  it('rejects other content, including truncated PDFs and PNGs', () => {
    expect(looksLikePdf(Buffer.from('\x89PNG\r\n\x1a\nxxxx'))).toBe(false);
    expect(looksLikePdf(Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\n'))).toBe(false);
    expect(looksLikePdf(Buffer.from('hello %%EOF'))).toBe(false);
    expect(looksLikePdf(Buffer.alloc(0))).toBe(false);
  });
});
