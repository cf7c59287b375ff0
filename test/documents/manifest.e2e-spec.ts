import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentManifest } from '@cop/contracts';
import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, type RunningApi } from '../support/harness';
import { expectMatchesOpenApi } from '../support/openapi';
import { makePdf } from '../support/documents';

/** docs/verify-documents.md, step by step, with the openssl CLI. */
describe('signed document manifest', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let delegate: TestUser;
  let m: MeetingFixture;
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
    work = mkdtempSync(join(tmpdir(), 'cop-verify-'));
    ctx = await TestContext.start({ documents: true });
    api = ctx.api;
    m = await ctx.newMeeting();
    // Participants' documents are for approved participants of this meeting.
    delegate = await ctx.newParticipant(m.code);
    const docs: [string, string][] = [
      ['UNEP/MC/COP.6/INF/26', 'public'],
      ['UNEP/MC/COP.6/CRP.3', 'participants'],
    ];
    for (const [symbol, distribution] of docs)
      await ctx.newDocument(m.code, { symbol, title: symbol, distribution }, makePdf([`Text of ${symbol}`]));
  });
  afterAll(async () => {
    await ctx.close();
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
    expectMatchesOpenApi(mine, 'GET', '/api/meetings/{code}/documents/manifest.json');
    expect(mine.headers.get('cache-control')).toBe('private, no-cache');
    expect((mine.body as DocumentManifest).audience).toBe('participants');
    expect((mine.body as DocumentManifest).entries.map((e) => e.symbol)).toEqual(['UNEP/MC/COP.6/INF/26', 'UNEP/MC/COP.6/CRP.3']);
    // A delegate account without an approved registration for this meeting is an outsider here.
    const outsider = await ctx.newAccount('delegate');
    const theirs = await call(api, 'GET', `/api/meetings/${m.code}/documents/manifest.json`, { token: outsider.token });
    expect((theirs.body as DocumentManifest).audience).toBe('public');
    expect((theirs.body as DocumentManifest).entries.map((e) => e.symbol)).toEqual(['UNEP/MC/COP.6/INF/26']);
    expect((await call(api, 'GET', `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-CRP.3`, { token: outsider.token })).status).toBe(404);
  });
});
