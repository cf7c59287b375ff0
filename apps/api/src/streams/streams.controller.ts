import { Body, Controller, Get, Headers, Param, Patch, Post } from '@nestjs/common';
import { z } from 'zod';
import { createStreamSchema, streamStatusSchema, updateStreamSchema } from '@cop/contracts';
import { Access, type Caller } from '../auth/access';
import { AudienceService } from '../auth/audience.service';
import { CurrentCaller } from '../auth/caller.decorator';
import { revisionFromIfMatch } from '../common/if-match';
import { uuidParam } from '../common/params';
import { ZodPipe } from '../common/zod.pipe';
import { StreamsService } from './streams.service';

@Controller('api/meetings/:code/streams')
export class StreamsController {
  constructor(
    private readonly streams: StreamsService,
    private readonly audience: AudienceService,
  ) {}

  /** Every stream of the meeting, with the feed seq it reflects. Public: remote observers need no account. */
  @Get()
  @Access('anyone')
  async list(@Param('code') code: string, @CurrentCaller() caller: Caller | null) {
    return this.streams.list(code, await this.audience.of(caller, code));
  }

  @Get(':id')
  @Access('anyone')
  async one(@Param('code') code: string, @Param('id', uuidParam) id: string, @CurrentCaller() caller: Caller | null) {
    return this.streams.one(code, id, await this.audience.of(caller, code));
  }

  @Post()
  @Access(['secretariat'])
  create(@Param('code') code: string, @Body(new ZodPipe(createStreamSchema)) body: z.output<typeof createStreamSchema>) {
    return this.streams.create(code, body);
  }

  /** Name, room, master playlist, channels. If-Match: <revision> is optional. */
  @Patch(':id')
  @Access(['secretariat'])
  update(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodPipe(updateStreamSchema)) body: z.output<typeof updateStreamSchema>,
  ) {
    return this.streams.update(code, id, revisionFromIfMatch(ifMatch), body);
  }

  /** The live controls: { status?, sessionId?, agendaItemId? } (null clears). If-Match: <revision> is optional. */
  @Patch(':id/status')
  @Access(['secretariat'])
  setStatus(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodPipe(streamStatusSchema)) body: z.output<typeof streamStatusSchema>,
  ) {
    return this.streams.setStatus(code, id, revisionFromIfMatch(ifMatch), body);
  }
}
