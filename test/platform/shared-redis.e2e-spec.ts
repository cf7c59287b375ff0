import { LiveEvents, type ChangeEvent } from '@cop/contracts';
import { TestContext } from '../support/fixtures';
import { call, closeDb, connectLive, eventually, privateRedis, spawnApi, tag } from '../support/harness';

/**
 * Two deployments (say staging and a training instance) on one Redis: each keeps its own
 * LIVE_CHANNEL_PREFIX, as its queues keep theirs, and hears only its own broadcasts. Here both
 * share the test database too, so the same meeting exists in each and only Redis could leak.
 */
describe('deployments sharing one Redis', () => {
  afterAll(closeDb);

  it('do not receive each other’s change feed broadcasts', async () => {
    const redis = await privateRedis();
    const a = await spawnApi({ REDIS_URL: redis.url, LIVE_CHANNEL_PREFIX: `cop-a-${tag()}`, LIVE_HEAD_INTERVAL_MS: '60000' });
    const b = await spawnApi({ REDIS_URL: redis.url, LIVE_CHANNEL_PREFIX: `cop-b-${tag()}`, LIVE_HEAD_INTERVAL_MS: '60000' });
    const atA = connectLive(a.url);
    const atB = connectLive(b.url);
    try {
      const ctx = await TestContext.on({ url: b.url });
      const sec = ctx.sec;
      const m = await ctx.newMeeting();
      const heard = { a: [] as ChangeEvent[], b: [] as ChangeEvent[] };
      atA.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => heard.a.push(c));
      atB.on(LiveEvents.CalendarChanged, (c: ChangeEvent) => heard.b.push(c));
      await Promise.all(
        [atA, atB].map((s) => {
          const subscribed = new Promise((r) => s.once(LiveEvents.Subscribed, r));
          s.emit(LiveEvents.Subscribe, { meeting: m.code });
          return subscribed;
        }),
      );
      const write = (url: string, hour: number) =>
        call(url, 'POST', `/api/meetings/${m.code}/sessions`, {
          token: sec.token,
          body: {
            type: 'plenary',
            title: { en: `Plenary ${hour}` },
            roomId: m.rooms[0].id,
            startsAt: `2025-11-03T${hour}:00`,
            endsAt: `2025-11-03T${hour}:45`,
          },
        });
      expect((await write(b.url, 10)).status).toBe(201);
      await eventually(() => heard.b.length === 1, 2000, 'B’s own client');
      await new Promise((r) => setTimeout(r, 500));
      expect(heard.a).toEqual([]);
      // A's own writes still reach A's clients: the feed works, it just is not B's.
      expect((await write(a.url, 11)).status).toBe(201);
      await eventually(() => heard.a.length === 1, 2000, 'A’s own client');
      await new Promise((r) => setTimeout(r, 300));
      expect(heard.a.map((c) => c.session && 'title' in c.session && c.session.title.en)).toEqual(['Plenary 11']);
      expect(heard.b.map((c) => c.session && 'title' in c.session && c.session.title.en)).toEqual(['Plenary 10']);
    } finally {
      atA.disconnect();
      atB.disconnect();
      await Promise.all([a.stop(), b.stop()]);
      await redis.kill();
    }
  }, 90_000);
});
