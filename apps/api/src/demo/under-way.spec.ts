import { DateTime } from 'luxon';
import { demoWeek } from './under-way';

const ZONE = 'Europe/Zurich';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();

describe('the demo week under way', () => {
  it.each(['2026-12-03T10:30', '2026-12-03T14:00', '2026-12-03T23:30', '2026-12-03T09:50', '2026-12-04T02:10', '2026-03-29T16:00'])(
    'at %s: today in the middle, one plenary on air, the past concluded, a cancellation and a postponement ahead',
    (local) => {
      const now = at(local);
      const week = demoWeek(ZONE, { now });
      const today = DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;
      expect(week.days[2]).toBe(today);
      expect(week.days).toHaveLength(5);

      const live = week.sessions.filter((s) => s.status === 'live');
      expect(live).toHaveLength(1);
      expect(live[0]).toBe(week.onAir);
      expect(live[0]).toMatchObject({ type: 'plenary', room: 'Room 1 (Plenary hall)', visibility: 'public' });
      expect(+live[0].startsAt).toBeLessThanOrEqual(+now);
      expect(+live[0].endsAt).toBeGreaterThan(+now);
      expect(live[0].agenda.length).toBeGreaterThan(0);

      for (const s of week.sessions) {
        if (s.endsAt <= now) expect(s.status).toBe('concluded');
        else expect(s.status).not.toBe('concluded');
        expect(+s.endsAt).toBeGreaterThan(+s.startsAt);
      }
      const ahead = week.sessions.filter((s) => s.startsAt > now);
      expect(ahead.filter((s) => s.status === 'cancelled' && s.statusReason)).toHaveLength(1);
      expect(ahead.filter((s) => s.status === 'postponed' && s.statusReason)).toHaveLength(1);
      expect(ahead.some((s) => s.status === 'scheduled' && s.type === 'plenary')).toBe(true);

      // No two sessions in the plenary hall at once.
      const hall = week.sessions.filter((s) => s.room === 'Room 1 (Plenary hall)').sort((a, b) => +a.startsAt - +b.startsAt);
      for (let i = 1; i < hall.length; i++) expect(+hall[i].startsAt).toBeGreaterThanOrEqual(+hall[i - 1].endsAt);
    },
  );

  it('keeps the historical week, as scheduled, with firstDay', () => {
    const week = demoWeek(ZONE, { firstDay: '2025-11-03' });
    expect(week.days).toEqual(['2025-11-03', '2025-11-04', '2025-11-05', '2025-11-06', '2025-11-07']);
    expect(new Set(week.sessions.map((s) => s.status))).toEqual(new Set(['scheduled']));
    expect(week.onAir).toBeNull();
  });
});
