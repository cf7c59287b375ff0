import { ParseUUIDPipe } from '@nestjs/common';
import { NotFoundException } from '@nestjs/common';

/** An id in the path that is not a UUID cannot name anything: 404, like any unknown id. */
export const uuidParam = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('No such item: the id is not a valid UUID.') });
