import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DocumentDto, RegistrationStatus, Role, SessionDto, StreamDto } from '@cop/contracts';
import { STREAM_CHANNELS } from '@cop/contracts';
import { UsersService } from '../../apps/api/src/auth/users.service';
import { makePdf, PDF_TYPE, uploadFile } from './documents';
import { call, closeDb, db, login, startApi, tag, type Call, type RunningApi } from './harness';
import { pdf, person, uploadLetter } from './registration';

/*
 * The builders of test data, in one place. Each makes one thing of the meeting's domain the way
 * the secretariat would, through the real API against the real database (accounts through
 * UsersService, as the CLI does), and throws unless it was made: a set-up that fails says so at
 * the line that built it, not in a later assertion. Builders act as `ctx.sec`, the context's
 * secretariat account, unless they take a token. (The service tier, without HTTP, has its
 * builders in services.ts.)
 */

export interface TestUser {
  email: string;
  password: string;
  role: Role;
  token: string;
}

export interface MeetingFixture {
  code: string;
  rooms: { id: string; name: string }[];
  agendaItems: { id: string; number: string }[];
}

export interface FocalPoint {
  id: string;
  email: string;
  token: string;
}

/** What a session or stream answer carries that a test updates with If-Match. */
export interface Revisioned {
  id: string;
  revision: number;
}

export interface ContextOptions {
  /** Environment for the api (see docs/configuration.md). */
  env?: Record<string, string>;
  /**
   * Gives the api document storage of its own: a scratch directory (`ctx.dir`, removed by
   * close()) for files and the signing key, and its own processing queue.
   */
  documents?: boolean;
}

const expectStatus = (what: string, res: Pick<Call, 'status' | 'body'>, status: number): void => {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
};

export class TestContext {
  private constructor(
    readonly api: RunningApi,
    /** The secretariat account the builders act as. */
    readonly sec: TestUser,
    /** The document storage directory, with `documents: true`. */
    readonly dir: string,
    private readonly ownsApi: boolean,
  ) {}

  /** Starts the real api (see startApi) and signs in a secretariat account for the builders. */
  static async start(options: ContextOptions = {}): Promise<TestContext> {
    const dir = options.documents ? mkdtempSync(join(tmpdir(), 'cop-test-docs-')) : '';
    const storage: Record<string, string> = options.documents
      ? {
          DOCUMENT_DIR: dir,
          DOCUMENT_SIGNING_KEY_FILE: join(dir, 'keys', 'signing.pem'),
          DOCUMENT_QUEUE_PREFIX: `cop-test-${tag()}`,
        }
      : {};
    const api = await startApi({ ...storage, ...options.env });
    return new TestContext(api, await signInAs(api, 'secretariat'), dir, true);
  }

  /** Builders against an api this context did not start (another process, say): close() leaves it running. */
  static async on(api: Pick<RunningApi, 'url'>): Promise<TestContext> {
    const running = api as RunningApi;
    return new TestContext(running, await signInAs(running, 'secretariat'), '', false);
  }

  get url(): string {
    return this.api.url;
  }

  /** Stops the api it started, closes the fixture database connection and removes the scratch directory. */
  async close(): Promise<void> {
    if (this.ownsApi) await this.api.close();
    await closeDb();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** A new account with a password (created as the CLI does), signed in through the API. */
  newAccount(role: Role): Promise<TestUser> {
    return signInAs(this.api, role);
  }

  /**
   * A new delegate account that is an approved participant of `meeting` (a Party delegate
   * nominated by the secretariat and approved): participants-only content of that meeting, and
   * only that one, is theirs to see.
   */
  async newParticipant(meeting: string): Promise<TestUser> {
    const delegate = await this.newAccount('delegate');
    await this.newRegistration(meeting, { email: delegate.email, state: 'approved' });
    return delegate;
  }

  /**
   * A meeting of its own at the CICG, Geneva (3–7 Nov 2025 unless `dates` say otherwise), with
   * rooms (`Room 1`, `Room 2` by default) and the agenda items `1` and `4 (a)`.
   */
  async newMeeting(options: { rooms?: string[]; dates?: { startDate: string; endDate: string } } = {}): Promise<MeetingFixture> {
    const { rooms = ['Room 1', 'Room 2'], dates = { startDate: '2025-11-03', endDate: '2025-11-07' } } = options;
    const code = `t-${tag()}`;
    await this.postMeeting({ code, title: { en: `Test meeting ${code}` }, shortTitle: 'TEST', ...dates });
    const made: MeetingFixture = { code, rooms: [], agendaItems: [] };
    for (const name of rooms) made.rooms.push(await this.post(`/api/meetings/${code}/rooms`, { name }));
    for (const number of ['1', '4 (a)'])
      made.agendaItems.push(await this.post(`/api/meetings/${code}/agenda-items`, { number, title: { en: `Item ${number}` } }));
    return made;
  }

  /**
   * A meeting for registration (short title `REG-TEST`, no rooms), in the future by default so
   * that badges are valid (until its end). Returns its code.
   */
  async newRegistrationMeeting(dates = { startDate: '2030-06-10', endDate: '2030-06-14' }): Promise<string> {
    const code = `r-${tag()}`;
    await this.postMeeting({ code, title: { en: `Registration test ${code}` }, shortTitle: 'REG-TEST', ...dates });
    return code;
  }

  /** A Party with a random unused code. */
  async newParty(regionalGroup = 'African Group'): Promise<{ code: string; name: string }> {
    for (;;) {
      const code = Array.from(randomBytes(3), (b) => String.fromCharCode(65 + (b % 26))).join('');
      const res = await call(this.api, 'POST', '/api/parties', {
        token: this.sec.token,
        body: { code, name: `Testland ${code} ${tag()}`, regionalGroup },
      });
      if (res.status === 201) return res.body;
      // Another test file took the code first.
      if (res.status !== 409) expectStatus('party', res, 201);
    }
  }

  newOrganization(kind: 'igo' | 'ngo' | 'media' | 'un-agency'): Promise<{ id: string; name: string }> {
    return this.post('/api/organizations', { name: `Org ${kind} ${tag()}`, kind });
  }

  /** A focal point (of a Party or an organization's contact), signed in. */
  async newFocalPoint(to: { partyCode: string } | { organizationId: string }): Promise<FocalPoint> {
    const email = `fp-${tag()}@test.cop`;
    const password = `fp-pw-${randomBytes(9).toString('base64url')}`;
    const made = await this.post('/api/focal-points', { email, displayName: `Focal point ${email}`, password, ...to });
    return { id: made.id, email, token: await login(this.api, email, password) };
  }

  /** A focal point of a new Party of its own. */
  async newPartyFocalPoint(regionalGroup?: string): Promise<FocalPoint> {
    return this.newFocalPoint({ partyCode: (await this.newParty(regionalGroup)).code });
  }

  /** A letter of nomination uploaded by `by` (the secretariat by default); returns its id. */
  async newLetter(meeting: string, by: { token: string } = this.sec, body: Buffer = pdf()): Promise<string> {
    const letter = await uploadLetter(this.api, meeting, by.token, body);
    expectStatus('letter', letter, 201);
    return letter.body.id;
  }

  /**
   * A registration for `meeting` in `state`: a Party delegate nominated by the secretariat with
   * its letter (for a new Party unless `partyCode` is given), then moved to `state` as the
   * secretariat would (a rejection with a reason). `email` links it to an account of that email.
   * Returns its id.
   */
  async newRegistration(
    meeting: string,
    options: { state?: Extract<RegistrationStatus, 'pending' | 'approved' | 'rejected'>; email?: string; partyCode?: string } = {},
  ): Promise<string> {
    const { state = 'pending', email, partyCode = (await this.newParty()).code } = options;
    const letterId = await this.newLetter(meeting);
    const nominated = await this.post(
      `/api/meetings/${meeting}/nominations`,
      person({ ...(email ? { email } : {}), letterId, category: 'party', partyCode }),
    );
    if (state !== 'pending') {
      const moved = await call(this.api, 'POST', `/api/meetings/${meeting}/registrations/${nominated.id}/transitions`, {
        token: this.sec.token,
        body: state === 'rejected' ? { to: state, reason: 'Not named in the letter of nomination.' } : { to: state },
      });
      expectStatus(`registration ${state}`, moved, 200);
    }
    return nominated.id as string;
  }

  /** A session of `meeting` (see SessionInput in the contracts). */
  newSession(meeting: string, body: Record<string, unknown>): Promise<SessionDto> {
    return this.post(`/api/meetings/${meeting}/sessions`, body);
  }

  /** Updates session `s` with If-Match on its revision; returns the new session. */
  async updateSession(meeting: string, s: Revisioned, body: Record<string, unknown>): Promise<SessionDto> {
    const res = await call(this.api, 'PATCH', `/api/meetings/${meeting}/sessions/${s.id}`, {
      token: this.sec.token,
      body,
      headers: { 'if-match': `"${s.revision}"` },
    });
    expectStatus(`PATCH session ${s.id}`, res, 200);
    return res.body;
  }

  /**
   * A document of `meeting`, published with an English PDF (`file`, a one-page PDF of its title
   * by default) unless `file` is null. Public and on no agenda item unless the document says so.
   */
  async newDocument(
    meeting: string,
    doc: { symbol: string; title: string; agendaItemIds?: string[]; distribution?: string },
    file: Buffer | null = makePdf([doc.title]),
  ): Promise<DocumentDto> {
    const made: DocumentDto = await this.post(`/api/meetings/${meeting}/documents`, {
      symbol: doc.symbol,
      title: { en: doc.title },
      agendaItemIds: doc.agendaItemIds ?? [],
      distribution: doc.distribution ?? 'public',
    });
    if (file) expectStatus('upload', await uploadFile(this.api.url, this.sec.token, meeting, made.ref, 'en', file, PDF_TYPE), 201);
    return made;
  }

  /** A stream of `meeting` in a room, with every interpretation channel under `media` (a path below /media). */
  newStream(meeting: string, stream: { name: string; roomId: string; media: string }): Promise<StreamDto> {
    return this.post(`/api/meetings/${meeting}/streams`, {
      name: stream.name,
      roomId: stream.roomId,
      masterUrl: `${stream.media}/master.m3u8`,
      channels: STREAM_CHANNELS.map((code) => ({ code, audioOnlyUrl: `${stream.media}/${code}/index.m3u8` })),
    });
  }

  /** POSTs as the secretariat and returns the created thing; throws unless the API answers 201. */
  async post<T = Call['body']>(path: string, body: unknown): Promise<T> {
    const res = await call(this.api, 'POST', path, { token: this.sec.token, body });
    expectStatus(`POST ${path}`, res, 201);
    return res.body as T;
  }

  private postMeeting(meeting: { code: string; title: { en: string }; shortTitle: string; startDate: string; endDate: string }) {
    return this.post('/api/meetings', { ...meeting, venue: 'CICG, Geneva', timeZone: 'Europe/Zurich' });
  }
}

/** Creates an account directly and signs it in through the API. */
async function signInAs(api: RunningApi, role: Role): Promise<TestUser> {
  const email = `${role}-${tag()}@test.cop`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  await new UsersService(await db()).create({ email, role, password });
  return { email, password, role, token: await login(api, email, password) };
}
