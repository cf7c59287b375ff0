import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { acceptInvitationSchema } from '@cop/contracts';
import { Access, type Caller } from '../auth/access';
import { CurrentCaller } from '../auth/caller.decorator';
import { ZodPipe } from '../common/zod.pipe';
import { BadgesService } from './badges.service';
import { InvitationsService } from './invitations.service';
import { RegistrationsService } from './registrations.service';

export const meetingQuery = z.object({ meeting: z.string().max(40).optional() }).strict();

/** The signed-in participant's own registrations and badge. */
@Controller('api/me')
export class MeController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly badges: BadgesService,
  ) {}

  @Get('registrations')
  @Access('signed-in')
  mine(@CurrentCaller() caller: Caller) {
    return this.registrations.mine(caller);
  }

  /** JSON for the printable badge page (includes the QR code as a data URL). */
  @Get('badge')
  @Access('signed-in')
  badge(@CurrentCaller() caller: Caller, @Query(new ZodPipe(meetingQuery, 'query')) q: z.output<typeof meetingQuery>) {
    return this.badges.mine(caller, q.meeting);
  }

  @Get('badge.png')
  @Access('signed-in')
  async png(
    @CurrentCaller() caller: Caller,
    @Query(new ZodPipe(meetingQuery, 'query')) q: z.output<typeof meetingQuery>,
    @Res() reply: FastifyReply,
  ) {
    const png = await this.badges.png(caller, q.meeting);
    void reply.type('image/png').header('Cache-Control', 'private, no-store').send(png);
  }
}

@Controller('api/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** Sets the password from an invitation link (single use, expiring) and signs the person in. */
  @Post('accept')
  @HttpCode(200)
  @Access('anyone')
  accept(@Body(new ZodPipe(acceptInvitationSchema)) body: z.output<typeof acceptInvitationSchema>, @Req() req: FastifyRequest) {
    return this.invitations.accept(body.token, body.password, req.ip);
  }
}
