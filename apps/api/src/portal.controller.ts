import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access } from './auth/access';

/** Deep links into the single-page portal all answer with its index.html (read fresh, so a rebuild needs no restart). */
@Controller()
export class PortalController {
  @Get(['', 'meetings', 'meetings/*', 'login', 'console', 'console/*', 'invitation'])
  @Access('anyone')
  page(@Res() reply: FastifyReply) {
    void reply.header('Cache-Control', 'no-cache').sendFile('index.html', { maxAge: 0 });
  }
}
