import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, eventually, tag, type RunningApi } from '../support/harness';
import { makePdf, PDF_TYPE } from '../support/documents';

/** The S3 driver against a real S3-compatible server (s3rver, in-process, on loopback). */
describe('documents on S3-compatible storage', () => {
  let s3: S3rver;
  let client: S3Client;
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;
  let dir: string;
  const bucket = 'cop-documents';
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const keys = async () =>
    ((await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'docs/' }))).Contents ?? []).map((o) => o.Key);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cop-s3-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
    const { port } = await s3.run();
    const endpoint = `http://127.0.0.1:${port}`;
    client = new S3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    ctx = await TestContext.start({
      env: {
        DOCUMENT_STORAGE: 's3',
        S3_BUCKET: bucket,
        S3_ENDPOINT: endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_PREFIX: 'docs/',
        DOCUMENT_CACHE_BYTES: '0', // every download goes to S3
        DOCUMENT_SIGNING_KEY_FILE: join(dir, 'signing.pem'),
        DOCUMENT_QUEUE_PREFIX: `cop-test-${tag()}`,
      },
    });
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
    await ctx.newDocument(m.code, { symbol: 'UNEP/MC/COP.6/22', title: 'Cooperation and coordination' }, null);
  });
  afterAll(async () => {
    await ctx.close();
    client.destroy();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores uploads as content-addressed objects and serves full and ranged downloads from S3', async () => {
    const pdf = makePdf(['Cooperation with the BRS conventions'], 50_000);
    const res = await fetch(`${api.url}/api/meetings/${m.code}/documents/UNEP-MC-COP.6-22/files/en`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${sec.token}`, 'content-type': PDF_TYPE },
      body: new Uint8Array(pdf),
    });
    expect(res.status).toBe(201);
    const h = sha(pdf);
    expect(await keys()).toEqual([`docs/sha256/${h.slice(0, 2)}/${h}`]);

    const url = `${api.url}/api/meetings/${m.code}/documents/UNEP-MC-COP.6-22/files/en`;
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(sha(whole)).toBe(h);
    const part = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(pdf.subarray(1000, 2000))).toBe(true);
    expect((await fetch(url, { headers: { range: `bytes=${pdf.length}-` } })).status).toBe(416);
  });

  it('puts nothing in the bucket when an upload is refused or interrupted', async () => {
    const before = await keys();
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(1000)]);
    const refused = await fetch(`${api.url}/api/meetings/${m.code}/documents/UNEP-MC-COP.6-22/files/fr`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${sec.token}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(png),
    });
    expect(refused.status).toBe(415);
    const pdf = makePdf(['never finished'], 100_000);
    await new Promise<void>((resolve) => {
      const u = new URL(`${api.url}/api/meetings/${m.code}/documents/UNEP-MC-COP.6-22/files/fr`);
      const req = httpRequest({
        method: 'PUT',
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        headers: { authorization: `Bearer ${sec.token}`, 'content-type': PDF_TYPE, 'content-length': String(pdf.length) },
      });
      req.on('error', () => resolve());
      req.write(pdf.subarray(0, 40_000), () => setTimeout(() => (req.destroy(), resolve()), 200));
    });
    await eventually(async () => (await call(api, 'GET', `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-22`)).status === 200, 2000);
    const doc = await call(api, 'GET', `/api/meetings/${m.code}/documents/UNEP-MC-COP.6-22`);
    expect(doc.body.languages.map((l: { language: string }) => l.language)).toEqual(['en']);
    expect(await keys()).toEqual(before);
  });
});
