import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { ByteRange, DocumentStorage } from './storage';

/**
 * Files on the local disk under `root` (default .data/documents). Uploads are first written to
 * root/.incoming (same file system), fsynced, and renamed into place: rename is atomic, so a
 * reader sees the whole file or nothing. One api process, or several sharing one volume.
 */
export class LocalStorage implements DocumentStorage {
  readonly driver = 'local' as const;
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Where temporary uploads go: inside root so the final rename never crosses file systems. */
  get incomingDir(): string {
    return `${this.root}${sep}.incoming`;
  }

  path(key: string): string {
    if (!/^[a-z0-9]+(\/[a-z0-9]+)*$/.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    const p = resolve(this.root, key);
    if (!p.startsWith(this.root + sep)) throw new Error('storage key escapes the storage root');
    return p;
  }

  async putFile(key: string, tempPath: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    if (await this.exists(key)) {
      // Same key, same bytes (the key is the hash): keep the existing file, made young again so
      // that the leftover sweeper does not take it for one no row points to before the row is written.
      await unlink(tempPath).catch(() => undefined);
      const now = new Date();
      await utimes(target, now, now).catch(() => undefined);
      return;
    }
    await rename(tempPath, target);
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.path(key);
    const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
    await new Promise<void>((ok, fail) => {
      stream.once('open', () => ok());
      stream.once('error', fail);
    });
    return stream;
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
