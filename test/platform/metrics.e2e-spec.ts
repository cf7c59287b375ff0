import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { TestContext } from '../support/fixtures';
import { call, startApi, type RunningApi } from '../support/harness';

const TOKEN = 'metrics-token-for-the-test-run';

describe('/metrics', () => {
  let api: RunningApi;
  let bare: RunningApi;
  beforeAll(async () => {
    [api, bare] = await Promise.all([startApi({ METRICS_TOKEN: TOKEN }), startApi()]);
  });
  afterAll(() => Promise.all([api?.close(), bare?.close()]));

  const scrape = async () => {
    const res = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return parsePrometheusTextFormat(await res.text());
  };
  const family = (all: ReturnType<typeof parsePrometheusTextFormat>, name: string) => all.find((f) => f.name === name);

  it('is never public: 401 without the token or with a wrong one, absent without METRICS_TOKEN', async () => {
    expect((await call(api, 'GET', '/metrics')).status).toBe(401);
    expect((await call(api, 'GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await call(bare, 'GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('counts requests by route template and status, login failures, and process metrics', async () => {
    const ctx = await TestContext.on(api);
    const m = await ctx.newMeeting();
    const countOf = (all: ReturnType<typeof parsePrometheusTextFormat>, route: string, status: string) =>
      Number(
        family(all, 'cop_http_requests_total')?.metrics.find(
          (s) => s.labels?.route === route && s.labels?.status === status && s.labels?.method === 'GET',
        )?.value ?? 0,
      );
    const failures = (all: ReturnType<typeof parsePrometheusTextFormat>) =>
      Number(family(all, 'cop_login_failures_total')?.metrics[0]?.value ?? 0);
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await call(api, 'GET', `/api/meetings/${m.code}`)).status).toBe(200);
    expect((await call(api, 'GET', '/api/meetings/no-such-meeting')).status).toBe(404);
    const wrong = await call(api, 'POST', '/api/auth/login', {
      body: { email: 'nobody@example.org', password: 'wrong' },
      headers: { 'x-forwarded-for': '10.77.1.2' },
    });
    expect(wrong.status).toBe(401);
    const after = await scrape();
    expect(countOf(after, '/api/meetings/:code', '200') - countOf(before, '/api/meetings/:code', '200')).toBe(3);
    expect(countOf(after, '/api/meetings/:code', '404') - countOf(before, '/api/meetings/:code', '404')).toBe(1);
    expect(after.some((f) => f.metrics.some((s) => s.labels?.route?.includes('no-such-meeting')))).toBe(false);
    expect(failures(after) - failures(before)).toBe(1);
    expect(family(after, 'cop_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(family(after, 'process_cpu_user_seconds_total')?.type).toBe('COUNTER');
    await ctx.close();
  });
});
