import { Inject, Injectable, NotFoundException, PayloadTooLargeException, UnprocessableEntityException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/access';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MeetingDirectory } from '../meetings/meeting-directory.service';
import { findLetter, insertLetter, newLetterId, toLetterDto, type LetterRow } from './letters.queries';
import { PartiesService } from './parties.service';
import { PersonalDataAudit } from './personal-data-audit.service';
import { looksLikePdf, sameBinding, type Binding } from './rules';

/**
 * Letters of nomination / credentials: content-checked PDFs under the size cap, SHA-256 hashed,
 * written to LETTERS_DIR atomically (temp file, fsync, rename), readable by the secretariat and
 * the focal points of the Party or organization that uploaded them; nobody else learns they exist.
 */
@Injectable()
export class LettersService {
  private readonly root: string;

  constructor(
    private readonly ds: DataSource,
    private readonly parties: PartiesService,
    private readonly meetings: MeetingDirectory,
    private readonly audit: PersonalDataAudit,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.root = resolve(config.LETTERS_DIR);
  }

  async upload(code: string, caller: Caller, body: Buffer, filename: string | undefined) {
    const m = await this.meetings.get(code);
    if (body.length > this.config.LETTER_MAX_BYTES)
      throw new PayloadTooLargeException(`The letter is ${body.length} bytes; the limit is ${this.config.LETTER_MAX_BYTES} bytes.`);
    if (!body.length || !looksLikePdf(body))
      throw new UnprocessableEntityException('The letter must be a PDF file (its content is not a PDF document).');
    const binding: Binding = caller.role === 'focal-point' ? await this.parties.bindingOf(caller) : { partyId: null, organizationId: null };
    const hash = createHash('sha256').update(body).digest('hex');
    const id = await newLetterId(this.ds);
    const key = `${id.slice(0, 2)}/${id}.pdf`;
    await this.writeAtomically(join(this.root, key), body);
    const safeName = (filename ?? 'letter.pdf').replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 150) || 'letter.pdf';
    const row = await insertLetter(this.ds, {
      id,
      meeting_id: m.id,
      party_id: binding.partyId,
      organization_id: binding.organizationId,
      uploaded_by: caller.id,
      filename: safeName,
      size_bytes: body.length,
      sha256: hash,
      storage_key: key,
    });
    return toLetterDto(row);
  }

  /**
   * The letter if the caller may read it, else 404 (the same answer as for a letter that does not
   * exist); the secretariat's downloads are recorded.
   */
  async download(code: string, id: string, caller: Caller): Promise<LetterRow> {
    const m = await this.meetings.get(code);
    const row = await findLetter(this.ds, m.id, id);
    if (row && caller.role === 'secretariat') {
      await this.audit.record(caller, 'letter.download', m.id, null, { letterId: id });
      return row;
    }
    if (row && caller.role === 'focal-point' && sameBinding(await this.parties.bindingOf(caller), row)) return row;
    throw new NotFoundException('No such nomination letter.');
  }

  open(row: LetterRow): Readable {
    return createReadStream(join(this.root, row.storage_key));
  }

  private async writeAtomically(path: string, data: Buffer): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } catch (e) {
      await fh.close();
      await rm(tmp, { force: true });
      throw e;
    }
    await fh.close();
    await rename(tmp, path);
  }
}
