import { Inject, Injectable } from '@nestjs/common';
import { documentFileName } from '@cop/contracts';
import type { Caller } from '../auth/access';
import { UsersService } from '../auth/users.service';
import { Memo } from '../common/memo';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DocumentAccess, seenBy } from './document-access';
import { FileResolver } from './file-resolver.service';
import { SigningService } from './signing.service';
import type { ResolvedFile } from './version.queries';

/**
 * Short-lived signed links to one version, usable without a bearer header (download managers).
 * The link signs the file, the caller it was issued to and its expiry (DOCUMENT_LINK_TTL_SECONDS).
 * Access is judged again at every use, as for a download with the caller's token: the document
 * may have been narrowed, or the participant withdrawn or deactivated, since it was issued.
 */
@Injectable()
export class DocumentLinks {
  /** A download manager's burst of range requests costs one account look-up; a deactivation shows within this. */
  private readonly holders = new Memo<Caller | null>({ ttlMs: 1000, max: 10_000 });

  constructor(
    private readonly files: FileResolver,
    private readonly access: DocumentAccess,
    private readonly users: UsersService,
    private readonly signing: SigningService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A link to `file`, which the caller was just allowed to download. */
  sign(file: ResolvedFile, caller: Caller | null): { url: string; expiresAt: string } {
    const expires = Math.floor(Date.now() / 1000) + this.config.DOCUMENT_LINK_TTL_SECONDS;
    const by = caller?.id ?? '';
    const sig = this.signing.linkSignature([file.fileId, by, String(expires)]);
    const name = documentFileName(file.symbol, file.language, file.format);
    const query = new URLSearchParams({ by, expires: String(expires), sig });
    return {
      url: `/api/document-links/${file.fileId}/${name}?${query.toString()}`,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /** The file a link names; null when it was tampered with, has expired, or its holder may no longer see it. */
  async fileFor(fileId: string, by: string, expires: string, sig: string): Promise<ResolvedFile | null> {
    if (!/^\d{1,12}$/.test(expires) || !sig || !this.signing.verifyLink([fileId, by, expires], sig)) return null;
    if (Number(expires) * 1000 < Date.now()) return null;
    const file = await this.files.byId(fileId);
    const caller = by ? await this.holders.get(by, () => this.users.callerById(by)) : null;
    if (!file || (by && !caller)) return null;
    const level = await this.access.downloadLevel(caller, file.meetingCode);
    return seenBy(level).distributions.includes(file.distribution) ? file : null;
  }
}
