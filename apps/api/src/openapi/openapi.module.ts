import { Module } from '@nestjs/common';
import { OpenApiController } from './openapi.controller';

/** /api/openapi.json and its reference UI at /api/docs. */
@Module({ controllers: [OpenApiController] })
export class OpenApiModule {}
