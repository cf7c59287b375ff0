import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestContext } from '../support/fixtures';
import { closeDb, db, eventually, spawnApi, tag, type ApiProcess } from '../support/harness';
import { makePdf, PDF_TYPE } from '../support/documents';

/** Starts a PUT of `pdf` and sends `first` bytes of it; the rest is the caller's to send (or not). */
function startUpload(apiUrl: string, token: string, path: string, pdf: Buffer, first: number): ClientRequest {
  const url = new URL(`${apiUrl}${path}`);
  const req = httpRequest({
    method: 'PUT',
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    headers: { authorization: `Bearer ${token}`, 'content-type': PDF_TYPE, 'content-length': String(pdf.length) },
  });
  req.on('error', () => undefined);
  req.write(pdf.subarray(0, first));
  return req;
}

const twoHoursAgo = () => new Date(Date.now() - 2 * 3600_000);
const age = (path: string) => utimesSync(path, twoHoursAgo(), twoHoursAgo());

/** What `kill -9` and failed database writes leave on disk is swept at start and periodically, and nothing in flight. */
describe('the leftover sweeper', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cop-sweep-'));
  const docs = join(dir, 'docs');
  const letters = join(dir, 'letters');
  const env = {
    DOCUMENT_DIR: docs,
    LETTERS_DIR: letters,
    DOCUMENT_SIGNING_KEY_FILE: join(dir, 'keys', 'signing.pem'),
    DOCUMENT_QUEUE_PREFIX: `cop-test-${tag()}`,
    LEFTOVER_MIN_AGE_SECONDS: '60',
    LEFTOVER_SWEEP_MS: '200',
  };
  const procs: ApiProcess[] = [];
  afterAll(async () => {
    for (const p of procs) await p.stop('SIGKILL');
    await closeDb();
    rmSync(dir, { recursive: true, force: true });
  });

  it('removes the .part of an upload killed with SIGKILL, stored files and letters no row points to, and keeps the rest', async () => {
    const a = await spawnApi(env);
    procs.push(a);
    const ctx = await TestContext.on(a);
    const m = await ctx.newMeeting();
    await ctx.newDocument(m.code, { symbol: 'UNEP/MC/COP.6/3', title: 'Kept' });
    await ctx.newDocument(m.code, { symbol: 'UNEP/MC/COP.6/4', title: 'Killed' }, null);

    // kill -9 mid-upload: the partial file stays behind.
    const pdf = makePdf(['Never finished'], 300 * 1024);
    const req = startUpload(a.url, ctx.sec.token, `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-4/files/en`, pdf, 100 * 1024);
    const incoming = () => (existsSync(join(docs, '.incoming')) ? readdirSync(join(docs, '.incoming')) : []);
    await eventually(() => incoming().length === 1, 5000, 'the upload to be spooled');
    await a.stop('SIGKILL');
    req.destroy();
    const part = join(docs, '.incoming', incoming()[0]);
    expect(existsSync(part)).toBe(true);

    // A stored file whose row was never written, letters without a row, and one with its row.
    const orphanSha = randomBytes(32).toString('hex');
    const orphan = join(docs, 'sha256', orphanSha.slice(0, 2), orphanSha);
    mkdirSync(join(orphan, '..'), { recursive: true });
    writeFileSync(orphan, 'orphan');
    const young = join(docs, 'sha256', orphanSha.slice(0, 2), 'f'.repeat(2) + orphanSha.slice(2));
    const letterPart = join(letters, '.incoming', `${randomUUID()}.part`);
    const orphanLetterId = randomUUID();
    const orphanLetter = join(letters, orphanLetterId.slice(0, 2), `${orphanLetterId}.pdf`);
    const keptLetterId = randomUUID();
    const keptLetterKey = `${keptLetterId.slice(0, 2)}/${keptLetterId}.pdf`;
    for (const f of [letterPart, orphanLetter, join(letters, keptLetterKey)]) {
      mkdirSync(join(f, '..'), { recursive: true });
      writeFileSync(f, '%PDF-1.4 personal data');
    }
    const pg = await db();
    const [{ id: meetingId }] = await pg.query(`SELECT id FROM meeting WHERE code = $1`, [m.code]);
    const [{ id: userId }] = await pg.query(`SELECT id FROM app_user WHERE email = $1`, [ctx.sec.email]);
    await pg.query(
      `INSERT INTO nomination_letter (id, meeting_id, uploaded_by, filename, size_bytes, sha256, storage_key) VALUES ($1, $2, $3, 'l.pdf', 22, $4, $5)`,
      [keptLetterId, meetingId, userId, 'a'.repeat(64), keptLetterKey],
    );
    const [{ storage_key: keptKey }] = await pg.query(
      `SELECT f.storage_key FROM document_file f JOIN document d ON d.id = f.document_id WHERE d.meeting_id = $1`,
      [meetingId],
    );
    const keptStored = join(docs, ...String(keptKey).split('/'));
    for (const f of [part, orphan, letterPart, orphanLetter, join(letters, keptLetterKey), keptStored]) age(f);
    writeFileSync(young, 'a file being recorded right now'); // young: the row may still come

    // The next process sweeps at start and then periodically, while an upload trickles in.
    const b = await spawnApi(env);
    procs.push(b);
    const slow = makePdf(['Arrives slowly'], 200 * 1024);
    const inFlight = startUpload(b.url, ctx.sec.token, `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-4/files/fr`, slow, 10 * 1024);
    const answer = new Promise<number>((resolve) => inFlight.on('response', (res) => (res.resume(), resolve(res.statusCode ?? 0))));
    await eventually(() => ![part, orphan, letterPart, orphanLetter].some(existsSync), 5000, 'the leftovers to be swept');
    for (let sent = 10 * 1024; sent < slow.length; sent += 20 * 1024) {
      await new Promise((r) => setTimeout(r, 100)); // several sweeps pass meanwhile
      inFlight.write(slow.subarray(sent, Math.min(slow.length, sent + 20 * 1024)));
    }
    inFlight.end();
    expect(await answer).toBe(201);
    for (const f of [keptStored, join(letters, keptLetterKey), young]) expect(existsSync(f)).toBe(true);
    const dl = await fetch(`${b.url}/api/meetings/${m.code}/documents/UNEP-MC-COP.6-4/files/fr`);
    expect(dl.status).toBe(200);
    await pg.query(`DELETE FROM nomination_letter WHERE id = $1`, [keptLetterId]);
  }, 60_000);
});
