import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { oldFiles, removeOld } from '../common/leftover-files';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { letterKeysInUse } from './letters.queries';

/** A partial letter upload (letters.service: .incoming/<id>.part). */
const PART = /^[^/]+\.part$/;
/** A stored letter (letters.service: ab/<uuid>.pdf). */
const STORED = /^[0-9a-f]{2}\/[0-9a-f-]{36}\.pdf$/;

/**
 * Letters of nomination carry personal data: none may stay on disk without the row that lets
 * the secretariat (and only it) find and delete them. Removes partial uploads and letters no row
 * points to once untouched for LEFTOVER_MIN_AGE_SECONDS; at start and every LEFTOVER_SWEEP_MS.
 */
@Injectable()
export class LetterSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LetterSweeper.name);
  private readonly root: string;
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.root = resolve(config.LETTERS_DIR);
  }

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.LEFTOVER_SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    const minAge = this.config.LEFTOVER_MIN_AGE_SECONDS * 1000;
    try {
      const parts = await oldFiles(join(this.root, '.incoming'), PART, minAge);
      const stored = await oldFiles(this.root, STORED, minAge);
      const used = stored.length
        ? await letterKeysInUse(
            this.ds,
            stored.map((f) => f.key),
          )
        : new Set<string>();
      const removed = await removeOld([...parts, ...stored.filter((f) => !used.has(f.key))], minAge);
      if (removed) this.logger.log(`Removed ${removed} letter file(s) no nomination letter points to`);
      return removed;
    } catch (e) {
      this.logger.warn(`Letter sweep: ${(e as Error).message}`);
      return 0;
    } finally {
      this.sweeping = false;
    }
  }
}
