import { randomUUID } from 'node:crypto';
import { SessionsService } from '../../apps/api/src/calendar/sessions.service';
import { TestContext, type MeetingFixture } from '../support/fixtures';
import type { RunningApi } from '../support/harness';

/** Inputs an anonymous caller controls on the calendar's public reads. */
describe('calendar reads under made-up parameters', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let m: MeetingFixture;

  beforeAll(async () => {
    ctx = await TestContext.start();
    api = ctx.api;
    m = await ctx.newMeeting();
    await ctx.newSession(m.code, {
      type: 'plenary',
      title: { en: 'Opening plenary' },
      roomId: m.rooms[0].id,
      startsAt: '2025-11-03T10:00',
      endsAt: '2025-11-03T13:00',
    });
  });
  afterAll(() => ctx.close());

  it('keeps the schedule view cached while thousands of made-up ?room= values are asked for', async () => {
    const sessions = api.app.get(SessionsService);
    const first = await sessions.schedule(m.code, 'public', {});
    for (let i = 0; i < 2500; i++) await sessions.schedule(m.code, 'public', { room: randomUUID() });
    // The same cached representation, not one rebuilt after the cache was emptied.
    expect(await sessions.schedule(m.code, 'public', {})).toBe(first);
  });

  it('names the ICS file only for a meeting that exists', async () => {
    const missing = await fetch(`${api.url}/api/meetings/${encodeURIComponent('x"; filename="evil.exe')}/calendar.ics`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-disposition')).toBeNull();
    const ok = await fetch(`${api.url}/api/meetings/${m.code}/calendar.ics`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toBe(`inline; filename="${m.code}.ics"`);
  });
});
