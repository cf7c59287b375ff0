import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Access } from './auth/access';
import { APP_CONFIG, type AppConfig } from './config/config';

/** Deep links into the single-page portal all answer with its index.html. */
@Controller()
export class PortalController {
  private readonly index: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.index = readFileSync(join(config.PORTAL_DIR!, 'index.html'));
  }

  @Get(['', 'meetings', 'meetings/*', 'login', 'console', 'console/*'])
  @Access('anyone')
  page(@Res() reply: FastifyReply) {
    void reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(this.index);
  }
}
