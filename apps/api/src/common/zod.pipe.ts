import { BadRequestException, PipeTransform } from '@nestjs/common';
import type { ZodType } from 'zod';

/** Turns a zod schema into a Nest pipe; problems come back as 400 with one entry per field. */
export class ZodPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: ZodType<T>,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): T {
    return parseOrThrow(this.schema, value, this.what);
  }
}

/** `value` parsed by `schema`, or a 400 naming each field that is wrong. */
export function parseOrThrow<T>(schema: ZodType<T>, value: unknown, what = 'request body'): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => ({
    field: i.path.length ? i.path.join('.') : '(root)',
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
  throw new BadRequestException({
    message: `Invalid ${what}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
    details,
  });
}
