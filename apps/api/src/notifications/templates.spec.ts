import { UN_LANGUAGES } from '@cop/contracts';
import { MAIL_TEMPLATES, renderMail } from './templates';

describe('mail templates', () => {
  it('exist for every template in all six UN languages and carry the variables', () => {
    for (const t of MAIL_TEMPLATES)
      for (const lang of UN_LANGUAGES) {
        const m = renderMail(t, lang, {
          name: 'Ana Pérez',
          meeting: 'COP-6',
          reason: 'Credentials missing',
          link: 'https://x/i#t',
          expires: '2026-01-01',
        });
        expect(m.subject).toContain('COP-6');
        expect(m.text).toContain('Ana Pérez');
        if (t === 'rejected' || t === 'on-hold') expect(m.text).toContain('Credentials missing');
        if (t === 'account-invitation') expect(m.text).toContain('https://x/i#t');
        if (t === 'address-confirmation') expect(m.text).toContain('https://x/i#t');
      }
  });

  it('writes in the participant language and falls back to English', () => {
    expect(renderMail('rejected', 'fr', { name: 'A', meeting: 'COP-6', reason: 'r' }).text).toMatch(/Motif : r/);
    expect(renderMail('rejected', 'es', { name: 'A', meeting: 'COP-6', reason: 'r' }).text).toMatch(/Motivo: r/);
    expect(renderMail('rejected', 'de', { name: 'A', meeting: 'COP-6', reason: 'r' }).text).toMatch(/Reason: r/);
  });

  it('includes the invitation link in the approval only when there is one', () => {
    expect(renderMail('approved', 'en', { name: 'A', meeting: 'M', link: 'https://l', expires: 'soon' }).text).toContain('https://l');
    expect(renderMail('approved', 'en', { name: 'A', meeting: 'M' }).text).not.toContain('http');
  });
});
