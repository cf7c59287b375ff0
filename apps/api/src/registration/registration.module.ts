import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MeetingsModule } from '../meetings/meetings.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { BadgesService } from './badges.service';
import { FocalPointsService } from './focal-points.service';
import { InvitationsService } from './invitations.service';
import { LettersService } from './letters.service';
import { InvitationsController, MeController } from './me.controller';
import { NominationsService } from './nominations.service';
import { PartiesController } from './parties.controller';
import { PartiesService } from './parties.service';
import { PersonalDataAudit } from './personal-data-audit.service';
import { PublicListService } from './public-list.service';
import { RegistrationSettingsService } from './registration-settings.service';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { ReviewService } from './review.service';

/** Parties, organizations, focal points, nominations, review, invitations, badges and check-in. */
@Module({
  imports: [NotificationsModule, MeetingsModule],
  controllers: [PartiesController, RegistrationsController, MeController, InvitationsController],
  providers: [
    PartiesService,
    FocalPointsService,
    RegistrationsService,
    NominationsService,
    ReviewService,
    RegistrationSettingsService,
    PublicListService,
    PersonalDataAudit,
    LettersService,
    BadgesService,
    InvitationsService,
  ],
})
export class RegistrationModule implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Letters arrive as raw PDF bodies (Content-Type: application/pdf) up to LETTER_MAX_BYTES,
   * while every other route stays JSON-only (the documents module owns the application/pdf
   * parser for its own upload route). For the letter route only, a preParsing hook reads the
   * body under the cap and hands it on under a private media type that only this route accepts.
   */
  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (!fastify) return;
    const max = this.config.LETTER_MAX_BYTES;
    fastify.addHook('preParsing', async (request, _reply, payload) => {
      if (request.method !== 'POST' || !LETTER_ROUTE.test(request.url)) return payload;
      if (!/^application\/pdf\s*(;|$)/i.test(request.headers['content-type'] ?? '')) return payload;
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > max)
        throw Object.assign(new Error(`The letter is ${declared} bytes; the limit is ${max} bytes.`), { statusCode: 413 });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of payload) {
        size += (chunk as Buffer).length;
        if (size > max) throw Object.assign(new Error(`The letter is larger than the limit of ${max} bytes.`), { statusCode: 413 });
        chunks.push(chunk as Buffer);
      }
      (request as unknown as { letterBody: Buffer }).letterBody = Buffer.concat(chunks);
      request.headers['content-type'] = LETTER_MEDIA_TYPE;
      delete request.headers['content-length'];
      return Readable.from([]);
    });
    if (!fastify.hasContentTypeParser(LETTER_MEDIA_TYPE))
      fastify.addContentTypeParser(LETTER_MEDIA_TYPE, (request, _payload, done) =>
        done(null, (request as unknown as { letterBody?: Buffer }).letterBody),
      );
  }
}

const LETTER_ROUTE = /^\/api\/meetings\/[^/]+\/nomination-letters\/?(\?.*)?$/;
const LETTER_MEDIA_TYPE = 'application/x-cop-nomination-letter';
