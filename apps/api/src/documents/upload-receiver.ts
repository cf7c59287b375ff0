import {
  HttpException,
  HttpStatus,
  PayloadTooLargeException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DOCUMENT_MEDIA_TYPES, type DocumentFormat } from '@cop/contracts';
import { detectFormat, FormatError } from './file-format';
import type { DocumentStorage } from './storage/storage';

/** The media types an upload may declare; application/octet-stream lets the content decide. */
export const UPLOAD_MEDIA_TYPES = [...Object.values(DOCUMENT_MEDIA_TYPES), 'application/octet-stream'];

/** An upload on disk, complete, fsynced and checked by its content. */
export interface ReceivedUpload {
  path: string;
  sha256: string;
  size: number;
  format: DocumentFormat;
  mediaType: string;
}

const tooLarge = (max: number) =>
  new PayloadTooLargeException({
    message: `Files may be at most ${max} bytes (${(max / 1024 / 1024).toFixed(0)} MiB).`,
    headers: { Connection: 'close' },
  });

const interrupted = () => new HttpException('The upload was interrupted.', HttpStatus.BAD_REQUEST);

/**
 * Streams a request body to a temporary file in the storage's incoming directory (hashed and
 * counted on the way, never held in memory, at most `max` bytes), checks it by its content
 * against the declared media type, and hands it to `use`. The temporary file is removed
 * afterwards unless `use` moved it into storage.
 */
export async function withReceivedUpload<T>(
  body: IncomingMessage,
  declaredType: string,
  storage: DocumentStorage,
  max: number,
  use: (upload: ReceivedUpload) => Promise<T>,
): Promise<T> {
  const declaredLength = Number(body.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > max) throw tooLarge(max);
  const path = await incomingPath(storage);
  try {
    const { sha256, size } = await receive(body, path, max);
    if (size === 0) throw new UnprocessableEntityException('The upload is empty.');
    const format = await formatOf(path, size);
    const mediaType = DOCUMENT_MEDIA_TYPES[format];
    if (declaredType !== 'application/octet-stream' && declaredType !== mediaType)
      throw new UnsupportedMediaTypeException(`The content is ${format.toUpperCase()} (${mediaType}) but was sent as ${declaredType}.`);
    return await use({ path, sha256, size, format, mediaType });
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

/** A fresh temporary path where the storage can take the file from. */
async function incomingPath(storage: DocumentStorage): Promise<string> {
  await mkdir(storage.incomingDir, { recursive: true });
  return join(storage.incomingDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
}

async function formatOf(path: string, size: number): Promise<DocumentFormat> {
  try {
    return await detectFormat(path, size);
  } catch (e) {
    if (e instanceof FormatError)
      throw e.status === 415 ? new UnsupportedMediaTypeException(e.message) : new UnprocessableEntityException(e.message);
    throw e;
  }
}

/** Streams a request body to `path`, hashing and counting; rejects past `max` bytes or if the client goes away. */
async function receive(body: IncomingMessage, path: string, max: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) return done(tooLarge(max));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const aborted = new Promise<never>((_, reject) => {
    body.once('aborted', () => reject(interrupted()));
  });
  aborted.catch(() => undefined);
  const out = createWriteStream(path, { flags: 'wx', mode: 0o640 });
  try {
    await Promise.race([pipeline(body, meter, out), aborted]);
  } catch (e) {
    out.destroy();
    if (e instanceof HttpException) throw e;
    throw interrupted();
  }
  if (!body.complete) throw interrupted();
  // On disk before it becomes visible: the rename that follows must not expose a hole after a crash.
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: hash.digest('hex'), size };
}
