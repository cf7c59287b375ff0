import 'reflect-metadata';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { createMeetingSchema, createPartySchema, nominationSchema, type RegistrationStatus, type Role } from '@cop/contracts';
import { AppModule } from '../../apps/api/src/app.module';
import type { Caller } from '../../apps/api/src/auth/access';
import { UsersService } from '../../apps/api/src/auth/users.service';
import { MeetingsService } from '../../apps/api/src/meetings/meetings.service';
import { LettersService } from '../../apps/api/src/registration/letters.service';
import { NominationsService } from '../../apps/api/src/registration/nominations.service';
import { PartiesService } from '../../apps/api/src/registration/parties.service';
import { ReviewService } from '../../apps/api/src/registration/review.service';
import { tag, testConfig } from './harness';
import { pdf, person } from './registration';

/*
 * The service tier's context: the api's Nest application context (every module, no HTTP server)
 * on the test database and Redis, so a test calls the services themselves. Its builders make
 * data through those services, as the controllers would after validation (the input goes
 * through the same zod schemas); callers are plain `Caller`s, no token involved.
 */
export class ServiceContext {
  private constructor(
    private readonly app: INestApplicationContext,
    /** Scratch directory for the letters and documents the services store. */
    private readonly dir: string,
    /** The secretariat caller the builders act as. */
    readonly sec: Caller,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ServiceContext> {
    const dir = mkdtempSync(join(tmpdir(), 'cop-service-'));
    const config = testConfig({
      LETTERS_DIR: join(dir, 'letters'),
      DOCUMENT_DIR: join(dir, 'documents'),
      DOCUMENT_SIGNING_KEY_FILE: join(dir, 'keys', 'signing.pem'),
      // Queues of its own: another file's worker must not take this context's jobs.
      DOCUMENT_QUEUE_PREFIX: `cop-test-${tag()}`,
      MAIL_QUEUE_PREFIX: `cop-test-${tag()}`,
      RUN_WORKER: 'false',
      ...env,
    });
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
    const users = app.get(UsersService);
    const sec = await users.create({ email: `secretariat-${tag()}@test.cop`, role: 'secretariat', password: password() });
    return new ServiceContext(app, dir, { id: sec.id, email: sec.email, role: 'secretariat' });
  }

  /** The application's instance of a service. */
  get<T>(service: Type<T>): T {
    return this.app.get(service, { strict: false });
  }

  get ds(): DataSource {
    return this.get(DataSource);
  }

  async close(): Promise<void> {
    await this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A new account (UsersService, as the CLI makes them); returns it as a caller. */
  async newAccount(role: Role): Promise<Caller> {
    const a = await this.get(UsersService).create({ email: `${role}-${tag()}@test.cop`, role, password: password() });
    return { id: a.id, email: a.email, role: a.role };
  }

  /** A meeting of its own at the CICG, Geneva, in the future; returns its code. */
  async newMeeting(): Promise<string> {
    const code = `s-${tag()}`;
    await this.get(MeetingsService).create(
      createMeetingSchema.parse({
        code,
        title: { en: `Service test ${code}` },
        shortTitle: 'SVC-TEST',
        venue: 'CICG, Geneva',
        timeZone: 'Europe/Zurich',
        startDate: '2030-06-10',
        endDate: '2030-06-14',
      }),
    );
    return code;
  }

  /** A Party with a random unused code; returns its code. */
  async newParty(): Promise<string> {
    for (;;) {
      const code = Array.from(randomBytes(3), (b) => String.fromCharCode(65 + (b % 26))).join('');
      try {
        await this.get(PartiesService).createParty(createPartySchema.parse({ code, name: `Testland ${code} ${tag()}` }));
        return code;
      } catch (e) {
        // Another test file took the code first.
        if ((e as { status?: number }).status !== 409) throw e;
      }
    }
  }

  /** A letter of nomination for `meeting`, uploaded by the secretariat; returns its id. */
  async newLetter(meeting: string): Promise<string> {
    return (await this.get(LettersService).upload(meeting, this.sec, requestBody(pdf()), 'nomination.pdf')).id;
  }

  /**
   * A Party delegate's registration for `meeting`, nominated by the secretariat (for a new Party
   * unless `partyCode` is given) and moved to `state`; `email` links it to that account's email.
   * Returns its id.
   */
  async newRegistration(
    meeting: string,
    options: { state?: Extract<RegistrationStatus, 'pending' | 'approved' | 'on-hold'>; email?: string; partyCode?: string } = {},
  ): Promise<string> {
    const { state = 'pending', email, partyCode = await this.newParty() } = options;
    const input = nominationSchema.parse(
      person({ ...(email ? { email } : {}), letterId: await this.newLetter(meeting), category: 'party', partyCode }),
    );
    const { registration } = await this.get(NominationsService).nominate(meeting, this.sec, input, undefined);
    if (state !== 'pending')
      await this.get(ReviewService).transition(meeting, registration.id, this.sec, {
        to: state,
        reason: state === 'on-hold' ? 'A signed letter of credentials is missing.' : undefined,
      });
    return registration.id;
  }
}

/** A file body as the HTTP layer hands it to an upload method: all received, no declared length. */
export const requestBody = (data: Buffer) =>
  Object.assign(Readable.from([data]), { headers: {}, complete: true }) as unknown as IncomingMessage;

const password = () => `pw-${randomBytes(9).toString('base64url')}`;
