import { Body, Controller, Get, Post } from '@nestjs/common';
import { z } from 'zod';
import { createFocalPointSchema, createOrganizationSchema, createPartySchema } from '@cop/contracts';
import { Access } from '../auth/access';
import { ZodPipe } from '../common/zod.pipe';
import { DirectoryService } from './directory.service';

/** Parties and accredited observer organizations (public lists) and their focal points (secretariat). */
@Controller('api')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('parties')
  @Access('anyone')
  parties() {
    return this.directory.parties();
  }

  @Post('parties')
  @Access(['secretariat'])
  createParty(@Body(new ZodPipe(createPartySchema)) body: z.output<typeof createPartySchema>) {
    return this.directory.createParty(body);
  }

  @Get('organizations')
  @Access('anyone')
  organizations() {
    return this.directory.organizations();
  }

  @Post('organizations')
  @Access(['secretariat'])
  createOrganization(@Body(new ZodPipe(createOrganizationSchema)) body: z.output<typeof createOrganizationSchema>) {
    return this.directory.createOrganization(body);
  }

  @Get('focal-points')
  @Access(['secretariat'])
  focalPoints() {
    return this.directory.focalPoints();
  }

  @Post('focal-points')
  @Access(['secretariat'])
  createFocalPoint(@Body(new ZodPipe(createFocalPointSchema)) body: z.output<typeof createFocalPointSchema>) {
    return this.directory.createFocalPoint(body);
  }
}
