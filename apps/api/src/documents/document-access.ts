import { Injectable } from '@nestjs/common';
import type { Distribution } from '@cop/contracts';
import type { Caller } from '../auth/access';
import { AudienceService } from '../auth/audience.service';
import { Memo } from '../common/memo';

/*
 * A caller can see a document of meeting M if any of:
 * - the caller is the secretariat (every document, published or not);
 * - the document is published (a file of it is stored) and its distribution is `public`;
 * - the document is published, its distribution is `participants`, and the caller is an
 *   approved participant of M (AudienceService).
 * Downloading a file follows the same rule (a document with a file is published), through a
 * signed link too: it is judged for the account it was issued to at each use.
 */

/** What a caller may see: the distributions open to it. */
export type AccessLevel = 'public' | 'participants' | 'secretariat';

/** The documents a level sees, as the queries apply it. */
export interface SeenBy {
  /** distributions open to the caller */
  distributions: Distribution[];
  /** whether documents without a file (unpublished) are seen too */
  unpublished: boolean;
}

const OPEN_TO: Record<AccessLevel, Distribution[]> = {
  public: ['public'],
  participants: ['public', 'participants'],
  secretariat: ['public', 'participants', 'secretariat'],
};

export function seenBy(level: AccessLevel): SeenBy {
  return { distributions: OPEN_TO[level], unpublished: level === 'secretariat' };
}

/** A burst of downloads (ranges, a download manager) costs one registration lookup; an approval or withdrawal shows within this. */
const DOWNLOAD_LEVEL_TTL_MS = 1000;
const MAX_DOWNLOAD_LEVELS = 10_000;

@Injectable()
export class DocumentAccess {
  private readonly downloadLevels = new Memo<AccessLevel>({ ttlMs: DOWNLOAD_LEVEL_TTL_MS, max: MAX_DOWNLOAD_LEVELS });

  constructor(private readonly audiences: AudienceService) {}

  /** The caller's level in meeting `code`, read afresh. */
  async level(caller: Caller | null, code: string): Promise<AccessLevel> {
    if (caller?.role === 'secretariat') return 'secretariat';
    return (await this.audiences.of(caller, code)) === 'participants' ? 'participants' : 'public';
  }

  /** The caller's level for a download, remembered briefly per caller and meeting. */
  downloadLevel(caller: Caller | null, code: string): Promise<AccessLevel> {
    if (!caller) return Promise.resolve('public');
    if (caller.role === 'secretariat') return Promise.resolve('secretariat');
    return this.downloadLevels.get(`${caller.id}|${code}`, () => this.level(caller, code));
  }
}
