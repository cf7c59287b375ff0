import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import type { ChangeListDto, ChangeLogDto } from '@cop/contracts';
import { Access, type Caller } from '../auth/access';
import { AudienceService } from '../auth/audience.service';
import { CurrentCaller } from '../auth/caller.decorator';
import { ChangesService } from '../changes/changes.service';
import { FeedHeads } from '../changes/feed-heads.service';
import { ZodPipe } from '../common/zod.pipe';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { venueDay } from './rules';

export const changesQuery = z
  .object({
    since: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(1000),
  })
  .strict();

export const todayQuery = z
  .object({
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2025-11-03')
      .refine(
        (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).getUTCDate() === Number(d.slice(8)),
        'is not a real date',
      )
      .optional(),
  })
  .strict();

@Controller('api/meetings/:code/changes')
export class ChangesController {
  constructor(
    private readonly meetings: MeetingLookup,
    private readonly changes: ChangesService,
    private readonly heads: FeedHeads,
    private readonly audience: AudienceService,
  ) {}

  /** The meeting's change feed after `since`, oldest first (participants-only entries redacted for the public). */
  @Get()
  @Access('anyone')
  async list(
    @Param('code') code: string,
    @Query(new ZodPipe(changesQuery, 'query')) q: z.output<typeof changesQuery>,
    @CurrentCaller() caller: Caller | null,
  ): Promise<ChangeListDto> {
    const meeting = await this.meetings.get(code);
    const changes = await this.changes.since(meeting.id, q.since, await this.audience.of(caller, code), q.limit);
    const lastSeq = Math.max(await this.heads.get(meeting.id), changes.at(-1)?.seq ?? 0);
    return { meeting: code, since: q.since, lastSeq, changes };
  }

  /** The day's calendar changes (the venue's today unless `day`), newest first, with who made each: the secretariat's log. */
  @Get('today')
  @Access(['secretariat'])
  async today(@Param('code') code: string, @Query(new ZodPipe(todayQuery, 'query')) q: z.output<typeof todayQuery>): Promise<ChangeLogDto> {
    const meeting = await this.meetings.get(code);
    const day = q.day ?? venueDay(new Date(), meeting.timeZone);
    return { meeting: code, day, changes: await this.changes.log(meeting, day) };
  }
}
