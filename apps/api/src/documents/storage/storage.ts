import type { Readable } from 'node:stream';

/** An inclusive byte range, as HTTP Range requests name them. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded files live. Keys are derived from the content's SHA-256 (never from a name a
 * client sent), so an object, once written, never changes: caches may keep it forever.
 *
 * Writes are atomic: `putFile` is handed a complete, verified temporary file and makes it
 * visible in one step (rename on a local disk, a single PutObject on S3); a failed or aborted
 * upload never reaches it.
 */
export interface DocumentStorage {
  readonly driver: 'local' | 's3';
  /** Where an upload is spooled before `putFile`: a directory from which `putFile` can take the file. */
  readonly incomingDir: string;
  /** Makes the complete temporary file at `tempPath` visible under `key`; removes the temp file. */
  putFile(key: string, tempPath: string, meta: { size: number; mediaType: string; sha256: string }): Promise<void>;
  /** A stream of the object, or of `range` of it. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export const DOCUMENT_STORAGE = Symbol('DOCUMENT_STORAGE');

/** Content-addressed key: sha256/ab/abcdef… (two-level fan-out keeps directories small). */
export function storageKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('storage keys are made from a SHA-256 hex digest');
  return `sha256/${sha256.slice(0, 2)}/${sha256}`;
}
