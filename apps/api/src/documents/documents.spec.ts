import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDocx, makePdf, makeXlsx, makeZip } from '../../../../test/support/documents';
import type { DocumentMetadataDto } from '@cop/contracts';
import { changeFor } from '../changes/changes.service';
import { metadataChanges } from './document-changes';
import { detectFormat, FormatError, sniff, zipExpansion } from './file-format';
import { contentDisposition, matchesIfNoneMatch, parseRange } from './http-range';
import { VersionCache } from './version-cache';

describe('parseRange', () => {
  it.each([
    [undefined, { kind: 'full' }],
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=100-', { kind: 'partial', start: 100, end: 999 }],
    ['bytes=-10', { kind: 'partial', start: 990, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=5000-6000', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=0-1,5-6', { kind: 'full' }],
    ['bytes=9-3', { kind: 'full' }],
    ['items=0-1', { kind: 'full' }],
  ])('%s of 1000 bytes → %j', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it('compares If-None-Match weakly and accepts lists and *', () => {
    expect(matchesIfNoneMatch('"abc"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('W/"abc", "x"', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('*', '"abc"')).toBe(true);
    expect(matchesIfNoneMatch('"abd"', '"abc"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, '"abc"')).toBe(false);
  });

  it('builds a Content-Disposition that cannot carry quotes, paths or header breaks', () => {
    expect(contentDisposition('attachment', 'UNEP-MC-COP.6-INF-26-E.pdf')).toBe(
      `attachment; filename="UNEP-MC-COP.6-INF-26-E.pdf"; filename*=UTF-8''UNEP-MC-COP.6-INF-26-E.pdf`,
    );
    const evil = contentDisposition('inline', '../../a"b\r\nSet-Cookie: x.pdf');
    expect(evil).not.toMatch(/[\r\n/]|a"b/);
    expect(evil.startsWith('inline; filename="_')).toBe(true);
  });
});

describe('file format detection', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'cop-format-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const detect = (name: string, data: Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return detectFormat(p, data.length);
  };

  it('sniffs PDF and ZIP signatures', () => {
    expect(sniff(Buffer.from('%PDF-1.7'))).toBe('pdf');
    expect(sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe('zip');
    expect(sniff(Buffer.from('GIF89a'))).toBeNull();
    expect(sniff(Buffer.alloc(0))).toBeNull();
  });

  it('tells PDF, DOCX and XLSX apart by content', async () => {
    await expect(detect('a', makePdf(['x']))).resolves.toBe('pdf');
    await expect(detect('b', await makeDocx())).resolves.toBe('docx');
    await expect(detect('c', await makeXlsx())).resolves.toBe('xlsx');
  });

  it('refuses other content (415) and damaged containers (422)', async () => {
    const status = (p: Promise<unknown>) =>
      p.then(
        () => 0,
        (e: FormatError) => e.status,
      );
    expect(await status(detect('d', Buffer.from('hello world, plain text')))).toBe(415);
    expect(await status(detect('e', await makeZip({ 'a.txt': 'zip but not office' })))).toBe(415);
    expect(await status(detect('f', await makeZip({ '[Content_Types].xml': '<Types/>', 'ppt/slide1.xml': '<p/>' })))).toBe(415);
    const docx = await makeDocx();
    expect(await status(detect('g', docx.subarray(0, docx.length - 30)))).toBe(422);
    const pdf = makePdf(['x']);
    expect(await status(detect('h', pdf.subarray(0, pdf.length - 30)))).toBe(422);
  });
});

describe('VersionCache', () => {
  const buf = (n: number, fill = 1) => Buffer.alloc(n, fill);

  it('keeps at most maxBytes, evicting the least recently used', () => {
    const c = new VersionCache(100, 60);
    c.set('a', buf(40));
    c.set('b', buf(40));
    expect(c.get('a')).toBeDefined(); // a is now the most recent
    c.set('c', buf(40)); // evicts b
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBeDefined();
    expect(c.get('c')).toBeDefined();
    expect(c.size).toBe(80);
    c.set('big', buf(61)); // larger than maxFileBytes: never cached
    expect(c.get('big')).toBeUndefined();
    expect(c.size).toBeLessThanOrEqual(100);
  });

  it('shares one load among concurrent misses and refuses what it may not hold', async () => {
    const c = new VersionCache(100, 60);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return buf(50);
    };
    const [x, y] = await Promise.all([c.getOrLoad('h', 50, load), c.getOrLoad('h', 50, load)]);
    expect(loads).toBe(1);
    expect(x).toBe(y);
    expect(await c.getOrLoad('big', 70, load)).toBeNull();
    // Storage disagreeing with the recorded size is not cached.
    expect(await c.getOrLoad('short', 40, load)).toBeNull();
    expect(c.get('short')).toBeUndefined();
  });
});

describe('zipExpansion', () => {
  it('sums what a ZIP really unpacks to', async () => {
    expect(await zipExpansion(await makeZip({ 'a.xml': 'x'.repeat(1000), 'b.xml': 'yz' }), 10_000)).toBe(1002);
  });

  it('refuses a ZIP bomb by what inflating produces, and an entry that lies about its size', async () => {
    const bomb = await makeZip({ 'word/document.xml': '<w/>', 'word/media/a.bin': '0'.repeat(3_000_000) });
    await expect(zipExpansion(bomb, 1_000_000)).rejects.toThrow(/more than 1000000 bytes/);
    // Declared size patched in the central directory: 1000 → 10.
    const zip = await makeZip({ 'a.xml': 'x'.repeat(1000) });
    const cd = zip.readUInt32LE(zip.length - 22 + 16);
    zip.writeUInt32LE(10, cd + 24);
    await expect(zipExpansion(zip, 1_000_000)).rejects.toThrow(FormatError);
    await expect(zipExpansion(zip, 1_000_000)).rejects.toThrow(/unpacks to 1000 bytes, not the 10 it declares/);
  });
});

describe('metadataChanges: who learns what of a correction', () => {
  const doc = (distribution: DocumentMetadataDto['distribution']): DocumentMetadataDto => ({
    id: 'd1',
    symbol: 'UNEP/MC/COP.6/CRP.1',
    ref: 'UNEP-MC-COP.6-CRP.1',
    type: 'conference-room-paper',
    title: { en: 'Secret title' },
    distribution,
    agendaItems: [],
    editRevision: 2,
  });
  /** What the public room and the participants room are sent, as kinds. */
  const seen = (before: DocumentMetadataDto['distribution'], after: DocumentMetadataDto['distribution']) =>
    metadataChanges(before, doc(after)).map((c) => {
      const change = {
        visibility: c.visibility,
        publicPayload: c.publicBody ?? null,
        payload: { meeting: 'm', seq: 1, at: '', ...c.body },
      };
      const pub = changeFor(change, 'public');
      return { public: pub.kind, participants: changeFor(change, 'participants').kind, leaks: JSON.stringify(pub).includes('Secret') };
    });

  it.each([
    ['public', 'public', [{ public: 'document.updated', participants: 'document.updated', leaks: true }]],
    ['participants', 'public', [{ public: 'document.updated', participants: 'document.updated', leaks: true }]],
    ['participants', 'participants', [{ public: 'redacted', participants: 'document.updated', leaks: false }]],
    ['public', 'participants', [{ public: 'document.removed', participants: 'document.updated', leaks: false }]],
    ['public', 'secretariat', [{ public: 'document.removed', participants: 'document.removed', leaks: false }]],
    ['participants', 'secretariat', [{ public: 'redacted', participants: 'document.removed', leaks: false }]],
    ['secretariat', 'secretariat', []],
    ['secretariat', 'participants', [{ public: 'redacted', participants: 'document.updated', leaks: false }]],
  ] as const)('%s → %s', (before, after, expected) => {
    expect(seen(before, after)).toEqual(expected);
  });
});
