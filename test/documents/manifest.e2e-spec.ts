import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentManifest } from '@cop/contracts';
import { call, closeDb, createMeeting, signIn, startApi, type MeetingFixture, type RunningApi, type TestUser } from '../support/harness';
import { approveParticipant } from '../support/registration';
import { makePdf, PDF_TYPE } from '../support/documents';

/** docs/verify-documents.md, step by step, with the openssl CLI. */
describe('signed document manifest', () => {
  let api: RunningApi;
  let sec: TestUser;
  let delegate: TestUser;
  let m: MeetingFixture;
  let dir: string;
  let work: string;

  const fetchTo = async (path: string, file: string, token?: string) => {
    const res = await fetch(`${api.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(res.status).toBe(200);
    const data = Buffer.from(await res.arrayBuffer());
    writeFileSync(join(work, file), data);
    return data;
  };
  const openssl = (...args: string[]) => spawnSync('openssl', args, { cwd: work, encoding: 'utf8' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cop-docs-manifest-'));
    work = mkdtempSync(join(tmpdir(), 'cop-verify-'));
    api = await startApi({ DOCUMENT_DIR: dir, DOCUMENT_SIGNING_KEY_FILE: join(dir, 'keys', 'signing.pem') });
    sec = await signIn(api, 'secretariat');
    delegate = await signIn(api, 'delegate');
    m = await createMeeting(api, sec.token);
    // Participants' documents are for approved participants of this meeting.
    await approveParticipant(api, sec.token, m.code, delegate);
    const docs: [string, string][] = [
      ['UNEP/MC/COP.6/INF/26', 'public'],
      ['UNEP/MC/COP.6/CRP.3', 'participants'],
    ];
    for (const [symbol, distribution] of docs) {
      const created = await call(api, 'POST', `/api/meetings/${m.code}/documents`, {
        token: sec.token,
        body: { symbol, title: { en: symbol }, distribution },
      });
      expect(created.status).toBe(201);
      const res = await fetch(`${api.url}/api/meetings/${m.code}/documents/${created.body.ref}/files/en`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${sec.token}`, 'content-type': PDF_TYPE },
        body: new Uint8Array(makePdf([`Text of ${symbol}`])),
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await api.close();
    await closeDb();
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('verifies with openssl alone: the manifest signature, then the downloaded file against it', async () => {
    await fetchTo('/.well-known/cop-documents-key.pem', 'cop-documents-key.pem');
    const manifestBytes = await fetchTo(`/api/meetings/${m.code}/documents/manifest.json`, 'manifest.json');
    await fetchTo(`/api/meetings/${m.code}/documents/manifest.json.sig`, 'manifest.json.sig');
    const file = await fetchTo(`/api/meetings/${m.code}/documents/UNEP-MC-COP.6-INF-26/files/en`, 'UNEP-MC-COP.6-INF-26-E.pdf');

    const verified = openssl(
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'cop-documents-key.pem',
      '-rawin',
      '-in',
      'manifest.json',
      '-sigfile',
      'manifest.json.sig',
    );
    expect(verified.stdout.trim()).toBe('Signature Verified Successfully');
    expect(verified.status).toBe(0);

    const digest = execFileSync('openssl', ['dgst', '-sha256', '-r', 'UNEP-MC-COP.6-INF-26-E.pdf'], { cwd: work, encoding: 'utf8' });
    const hash = digest.split(' ')[0];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const grep = spawnSync('grep', ['-c', `"sha256": "${hash}"`, 'manifest.json'], { cwd: work, encoding: 'utf8' });
    expect(grep.stdout.trim()).toBe('1');

    const manifest = JSON.parse(manifestBytes.toString()) as DocumentManifest;
    expect(manifest).toMatchObject({ meeting: m.code, audience: 'public', algorithm: 'Ed25519' });
    expect(manifest.publicKeyUrl).toMatch(/\/\.well-known\/cop-documents-key\.pem$/);
    expect(manifest.entries).toEqual([
      expect.objectContaining({
        symbol: 'UNEP/MC/COP.6/INF/26',
        language: 'en',
        version: 1,
        sha256: hash,
        size: file.length,
        fileName: 'UNEP-MC-COP.6-INF-26-E.pdf',
      }),
    ]);
  });

  it('fails verification for a changed manifest or a signature from another key', async () => {
    const original = await fetchTo(`/api/meetings/${m.code}/documents/manifest.json`, 'manifest.json');
    await fetchTo(`/api/meetings/${m.code}/documents/manifest.json.sig`, 'manifest.json.sig');
    await fetchTo('/.well-known/cop-documents-key.pem', 'cop-documents-key.pem');
    writeFileSync(join(work, 'manifest.json'), original.toString().replace(/"size": \d+/, '"size": 1'));
    const tampered = openssl(
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'cop-documents-key.pem',
      '-rawin',
      '-in',
      'manifest.json',
      '-sigfile',
      'manifest.json.sig',
    );
    expect(tampered.status).not.toBe(0);
    expect(tampered.stdout).toMatch(/Signature Verification Failure/);

    writeFileSync(join(work, 'manifest.json'), original);
    expect(openssl('genpkey', '-algorithm', 'ed25519', '-out', 'other.pem').status).toBe(0);
    expect(openssl('pkey', '-in', 'other.pem', '-pubout', '-out', 'other.pub.pem').status).toBe(0);
    const otherKey = openssl(
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'other.pub.pem',
      '-rawin',
      '-in',
      'manifest.json',
      '-sigfile',
      'manifest.json.sig',
    );
    expect(otherKey.status).not.toBe(0);
  });

  it('lists restricted documents only in the manifest of those who may see them', async () => {
    const pub = (await call(api, 'GET', `/api/meetings/${m.code}/documents/manifest.json`)).body as DocumentManifest;
    expect(pub.entries.map((e) => e.symbol)).toEqual(['UNEP/MC/COP.6/INF/26']);
    const mine = await call(api, 'GET', `/api/meetings/${m.code}/documents/manifest.json`, { token: delegate.token });
    expect(mine.headers.get('cache-control')).toBe('private, no-cache');
    expect((mine.body as DocumentManifest).audience).toBe('participants');
    expect((mine.body as DocumentManifest).entries.map((e) => e.symbol)).toEqual(['UNEP/MC/COP.6/INF/26', 'UNEP/MC/COP.6/CRP.3']);
    // A delegate account without an approved registration for this meeting is an outsider here.
    const outsider = await signIn(api, 'delegate');
    const theirs = await call(api, 'GET', `/api/meetings/${m.code}/documents/manifest.json`, { token: outsider.token });
    expect((theirs.body as DocumentManifest).audience).toBe('public');
    expect((theirs.body as DocumentManifest).entries.map((e) => e.symbol)).toEqual(['UNEP/MC/COP.6/INF/26']);
    expect((await call(api, 'GET', `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-CRP.3`, { token: outsider.token })).status).toBe(404);
  });
});
