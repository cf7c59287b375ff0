import * as ical from 'node-ical';
import { TestContext, type MeetingFixture, type TestUser } from '../support/fixtures';
import { call, type RunningApi } from '../support/harness';

describe('calendar.ics', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let sec: TestUser;
  let m: MeetingFixture;

  beforeAll(async () => {
    ctx = await TestContext.start();
    ({ api, sec } = ctx);
    m = await ctx.newMeeting();
  });
  afterAll(() => ctx.close());

  it('is valid RFC 5545 with stable UIDs, SEQUENCE = revision, venue time zone and STATUS:CANCELLED', async () => {
    const body = (over: Record<string, unknown>) => ({
      type: 'plenary',
      title: { en: 'Plenary' },
      roomId: m.rooms[0].id,
      agendaItemIds: [m.agendaItems[1].id],
      ...over,
    });
    const plenary = (
      await call(api, 'POST', `/api/meetings/${m.code}/sessions`, {
        token: sec.token,
        body: body({ startsAt: '2025-11-03T10:00', endsAt: '2025-11-03T13:00' }),
      })
    ).body;
    const cancelled = (
      await call(api, 'POST', `/api/meetings/${m.code}/sessions`, {
        token: sec.token,
        body: body({ title: { en: 'Side event' }, startsAt: '2025-11-04T13:15', endsAt: '2025-11-04T14:45' }),
      })
    ).body;
    const hidden = (
      await call(api, 'POST', `/api/meetings/${m.code}/sessions`, {
        token: sec.token,
        body: body({ title: { en: 'Bureau' }, visibility: 'participants', startsAt: '2025-11-04T09:00', endsAt: '2025-11-04T09:45' }),
      })
    ).body;
    await call(api, 'PATCH', `/api/meetings/${m.code}/sessions/${plenary.id}`, {
      token: sec.token,
      headers: { 'if-match': '1' },
      body: { startsAt: '2025-11-03T10:30' },
    });
    await call(api, 'DELETE', `/api/meetings/${m.code}/sessions/${cancelled.id}`, { token: sec.token, headers: { 'if-match': '1' } });

    const res = await fetch(`${api.url}/api/meetings/${m.code}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await res.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich');
    expect(text).toMatch(/DTSTART;TZID=Europe\/Zurich:20251103T103000/);

    const parsed = Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
    const byUid = new Map(parsed.map((e) => [e.uid, e]));
    const host = new URL(api.url).hostname;
    const p = byUid.get(`${plenary.id}@${host === '127.0.0.1' ? 'localhost' : host}`) ?? parsed.find((e) => e.uid.startsWith(plenary.id))!;
    expect(p.uid.startsWith(`${plenary.id}@`)).toBe(true);
    expect(Number(p.sequence)).toBe(2);
    // 10:30 in Geneva in November (UTC+1) is 09:30 UTC.
    expect(p.start.toISOString()).toBe('2025-11-03T09:30:00.000Z');
    expect(p.end!.toISOString()).toBe('2025-11-03T12:00:00.000Z');
    expect(String(p.location)).toContain('Room 1');
    expect(String(p.description)).toContain('Agenda item 4 (a)');
    const c = parsed.find((e) => e.uid.startsWith(cancelled.id))!;
    expect(c.status).toBe('CANCELLED');
    expect(Number(c.sequence)).toBe(2);
    // Participants-only sessions are not in the public calendar...
    expect(parsed.find((e) => e.uid.startsWith(hidden.id))).toBeUndefined();
    // ...but are in the secretariat's.
    const full = await call(api, 'GET', `/api/meetings/${m.code}/calendar.ics`, { token: sec.token });
    expect(full.body).toContain(hidden.id);

    // UIDs stay stable across edits; ETag/304 works.
    const again = await fetch(`${api.url}/api/meetings/${m.code}/calendar.ics`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await call(api, 'GET', '/api/meetings/nope/calendar.ics')).status).toBe(404);
  });
});
