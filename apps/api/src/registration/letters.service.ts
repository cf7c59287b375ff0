import { Inject, Injectable, NotFoundException, PayloadTooLargeException, UnprocessableEntityException } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/access';
import { receiveToFile, type FileBodyRoute } from '../common/file-body';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { findLetter, insertLetter, newLetterId, toLetterDto, type LetterRow } from './letters.queries';
import { PartiesService } from './parties.service';
import { PersonalDataAudit } from './personal-data-audit.service';
import { looksLikePdf, sameBinding, type Binding } from './rules';

/**
 * Letters of nomination / credentials: content-checked PDFs under the size cap, SHA-256 hashed,
 * written to LETTERS_DIR atomically (temp file, fsync, rename), readable by the secretariat and
 * the focal points of the Party or organization that uploaded them; nobody else learns they exist.
 */
/** POST …/nomination-letters — the letter itself as the body, application/pdf. */
export const LETTER_UPLOAD_ROUTE: FileBodyRoute = {
  method: 'POST',
  url: /^\/api\/meetings\/[^/]+\/nomination-letters\/?(\?.*)?$/,
  mediaTypes: ['application/pdf'],
};

@Injectable()
export class LettersService {
  private readonly root: string;

  constructor(
    private readonly ds: DataSource,
    private readonly parties: PartiesService,
    private readonly meetings: MeetingLookup,
    private readonly audit: PersonalDataAudit,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.root = resolve(config.LETTERS_DIR);
  }

  /**
   * Streams the letter to a temporary file under the cap (never into memory), checks it by its
   * content, then moves it into place and records it. The caller's access and the meeting are
   * checked before a byte of the body is read.
   */
  async upload(code: string, caller: Caller, body: IncomingMessage, filename: string | undefined) {
    const m = await this.meetings.get(code);
    const max = this.config.LETTER_MAX_BYTES;
    const declared = Number(body.headers['content-length']);
    if (Number.isFinite(declared) && declared > max)
      throw new PayloadTooLargeException({
        message: `The letter is ${declared} bytes; the limit is ${max} bytes.`,
        headers: { Connection: 'close' },
      });
    const binding: Binding = caller.role === 'focal-point' ? await this.parties.bindingOf(caller) : { partyId: null, organizationId: null };
    const id = await newLetterId(this.ds);
    const key = `${id.slice(0, 2)}/${id}.pdf`;
    const incoming = join(this.root, '.incoming');
    await mkdir(incoming, { recursive: true });
    const part = join(incoming, `${id}.part`);
    try {
      const { sha256, size } = await receiveToFile(body, part, max);
      if (!size || !looksLikePdf(await headAndTail(part, size)))
        throw new UnprocessableEntityException('The letter must be a PDF file (its content is not a PDF document).');
      await mkdir(dirname(join(this.root, key)), { recursive: true });
      await rename(part, join(this.root, key));
      const safeName = (filename ?? 'letter.pdf').replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 150) || 'letter.pdf';
      const row = await insertLetter(this.ds, {
        id,
        meeting_id: m.id,
        party_id: binding.partyId,
        organization_id: binding.organizationId,
        uploaded_by: caller.id,
        filename: safeName,
        size_bytes: size,
        sha256,
        storage_key: key,
      }).catch(async (e: unknown) => {
        await rm(join(this.root, key), { force: true });
        throw e;
      });
      return toLetterDto(row);
    } finally {
      await rm(part, { force: true });
    }
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
}

/** The first and last KiB of a file: where a PDF keeps its header and its %%EOF. */
async function headAndTail(path: string, size: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    if (size <= 2048) return (await fh.read(Buffer.alloc(size), 0, size, 0)).buffer;
    const head = (await fh.read(Buffer.alloc(1024), 0, 1024, 0)).buffer;
    const tail = (await fh.read(Buffer.alloc(1024), 0, 1024, size - 1024)).buffer;
    return Buffer.concat([head, tail]);
  } finally {
    await fh.close();
  }
}
