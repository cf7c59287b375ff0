import { BadRequestException, PipeTransform } from '@nestjs/common';
import type { ZodType } from 'zod';

/** Turns a zod schema into a Nest pipe; problems come back as 400 with one entry per field. */
export class ZodPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: ZodType<T>,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): T {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const details = result.error.issues.map((i) => ({
      field: i.path.length ? i.path.join('.') : '(root)',
      message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
    }));
    throw new BadRequestException({
      message: `Invalid ${this.what}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
      details,
    });
  }
}
