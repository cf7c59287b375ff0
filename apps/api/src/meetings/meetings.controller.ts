import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { z } from 'zod';
import {
  createAgendaItemSchema,
  createMeetingSchema,
  createRoomSchema,
  updateAgendaItemSchema,
  updateMeetingSchema,
  updateRoomSchema,
} from '@cop/contracts';
import { Access, type Caller } from '../auth/access';
import { CurrentCaller } from '../auth/caller.decorator';
import { revisionFromIfMatch } from '../common/if-match';
import { uuidParam } from '../common/params';
import { ZodPipe } from '../common/zod.pipe';
import { MeetingsService } from './meetings.service';

@Controller('api/meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get()
  @Access('anyone')
  list() {
    return this.meetings.list();
  }

  @Post()
  @Access(['secretariat'])
  create(@Body(new ZodPipe(createMeetingSchema)) body: z.output<typeof createMeetingSchema>) {
    return this.meetings.create(body);
  }

  @Get(':code')
  @Access('anyone')
  detail(@Param('code') code: string) {
    return this.meetings.detail(code);
  }

  /** Titles, venue, dates, time zone. Needs If-Match: <revision>; emits meeting.updated. */
  @Patch(':code')
  @Access(['secretariat'])
  update(
    @Param('code') code: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodPipe(updateMeetingSchema)) body: z.output<typeof updateMeetingSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.meetings.update(code, revisionFromIfMatch(ifMatch), body, caller.id);
  }

  @Post(':code/rooms')
  @Access(['secretariat'])
  createRoom(
    @Param('code') code: string,
    @Body(new ZodPipe(createRoomSchema)) body: z.output<typeof createRoomSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.meetings.createRoom(code, body, caller.id);
  }

  @Patch(':code/rooms/:id')
  @Access(['secretariat'])
  updateRoom(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Body(new ZodPipe(updateRoomSchema)) body: z.output<typeof updateRoomSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.meetings.updateRoom(code, id, body, caller.id);
  }

  @Delete(':code/rooms/:id')
  @HttpCode(204)
  @Access(['secretariat'])
  deleteRoom(@Param('code') code: string, @Param('id', uuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.meetings.deleteRoom(code, id, caller.id);
  }

  @Post(':code/agenda-items')
  @Access(['secretariat'])
  createAgendaItem(
    @Param('code') code: string,
    @Body(new ZodPipe(createAgendaItemSchema)) body: z.output<typeof createAgendaItemSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.meetings.createAgendaItem(code, body, caller.id);
  }

  @Patch(':code/agenda-items/:id')
  @Access(['secretariat'])
  updateAgendaItem(
    @Param('code') code: string,
    @Param('id', uuidParam) id: string,
    @Body(new ZodPipe(updateAgendaItemSchema)) body: z.output<typeof updateAgendaItemSchema>,
    @CurrentCaller() caller: Caller,
  ) {
    return this.meetings.updateAgendaItem(code, id, body, caller.id);
  }

  @Delete(':code/agenda-items/:id')
  @HttpCode(204)
  @Access(['secretariat'])
  deleteAgendaItem(@Param('code') code: string, @Param('id', uuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.meetings.deleteAgendaItem(code, id, caller.id);
  }
}
