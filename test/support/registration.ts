import { randomBytes } from 'node:crypto';
import { call, tag, type RunningApi } from './harness';

/** A minimal but real PDF (magic bytes, objects, xref, trailer, %%EOF). */
export function pdf(text = 'Letter of nomination'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% ${text} ${randomBytes(4).toString('hex')}\nxref\n0 3\ntrailer <</Size 3 /Root 1 0 R>>\nstartxref\n0\n%%EOF\n`,
    'latin1',
  );
}

export async function login(api: RunningApi, email: string, password: string): Promise<string> {
  const res = await call(api, 'POST', '/api/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** A meeting of its own; by default in the future so badges are valid. */
export async function futureMeeting(api: RunningApi, sec: string, start = '2030-06-10', end = '2030-06-14'): Promise<string> {
  const code = `r-${tag()}`;
  const res = await call(api, 'POST', '/api/meetings', {
    token: sec,
    body: {
      code,
      title: { en: `Registration test ${code}` },
      shortTitle: 'REG-TEST',
      venue: 'CICG, Geneva',
      timeZone: 'Europe/Zurich',
      startDate: start,
      endDate: end,
    },
  });
  if (res.status !== 201) throw new Error(`meeting: ${res.status} ${JSON.stringify(res.body)}`);
  return code;
}

/** A Party with a random unused code. */
export async function party(api: RunningApi, sec: string, region = 'African Group'): Promise<{ code: string; name: string }> {
  for (;;) {
    const code = Array.from(randomBytes(3), (b) => String.fromCharCode(65 + (b % 26))).join('');
    const res = await call(api, 'POST', '/api/parties', {
      token: sec,
      body: { code, name: `Testland ${code} ${tag()}`, regionalGroup: region },
    });
    if (res.status === 201) return res.body;
    if (res.status !== 409) throw new Error(`party: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export async function organization(api: RunningApi, sec: string, kind: 'igo' | 'ngo' | 'media' | 'un-agency') {
  const res = await call(api, 'POST', '/api/organizations', { token: sec, body: { name: `Org ${kind} ${tag()}`, kind } });
  if (res.status !== 201) throw new Error(`organization: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

export interface FocalPoint {
  id: string;
  email: string;
  token: string;
}

export async function focalPoint(
  api: RunningApi,
  sec: string,
  to: { partyCode: string } | { organizationId: string },
): Promise<FocalPoint> {
  const email = `fp-${tag()}@test.cop`;
  const password = `fp-pw-${randomBytes(9).toString('base64url')}`;
  const res = await call(api, 'POST', '/api/focal-points', {
    token: sec,
    body: { email, displayName: `Focal point ${email}`, password, ...to },
  });
  if (res.status !== 201) throw new Error(`focal point: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email, token: await login(api, email, password) };
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
 * Makes `user` (an existing account, e.g. from signIn) an approved participant of `meeting`: a
 * Party delegate nominated by the secretariat and approved, linked to the account by email.
 * Participants-only sessions of that meeting (and only that one) are then theirs to see.
 */
export async function approveParticipant(api: RunningApi, sec: string, meeting: string, user: { email: string }): Promise<string> {
  const p = await party(api, sec);
  const letter = await uploadLetter(api, meeting, sec);
  if (letter.status !== 201) throw new Error(`letter: ${letter.status} ${JSON.stringify(letter.body)}`);
  const nominated = await call(api, 'POST', `/api/meetings/${meeting}/nominations`, {
    token: sec,
    body: person({ email: user.email, letterId: letter.body.id, category: 'party', partyCode: p.code }),
  });
  if (nominated.status !== 201) throw new Error(`nomination: ${nominated.status} ${JSON.stringify(nominated.body)}`);
  const approved = await call(api, 'POST', `/api/meetings/${meeting}/registrations/${nominated.body.id}/transitions`, {
    token: sec,
    body: { to: 'approved' },
  });
  if (approved.status !== 200) throw new Error(`approval: ${approved.status} ${JSON.stringify(approved.body)}`);
  return nominated.body.id as string;
}
