import { randomBytes } from 'node:crypto';
import { tag, type RunningApi } from './harness';

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
