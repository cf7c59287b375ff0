import { HttpException, HttpStatus, PreconditionFailedException } from '@nestjs/common';

/** "3", "\"3\"" and W/"3.17" all mean revision 3; NaN for anything else, null when absent. */
export function revisionFromIfMatch(header: string | undefined): number | null {
  if (header === undefined) return null;
  const m = /^\s*(?:W\/)?"?(\d+)/.exec(header);
  return m ? Number(m[1]) : NaN;
}

/**
 * Optimistic concurrency for an edit of `what` (e.g. "session"): 428 without If-Match, 412 when
 * it is malformed or names another revision than `current`.
 */
export function checkRevision(ifMatch: number | null, current: number, what: string): void {
  if (ifMatch === null)
    throw new HttpException(
      { message: `Send If-Match with the ${what}'s revision (now ${current}) so a concurrent edit is not overwritten.` },
      HttpStatus.PRECONDITION_REQUIRED,
    );
  if (Number.isNaN(ifMatch))
    throw new PreconditionFailedException({
      message: `If-Match must be the ${what} revision, e.g. If-Match: 3.`,
      currentRevision: current,
    });
  if (ifMatch !== current)
    throw new PreconditionFailedException({
      message: `Someone else changed this ${what} first (revision ${current}, you had ${ifMatch}). Reload it and try again.`,
      currentRevision: current,
    });
}
