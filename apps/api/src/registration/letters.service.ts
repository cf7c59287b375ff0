import { Inject, Injectable, NotFoundException, PayloadTooLargeException, UnprocessableEntityException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/access';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DirectoryService, sha256, type Binding } from './directory.service';
import { looksLikePdf } from './rules';

export interface LetterRow {
  id: string;
  meeting_id: string;
  party_id: string | null;
  organization_id: string | null;
  uploaded_by: string;
  filename: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_at: Date;
}

const toDto = (r: LetterRow) => ({ id: r.id, filename: r.filename, sizeBytes: r.size_bytes, sha256: r.sha256, createdAt: r.created_at });

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
    private readonly directory: DirectoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.root = resolve(config.LETTERS_DIR);
  }

  async upload(meetingId: string, caller: Caller, body: Buffer, filename: string | undefined) {
    if (body.length > this.config.LETTER_MAX_BYTES)
      throw new PayloadTooLargeException(`The letter is ${body.length} bytes; the limit is ${this.config.LETTER_MAX_BYTES} bytes.`);
    if (!body.length || !looksLikePdf(body))
      throw new UnprocessableEntityException('The letter must be a PDF file (its content is not a PDF document).');
    const binding: Binding =
      caller.role === 'focal-point' ? await this.directory.bindingOf(caller) : { partyId: null, organizationId: null };
    const hash = sha256(body);
    const [{ id }] = await this.ds.query('SELECT gen_random_uuid() AS id');
    const key = `${id.slice(0, 2)}/${id}.pdf`;
    await this.writeAtomically(join(this.root, key), body);
    const safeName = (filename ?? 'letter.pdf').replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 150) || 'letter.pdf';
    const [row] = await this.ds.query(
      `INSERT INTO nomination_letter (id, meeting_id, party_id, organization_id, uploaded_by, filename, size_bytes, sha256, storage_key)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING *`,
      [id, meetingId, binding.partyId, binding.organizationId, caller.id, safeName, body.length, hash, key],
    );
    return toDto(row as LetterRow);
  }

  /** The letter if the caller may read it, else 404 (the same answer as for a letter that does not exist). */
  async readable(meetingId: string, id: string, caller: Caller): Promise<LetterRow> {
    const [row] = (await this.ds.query('SELECT * FROM nomination_letter WHERE id = $1 AND meeting_id = $2', [
      id,
      meetingId,
    ])) as LetterRow[];
    if (row && caller.role === 'secretariat') return row;
    if (row && caller.role === 'focal-point') {
      const b = await this.directory.bindingOf(caller);
      if ((b.partyId && b.partyId === row.party_id) || (b.organizationId && b.organizationId === row.organization_id)) return row;
    }
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
