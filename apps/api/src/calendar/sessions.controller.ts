import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { cancelSessionSchema, createSessionSchema, updateSessionSchema } from '@cop/contracts';
import { Access, type Caller } from '../auth/access';
import { AudienceService } from '../auth/audience.service';
import { CurrentCaller } from '../auth/caller.decorator';
import { uuidParam } from '../common/params';
import { sendRepresentation } from '../common/representation';
import { ZodPipe } from '../common/zod.pipe';
import { IcsService } from './ics.service';
import { revisionFromIfMatch } from '../common/if-match';
import { SessionsService } from './sessions.service';

@Controller('api/meetings/:code')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly ics: IcsService,
    private readonly audience: AudienceService,
  ) {}

  // GET sessions (the schedule) is served straight by Fastify: see schedule.route.ts.

  @Get('sessions/:id')
  @Access('anyone')
  async one(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @CurrentCaller() caller: Caller | null,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    sendRepresentation(req, reply, await this.sessions.one(code, id, await this.audience.of(caller, code)));
  }

  @Get('calendar.ics')
  @Access('anyone')
  async calendar(
    @Param('code') code: string,
    @CurrentCaller() caller: Caller | null,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const calendar = await this.ics.calendar(code, await this.audience.of(caller, code));
    // Only now is `code` known to be a meeting's (whose codes are validated): never a raw parameter in a header.
    reply.header('Content-Disposition', `inline; filename="${encodeURIComponent(code)}.ics"`);
    sendRepresentation(req, reply, calendar, 'text/calendar; charset=utf-8');
  }

  @Post('sessions')
  @Access(['secretariat'])
  create(
    @Param('code') code: string,
    @Body(new ZodPipe(createSessionSchema)) body: z.output<typeof createSessionSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.sessions.create(code, body, caller.id);
  }

  /** Move, retime, rename, change room, status or visibility. Needs If-Match: <revision>. */
  @Patch('sessions/:id')
  @Access(['secretariat'])
  update(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodPipe(updateSessionSchema)) body: z.output<typeof updateSessionSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.sessions.update(code, id, revisionFromIfMatch(ifMatch), body, caller.id);
  }

  /** Undoes the session's last change with a new change restoring what it was before. Needs If-Match: <revision>. */
  @Post('sessions/:id/undo')
  @HttpCode(200)
  @Access(['secretariat'])
  undo(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
  ) {
    return this.sessions.undo(code, id, revisionFromIfMatch(ifMatch), caller.id);
  }

  /** Cancels (the session stays on the calendar, marked cancelled). Needs If-Match: <revision>. */
  @Delete('sessions/:id')
  @Access(['secretariat'])
  cancel(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodPipe(cancelSessionSchema)) body: z.output<typeof cancelSessionSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.sessions.cancel(code, id, revisionFromIfMatch(ifMatch), body.reason, caller.id);
  }
}
