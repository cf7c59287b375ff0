import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inflateRaw as inflateRawCb, type ZlibOptions } from 'node:zlib';
import type { DocumentFormat } from '@cop/contracts';

/** How many leading bytes `sniff` needs. */
export const SNIFF_BYTES = 8;

const inflateRaw = promisify<Buffer, ZlibOptions, Buffer>(inflateRawCb);

export type Sniffed = 'pdf' | 'zip' | null;

/** What the first bytes say the file is: %PDF- or a ZIP local file header (PK\x03\x04). */
export function sniff(head: Buffer): Sniffed {
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  return null;
}

export class FormatError extends Error {
  constructor(
    message: string,
    readonly status: 415 | 422,
  ) {
    super(message);
  }
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const MAX_EOCD_SEARCH = 22 + 0xffff;

/** Where a ZIP's central directory is, from the end-of-central-directory record in `tail`. */
export function zipDirectory(tail: Buffer): { entries: number; size: number; offset: number } {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIG) continue;
    const found = { entries: tail.readUInt16LE(i + 10), size: tail.readUInt32LE(i + 12), offset: tail.readUInt32LE(i + 16) };
    if (found.size === 0xffffffff || found.offset === 0xffffffff) throw new FormatError('ZIP64 containers are not accepted.', 415);
    return found;
  }
  throw new FormatError('The ZIP container has no end-of-central-directory record (truncated?).', 422);
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** As declared; checked against the real size by zipExpansion. */
  size: number;
  localOffset: number;
}

/** The entries listed in a ZIP central directory. */
export function zipEntries(cd: Buffer, entries: number): ZipEntry[] {
  const found: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw new FormatError('The ZIP central directory is damaged.', 422);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    found.push({
      name: cd.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return found;
}

/** The entry names listed in a ZIP central directory. */
export function zipEntryNames(cd: Buffer, entries: number): string[] {
  return zipEntries(cd, entries).map((e) => e.name);
}

/**
 * What a whole ZIP in memory unpacks to, inflating every entry for real (off the event loop,
 * in zlib's thread pool) with an output limit: a ZIP bomb is refused after `maxTotal` bytes
 * of output, whatever its headers claim, and an entry whose real size differs from the
 * declared one is refused as damaged. Parsers (mammoth, ExcelJS) run only on what passed.
 */
export async function zipExpansion(zip: Buffer, maxTotal: number): Promise<number> {
  const dir = zipDirectory(zip.subarray(Math.max(0, zip.length - MAX_EOCD_SEARCH)));
  if (dir.offset + dir.size > zip.length) throw new FormatError('The ZIP central directory lies outside the file.', 422);
  let total = 0;
  for (const e of zipEntries(zip.subarray(dir.offset, dir.offset + dir.size), dir.entries)) {
    if (e.localOffset + 30 > zip.length || zip.readUInt32LE(e.localOffset) !== 0x04034b50)
      throw new FormatError(`The ZIP entry ${e.name} has no local header.`, 422);
    const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
    const data = zip.subarray(start, start + e.compressedSize);
    if (data.length !== e.compressedSize) throw new FormatError(`The ZIP entry ${e.name} is cut short.`, 422);
    let size: number;
    if (e.method === 0) size = data.length;
    else if (e.method === 8) {
      const budget = maxTotal - total;
      try {
        size = (await inflateRaw(data, { maxOutputLength: Math.max(1, budget) })).length;
      } catch (err) {
        if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
          throw new FormatError(`The ZIP unpacks to more than ${maxTotal} bytes (a ZIP bomb?).`, 422);
        throw new FormatError(`The ZIP entry ${e.name} cannot be inflated: ${(err as Error).message}`, 422);
      }
    } else throw new FormatError(`The ZIP entry ${e.name} uses compression method ${e.method}; only stored and deflated are read.`, 422);
    if (size !== e.size) throw new FormatError(`The ZIP entry ${e.name} unpacks to ${size} bytes, not the ${e.size} it declares.`, 422);
    total += size;
    if (total > maxTotal) throw new FormatError(`The ZIP unpacks to more than ${maxTotal} bytes (a ZIP bomb?).`, 422);
  }
  return total;
}

/** DOCX and XLSX are ZIPs with [Content_Types].xml and a word/ or xl/ part. */
export function officeFormat(names: string[]): DocumentFormat | null {
  if (!names.includes('[Content_Types].xml')) return null;
  if (names.some((n) => n.startsWith('word/'))) return 'docx';
  if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  return null;
}

/**
 * Decides the format of a complete uploaded file from its content alone: a PDF (header, and
 * %%EOF near the end so a cut-off file is refused), or a DOCX/XLSX (a ZIP whose central
 * directory names the OOXML parts). Anything else is 415; a damaged container 422.
 */
export async function detectFormat(path: string, size: number): Promise<DocumentFormat> {
  const fh = await open(path, 'r');
  try {
    const read = async (offset: number, length: number) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      if (buf.length) await fh.read(buf, 0, buf.length, offset);
      return buf;
    };
    const kind = sniff(await read(0, SNIFF_BYTES));
    if (kind === 'pdf') {
      const tail = (await read(Math.max(0, size - 1024), 1024)).toString('latin1');
      if (!tail.includes('%%EOF')) throw new FormatError('The PDF has no %%EOF marker at its end: it looks truncated.', 422);
      return 'pdf';
    }
    if (kind === 'zip') {
      const dir = zipDirectory(await read(Math.max(0, size - MAX_EOCD_SEARCH), MAX_EOCD_SEARCH));
      if (dir.offset + dir.size > size || dir.size > 64 * 1024 * 1024)
        throw new FormatError('The ZIP central directory lies outside the file (truncated?).', 422);
      const format = officeFormat(zipEntryNames(await read(dir.offset, dir.size), dir.entries));
      if (!format)
        throw new FormatError('The ZIP file is neither a DOCX nor an XLSX document (no [Content_Types].xml with word/ or xl/).', 415);
      return format;
    }
    throw new FormatError('Only PDF, DOCX and XLSX files are accepted; the content is none of these.', 415);
  } finally {
    await fh.close();
  }
}
