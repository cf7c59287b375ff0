import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  bulkTransitionSchema,
  badgeReissueSchema,
  checkInSchema,
  confirmationSchema,
  nominationSchema,
  registrationCorrectionSchema,
  registrationQuerySchema,
  registrationSettingsSchema,
  selfRegistrationSchema,
  addressConfirmationSchema,
  transitionSchema,
} from '@cop/contracts';
import { Access, type Caller } from '../auth/access';
import { CurrentCaller } from '../auth/caller.decorator';
import { uuidParam } from '../common/params';
import { ZodPipe } from '../common/zod.pipe';
import { AddressConfirmationsService } from './address-confirmations.service';
import { BadgesService } from './badges.service';
import { CorrectionsService } from './corrections.service';
import { LettersService } from './letters.service';
import { NominationsService } from './nominations.service';
import { PublicListService } from './public-list.service';
import { RegistrationSettingsService } from './registration-settings.service';
import { registrationsCsv } from './registrations.csv';
import { RegistrationsService } from './registrations.service';
import { ReviewService } from './review.service';

@Controller('api/meetings/:code')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly nominations: NominationsService,
    private readonly addresses: AddressConfirmationsService,
    private readonly review: ReviewService,
    private readonly registrationSettings: RegistrationSettingsService,
    private readonly publicList: PublicListService,
    private readonly letters: LettersService,
    private readonly badges: BadgesService,
    private readonly corrections: CorrectionsService,
  ) {}

  /** Upload a letter of nomination: the raw PDF as the body, Content-Type: application/pdf. */
  @Post('nomination-letters')
  @Access(['secretariat', 'focal-point'])
  async uploadLetter(
    @Param('code') code: string,
    @Req() req: FastifyRequest,
    @Headers('x-filename') filename: string | undefined,
    @CurrentCaller() caller: Caller,
  ) {
    if (!/^application\/pdf\s*(;|$)/i.test(req.headers['content-type'] ?? ''))
      throw new UnsupportedMediaTypeException('Send the letter as the request body with Content-Type: application/pdf.');
    return this.letters.upload(code, caller, req.raw, filename === undefined ? undefined : decodeFilename(filename));
  }

  @Get('nomination-letters/:id')
  @Access(['secretariat', 'focal-point'])
  async downloadLetter(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @CurrentCaller() caller: Caller,
    @Res() reply: FastifyReply,
  ) {
    const letter = await this.letters.download(code, id, caller);
    void reply
      .type('application/pdf')
      .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(letter.filename)}`)
      .header('Cache-Control', 'private, no-store')
      .header('X-Content-SHA256', letter.sha256)
      .send(this.letters.open(letter));
  }

  /**
   * Nominate one participant. 201 with the new registration; a repeat (same Idempotency-Key, or
   * the same person for the same meeting) is 200 with the registration made the first time.
   */
  @Post('nominations')
  @Access(['focal-point', 'secretariat'])
  async nominate(
    @Param('code') code: string,
    @Body(new ZodPipe(nominationSchema)) body: z.output<typeof nominationSchema>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const out = await this.nominations.nominate(code, caller, body, key);
    void reply.status(out.created ? 201 : 200).header('Location', `/api/meetings/${code}/registrations/${out.registration.id}`);
    if (!out.created) void reply.header('Idempotent-Replayed', 'true');
    return out.registration;
  }

  /**
   * Media and NGO people register themselves: first a link to confirm the address is mailed;
   * always 202 (a repeat does not reveal anything). Limited per address and per client address.
   */
  @Post('self-registrations')
  @HttpCode(202)
  @Access('anyone')
  async selfRegister(
    @Param('code') code: string,
    @Body(new ZodPipe(selfRegistrationSchema)) body: z.output<typeof selfRegistrationSchema>,
    @Req() req: FastifyRequest,
  ) {
    await this.addresses.request(code, body, req.ip);
    return {
      message: 'Thank you. Please confirm your email address with the link we have sent to it; your registration goes on from there.',
    };
  }

  /** The link from that mail: the registration is recorded and goes to its contact or the secretariat. */
  @Post('self-registrations/address-confirmation')
  @HttpCode(202)
  @Access('anyone')
  async confirmAddress(
    @Param('code') code: string,
    @Body(new ZodPipe(addressConfirmationSchema)) body: z.output<typeof addressConfirmationSchema>,
  ) {
    await this.addresses.confirm(code, body.token);
    return { message: 'Thank you. Your registration has been received; you will get an email when it has been reviewed.' };
  }

  /** The organization's contact confirms (on to the secretariat) or declines (with a reason) a self-registration. */
  @Post('self-registrations/:id/confirmation')
  @HttpCode(200)
  @Access(['focal-point'])
  confirm(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Body(new ZodPipe(confirmationSchema)) body: z.output<typeof confirmationSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.review.confirm(code, id, caller, body);
  }

  @Get('registrations')
  @Access(['secretariat', 'focal-point'])
  list(
    @Param('code') code: string,
    @Query(new ZodPipe(registrationQuerySchema, 'query')) q: z.output<typeof registrationQuerySchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.registrations.list(code, caller, q);
  }

  @Get('registrations.csv')
  @Access(['secretariat'])
  async csv(
    @Param('code') code: string,
    @Query(new ZodPipe(registrationQuerySchema, 'query')) q: z.output<typeof registrationQuerySchema>,
    @CurrentCaller() caller: Caller,
    @Res() reply: FastifyReply,
  ) {
    const body = registrationsCsv(await this.registrations.exportList(code, caller, q));
    void reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="registrations-${code}.csv"`)
      .header('Cache-Control', 'private, no-store')
      .send(body);
  }

  /** Bulk review (e.g. approve many): one result per id; each is its own transaction. */
  @Post('registrations/transitions')
  @HttpCode(200)
  @Access(['secretariat'])
  bulk(
    @Param('code') code: string,
    @Body(new ZodPipe(bulkTransitionSchema)) body: z.output<typeof bulkTransitionSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.review.bulkTransition(code, caller, body.ids, body.to, body.reason);
  }

  @Get('registrations/:id')
  @Access(['secretariat', 'focal-point'])
  detail(@Param('code') code: string, @Param('id', uuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.registrations.detail(code, id, caller);
  }

  /**
   * Corrects a typo in the given name, family name or email, as an audited change. Needs
   * If-Match: the registration's updatedAt as last read (412 when it changed since, 428 without);
   * 409 when the new email is another live registration's.
   */
  @Patch('registrations/:id')
  @Access(['secretariat'])
  correct(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Body(new ZodPipe(registrationCorrectionSchema)) body: z.output<typeof registrationCorrectionSchema>,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
  ) {
    return this.corrections.correct(code, id, caller, body, ifMatch);
  }

  /** Replaces a lost badge: 200 with the new badge version; earlier badges are refused as revoked. 409 unless approved. */
  @Post('registrations/:id/badge-reissues')
  @HttpCode(200)
  @Access(['secretariat'])
  reissueBadge(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Body(new ZodPipe(badgeReissueSchema)) body: z.output<typeof badgeReissueSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.badges.reissue(code, id, caller, body.reason);
  }

  @Get('registrations/:id/access-log')
  @Access(['secretariat'])
  accessLog(@Param('code') code: string, @Param('id', uuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.registrations.accessLog(code, id, caller);
  }

  @Post('registrations/:id/transitions')
  @HttpCode(200)
  @Access(['secretariat', 'focal-point'])
  transition(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Body(new ZodPipe(transitionSchema)) body: z.output<typeof transitionSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.review.transition(code, id, caller, body);
  }

  @Get('registration-settings')
  @Access('anyone')
  settings(@Param('code') code: string) {
    return this.registrationSettings.settings(code);
  }

  @Put('registration-settings')
  @Access(['secretariat'])
  updateSettings(
    @Param('code') code: string,
    @Body(new ZodPipe(registrationSettingsSchema)) body: z.output<typeof registrationSettingsSchema>,
  ) {
    return this.registrationSettings.updateSettings(code, body);
  }

  /** The public list of participants: only once published; names, Party/organization, function. */
  @Get('participants')
  @Access('anyone')
  participants(@Param('code') code: string) {
    return this.publicList.publicList(code);
  }

  /** Scanned badge → who it is (minimal data) and whether this is the first entry; 422 with a reason otherwise. */
  @Post('check-in')
  @HttpCode(200)
  @Access(['secretariat', 'security'])
  checkIn(
    @Param('code') code: string,
    @Body(new ZodPipe(checkInSchema)) body: z.output<typeof checkInSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.badges.checkIn(code, body.token, caller);
  }
}

/** X-Filename is percent-encoded UTF-8 (headers are Latin-1); a malformed one is the client's error. */
function decodeFilename(header: string): string {
  try {
    return decodeURIComponent(header);
  } catch {
    throw new BadRequestException('X-Filename must be percent-encoded UTF-8 (encodeURIComponent of the file name).');
  }
}
