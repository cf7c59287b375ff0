import { STREAM_CHANNELS, LiveEvents, type ChangeEvent } from '@cop/contracts';
import { TestContext } from '../support/fixtures';
import { call, connectLive, type RunningApi } from '../support/harness';

/** The calendar's promise to viewers is one second from the secretariat's click; the stream keeps it too. */
describe('stream status on the change feed', () => {
  let ctx: TestContext;
  let api: RunningApi;
  afterAll(() => ctx?.close());

  it('reaches a subscribed socket within a second of the write, every time', async () => {
    // The default settings, as a deployment runs them.
    ctx = await TestContext.start();
    ({ api } = ctx);
    const sec = ctx.sec;
    const m = await ctx.newMeeting();
    const created = await call(api, 'POST', `/api/meetings/${m.code}/streams`, {
      token: sec.token,
      body: {
        name: 'Plenary',
        masterUrl: '/media/vod/master.m3u8',
        channels: STREAM_CHANNELS.map((code) => ({ code, audioOnlyUrl: `/media/vod/${code}/index.m3u8` })),
      },
    });
    expect(created.status).toBe(201);
    const socket = connectLive(api.url);
    try {
      const arrivals: { status: string; at: number }[] = [];
      socket.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => {
        if (c.kind === 'stream.status' && c.stream) arrivals.push({ status: c.stream.status, at: performance.now() });
      });
      const subscribed = new Promise((r) => socket.once(LiveEvents.Subscribed, r));
      socket.emit(LiveEvents.Subscribe, { meeting: m.code });
      await subscribed;

      const delays: number[] = [];
      let revision = created.body.revision as number;
      for (const status of ['live', 'paused', 'live', 'paused', 'live', 'ended']) {
        const sent = performance.now();
        const res = await call(api, 'PATCH', `/api/meetings/${m.code}/streams/${created.body.id}/status`, {
          token: sec.token,
          body: { status },
          headers: { 'if-match': `"${revision}"` },
        });
        expect(res.status).toBe(200);
        revision = res.body.revision;
        const until = sent + 3000;
        while (!arrivals.some((a) => a.at >= sent && a.status === status) && performance.now() < until)
          await new Promise((r) => setTimeout(r, 5));
        const got = arrivals.find((a) => a.at >= sent && a.status === status);
        delays.push(got ? got.at - sent : Infinity);
      }
      expect(Math.max(...delays)).toBeLessThan(1000);
    } finally {
      socket.disconnect();
    }
  });
});
