import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { TestContext, type FocalPoint } from '../support/fixtures';
import { spawnApi, type ApiProcess } from '../support/harness';

/**
 * A file body is read only after its route has accepted the caller, the meeting and the declared
 * size: an anonymous 9 MB letter costs the api nothing but the refusal.
 */
describe('uploads are refused before their body is read', () => {
  const NINE_MB = 9_000_009;
  let setup: TestContext;
  let api: ApiProcess;
  let meeting: string;
  let fp: FocalPoint;

  beforeAll(async () => {
    setup = await TestContext.start();
    meeting = (await setup.newMeeting()).code;
    fp = await setup.newPartyFocalPoint();
    api = await spawnApi({ NODE_ENV: 'production' });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await setup?.close();
  });

  const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

  /**
   * Declares a 9 MB PDF body, sends its first 64 KiB and then waits: the answer must come while
   * almost all of the body is still unsent. Resolves with the status and the bytes sent by then.
   */
  function startUpload(path: string, headers: Record<string, string> = {}): Promise<{ status: number; sent: number; body: string }> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      const req = request(`${api.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', 'content-length': String(NINE_MB), ...headers },
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          resolve({ status: res.statusCode!, sent, body });
          req.destroy();
        });
      });
      req.on('error', (e) => (sent ? undefined : reject(e)));
      const chunk = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64 * 1024 - 9, 0x20)]);
      req.write(chunk, () => (sent += chunk.length));
    });
  }

  it('answers 30 anonymous 9 MB letters with 401 at once, its memory flat', async () => {
    const before = rssOf(api.proc.pid!);
    const answers = await Promise.all(Array.from({ length: 30 }, () => startUpload(`/api/meetings/${meeting}/nomination-letters`)));
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.sent).toBeLessThan(NINE_MB / 10);
      expect(JSON.parse(a.body)).toMatchObject({ statusCode: 401 });
    }
    // Buffering them would have grown the api by 270 MB.
    expect(rssOf(api.proc.pid!) - before).toBeLessThan(60 * 1024 * 1024);
  });

  it('refuses an unknown meeting (404) and a declared size over the cap (413) before reading', async () => {
    const auth = { authorization: `Bearer ${fp.token}` };
    const unknown = await startUpload('/api/meetings/no-such-meeting/nomination-letters', auth);
    expect(unknown).toMatchObject({ status: 404 });
    expect(unknown.sent).toBeLessThan(NINE_MB / 10);
    const big = await startUpload(`/api/meetings/${meeting}/nomination-letters`, {
      ...auth,
      'content-length': String(64 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).message).toMatch(/limit/);
  });

  it('answers 400, not 500, to an X-Filename that is not percent-encoded UTF-8', async () => {
    const res = await fetch(`${api.url}/api/meetings/${meeting}/nomination-letters`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fp.token}`, 'content-type': 'application/pdf', 'x-filename': '%' },
      body: '%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/X-Filename/);
  });

  it('keeps refusing file bodies on routes that take none (415)', async () => {
    const res = await fetch(`${api.url}/api/meetings/${meeting}/nominations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fp.token}`, 'content-type': 'application/pdf' },
      body: '%PDF-1.7\n%%EOF\n',
    });
    expect(res.status).toBe(415);
  });
});
