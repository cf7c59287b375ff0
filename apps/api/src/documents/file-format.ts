import { open } from 'node:fs/promises';
import type { DocumentFormat } from '@cop/contracts';

/** How many leading bytes `sniff` needs. */
export const SNIFF_BYTES = 8;

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

/** The entry names listed in a ZIP central directory. */
export function zipEntryNames(cd: Buffer, entries: number): string[] {
  const names: string[] = [];
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw new FormatError('The ZIP central directory is damaged.', 422);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    names.push(cd.subarray(p + 46, p + 46 + nameLen).toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
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
