import { call, startApi, type RunningApi } from '../support/harness';
import { PORTAL_DIR } from '../support/portal-build';

/** What a browser on a venue LAN gets: a working portal over http, the portal's pages for wrong addresses. */
describe('security headers by deployment, and addresses no route has', () => {
  const apis: RunningApi[] = [];
  afterAll(async () => {
    for (const api of apis) await api.close();
  });
  const start = async (overrides: Record<string, string>) => {
    const api = await startApi({ PORTAL_DIR, ...overrides });
    apis.push(api);
    return api;
  };

  it('sends upgrade-insecure-requests and HSTS only when PUBLIC_URL is https', async () => {
    const lan = await start({ PUBLIC_URL: 'http://10.20.30.40:3000' });
    const page = await fetch(`${lan.url}/meetings`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(page.headers.get('strict-transport-security')).toBeNull();

    const secure = await start({ PUBLIC_URL: 'https://meetings.example.org' });
    const headers = (await fetch(`${secure.url}/meetings`)).headers;
    expect(headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    expect(headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('answers a mistyped page address with the portal (404), and API addresses with JSON', async () => {
    const api = await start({});
    const page = await fetch(`${api.url}/meetingz/mc-cop-6`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<script[^>]+type="module"/);
    const json = await call(api, 'GET', '/meetingz/mc-cop-6');
    expect(json.status).toBe(404);
    expect(json.body).toMatchObject({ statusCode: 404 });
    const apiMiss = await fetch(`${api.url}/api/no-such-thing`, { headers: { accept: 'text/html' } });
    expect(apiMiss.status).toBe(404);
    expect(apiMiss.headers.get('content-type')).toMatch(/application\/json/);
  });
});
