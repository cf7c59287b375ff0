import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { documentFileName, type DocumentManifest } from '@cop/contracts';
import type { Caller } from '../auth/access';
import { FeedHeads } from '../changes/feed-heads.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { DocumentAccess, seenBy } from './document-access';
import { PUBLIC_KEY_PATH, SigningService } from './signing.service';
import { findManifestRows } from './version.queries';

/**
 * The meeting's signed manifest, which lets anyone holding a copy of the documents check them
 * against the secretariat's Ed25519 key: every version of every document the caller sees.
 */
@Injectable()
export class ManifestService {
  constructor(
    private readonly ds: DataSource,
    private readonly meetingLookup: MeetingLookup,
    private readonly access: DocumentAccess,
    private readonly heads: FeedHeads,
    private readonly signing: SigningService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The manifest as the caller may see it, serialized once; the signature covers exactly these bytes. */
  async manifest(code: string, caller: Caller | null): Promise<{ body: Buffer; signature: Buffer }> {
    const meeting = await this.meetingLookup.get(code);
    const level = await this.access.level(caller, code);
    const lastSeq = await this.heads.get(meeting.id);
    const rows = await findManifestRows(this.ds, meeting.id, seenBy(level));
    const manifest: DocumentManifest = {
      meeting: code,
      audience: level,
      lastSeq,
      algorithm: 'Ed25519',
      publicKeyUrl: `${this.config.PUBLIC_URL}${PUBLIC_KEY_PATH}`,
      entries: rows.map((r) => ({
        symbol: r.symbol,
        language: r.language,
        version: r.version,
        sha256: r.sha256,
        size: r.size,
        fileName: documentFileName(r.symbol, r.language, r.format),
        publishedAt: new Date(r.uploaded_at).toISOString(),
      })),
    };
    const body = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
    return { body, signature: this.signing.sign(body) };
  }
}
