import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { oldFiles, removeOld, type OldFile } from '../common/leftover-files';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { LocalStorage } from './storage/local.storage';
import { DOCUMENT_STORAGE, type DocumentStorage } from './storage/storage';
import { storageKeysInUse } from './version.queries';

/** A partial upload in the incoming directory (upload-receiver names them so). */
const PART = /^[^/]+\.part$/;
/** A stored file (storage.ts: sha256/ab/abcdef…). */
const STORED = /^sha256\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/**
 * Removes what a crash leaves in document storage: partial uploads (`.incoming/*.part`, up to
 * DOCUMENT_MAX_BYTES each, left by a process killed mid-upload) and, on a local disk, stored
 * files no file row points to (the file was moved into place, then the database write failed).
 * Only files untouched for LEFTOVER_MIN_AGE_SECONDS, so an upload in flight is never touched.
 * Runs at start and every LEFTOVER_SWEEP_MS.
 */
@Injectable()
export class LeftoverSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LeftoverSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.LEFTOVER_SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<{ parts: number; orphans: number }> {
    if (this.sweeping) return { parts: 0, orphans: 0 };
    this.sweeping = true;
    const minAge = this.config.LEFTOVER_MIN_AGE_SECONDS * 1000;
    try {
      const parts = await removeOld(await oldFiles(this.storage.incomingDir, PART, minAge), minAge);
      let orphans = 0;
      if (this.storage instanceof LocalStorage) {
        const stored = await oldFiles(this.storage.root, STORED, minAge);
        orphans = await removeOld(await this.unreferenced(stored), minAge);
      }
      if (parts || orphans) this.logger.log(`Removed ${parts} partial upload(s) and ${orphans} stored file(s) no document points to`);
      return { parts, orphans };
    } catch (e) {
      this.logger.warn(`Leftover sweep: ${(e as Error).message}`);
      return { parts: 0, orphans: 0 };
    } finally {
      this.sweeping = false;
    }
  }

  private async unreferenced(files: OldFile[]): Promise<OldFile[]> {
    const out: OldFile[] = [];
    for (let i = 0; i < files.length; i += 500) {
      const batch = files.slice(i, i + 500);
      const used = await storageKeysInUse(
        this.ds,
        batch.map((f) => f.key),
      );
      out.push(...batch.filter((f) => !used.has(f.key)));
    }
    return out;
  }
}
