import { randomBytes } from 'node:crypto';
import { call, db, tag, type RunningApi } from './harness';

/** A minimal but real PDF (magic bytes, objects, xref, trailer, %%EOF). */
export function pdf(text = 'Letter of nomination'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% ${text} ${randomBytes(4).toString('hex')}\nxref\n0 3\ntrailer <</Size 3 /Root 1 0 R>>\nstartxref\n0\n%%EOF\n`,
    'latin1',
  );
}

export async function uploadLetter(api: RunningApi, meeting: string, token: string, body: Buffer = pdf()) {
  const res = await fetch(`${api.url}/api/meetings/${meeting}/nomination-letters`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'x-filename': 'nomination.pdf' },
    body: new Uint8Array(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { id: string; sha256: string; sizeBytes: number; message?: string; reason?: string },
  };
}

export const person = (over: Record<string, unknown> = {}) => ({
  title: 'Ms.',
  givenName: 'Amina',
  familyName: 'Diallo',
  email: `p-${tag()}@example.org`,
  function: 'adviser',
  nationality: 'SN',
  preferredLanguage: 'fr',
  ...over,
});

/**
 * Self-registers as a person would: the request, then the link from the confirmation mail (read
 * from the outbox). Answers the request's refusal, else the confirmation's answer.
 */
export async function selfRegisterConfirmed(api: RunningApi, selfRegistrations: string, body: { email: string } & Record<string, unknown>) {
  const asked = await call(api, 'POST', selfRegistrations, { body });
  if (asked.status !== 202) return asked;
  const [mail] = await (
    await db()
  ).query<{ link: string | null }[]>(
    `SELECT vars->>'link' AS link FROM mail_outbox WHERE recipient = $1 AND template = 'address-confirmation' ORDER BY created_at DESC LIMIT 1`,
    [String(body.email).trim().toLowerCase()],
  );
  const token = mail?.link?.split('#')[1];
  if (!token) throw new Error(`no address confirmation mailed to ${body.email}`);
  return call(api, 'POST', `${selfRegistrations}/address-confirmation`, { body: { token } });
}
