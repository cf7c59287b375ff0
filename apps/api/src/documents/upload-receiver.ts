import { UnprocessableEntityException, UnsupportedMediaTypeException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { DOCUMENT_MEDIA_TYPES, type DocumentFormat } from '@cop/contracts';
import { receiveToFile, refuseDeclaredOverCap, type FileBodyRoute } from '../common/file-body';
import { detectFormat, FormatError } from './file-format';
import type { DocumentStorage } from './storage/storage';

/** The media types an upload may declare; application/octet-stream lets the content decide. */
export const UPLOAD_MEDIA_TYPES = [...Object.values(DOCUMENT_MEDIA_TYPES), 'application/octet-stream'];

/** PUT …/documents/:ref/files/:lang — the route that takes a language version's file as its body. */
export const DOCUMENT_UPLOAD_ROUTE: FileBodyRoute = {
  method: 'PUT',
  url: /^\/api\/meetings\/[^/]+\/documents\/[^/]+\/files\/[^/?]+(\?.*)?$/,
  mediaTypes: UPLOAD_MEDIA_TYPES,
};

/** An upload on disk, complete, fsynced and checked by its content. */
export interface ReceivedUpload {
  path: string;
  sha256: string;
  size: number;
  format: DocumentFormat;
  mediaType: string;
}

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
  refuseDeclaredOverCap(body, max);
  const path = await incomingPath(storage);
  try {
    const { sha256, size } = await receiveToFile(body, path, max);
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
