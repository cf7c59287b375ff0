import { Body, Controller, Get, Post } from '@nestjs/common';
import { z } from 'zod';
import { createFocalPointSchema, createOrganizationSchema, createPartySchema } from '@cop/contracts';
import { Access } from '../auth/access';
import { ZodPipe } from '../common/zod.pipe';
import { FocalPointsService } from './focal-points.service';
import { PartiesService } from './parties.service';

/** Parties and accredited observer organizations (public lists) and their focal points (secretariat). */
@Controller('api')
export class PartiesController {
  constructor(
    private readonly service: PartiesService,
    private readonly focalPointService: FocalPointsService,
  ) {}

  @Get('parties')
  @Access('anyone')
  parties() {
    return this.service.parties();
  }

  @Post('parties')
  @Access(['secretariat'])
  createParty(@Body(new ZodPipe(createPartySchema)) body: z.output<typeof createPartySchema>) {
    return this.service.createParty(body);
  }

  @Get('organizations')
  @Access('anyone')
  organizations() {
    return this.service.organizations();
  }

  @Post('organizations')
  @Access(['secretariat'])
  createOrganization(@Body(new ZodPipe(createOrganizationSchema)) body: z.output<typeof createOrganizationSchema>) {
    return this.service.createOrganization(body);
  }

  @Get('focal-points')
  @Access(['secretariat'])
  focalPoints() {
    return this.focalPointService.focalPoints();
  }

  @Post('focal-points')
  @Access(['secretariat'])
  createFocalPoint(@Body(new ZodPipe(createFocalPointSchema)) body: z.output<typeof createFocalPointSchema>) {
    return this.focalPointService.createFocalPoint(body);
  }
}
