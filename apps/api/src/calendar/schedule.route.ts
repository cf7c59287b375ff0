import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { sessionQuerySchema } from '@cop/contracts';
import { AudienceService } from '../auth/audience.service';
import { TokenService } from '../auth/token.service';
import { fastGet } from '../common/fast-route';
import { sendRepresentation } from '../common/representation';
import { parseOrThrow } from '../common/zod.pipe';
import { SessionsService } from './sessions.service';

/**
 * GET /api/meetings/:code/sessions — the schedule, the most read URL during a meeting (every
 * portal loads it, and reloads it after reconnecting). Served straight by Fastify (fastGet) from
 * the serialized view SessionsService caches per feed seq; the rest of the calendar API is in
 * SessionsController.
 *
 * Access: anyone. Public sessions for everybody; participants-only ones too for the secretariat
 * and approved participants of the meeting (AudienceService). Filters ?day=&room=&type=.
 */
@Injectable()
export class ScheduleRoute implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly sessions: SessionsService,
    private readonly audience: AudienceService,
    private readonly tokens: TokenService,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (!fastify) return;
    fastGet(fastify, '/api/meetings/:code/sessions', 'anyone', this.tokens, async (req, reply, caller) => {
      const { code } = req.params as { code: string };
      const query = parseOrThrow(sessionQuerySchema, req.query, 'query');
      sendRepresentation(req, reply, await this.sessions.schedule(code, await this.audience.of(caller, code), query));
    });
  }
}
