import { overlaps, parseInstant, timingProblems, venueDay, venueTime } from './rules';

const meeting = { timeZone: 'Europe/Zurich', startDate: '2025-11-03', endDate: '2025-11-07' };
const at = (iso: string) => parseInstant(iso, meeting.timeZone)!;

describe('calendar rules', () => {
  it('reads times without an offset in the venue zone and writes them with its offset', () => {
    expect(at('2025-11-03T10:00').toISOString()).toBe('2025-11-03T09:00:00.000Z');
    expect(at('2025-11-03T10:00:00Z').toISOString()).toBe('2025-11-03T10:00:00.000Z');
    expect(venueTime(at('2025-11-03T10:00'), meeting.timeZone)).toBe('2025-11-03T10:00:00+01:00');
    expect(venueTime(new Date('2025-07-01T08:00:00Z'), meeting.timeZone)).toBe('2025-07-01T10:00:00+02:00');
    expect(venueDay(new Date('2025-11-03T23:30:00Z'), meeting.timeZone)).toBe('2025-11-04');
    expect(parseInstant('2025-13-45T10:00', meeting.timeZone)).toBeNull();
  });

  it('requires the end after the start and both inside the meeting days', () => {
    expect(timingProblems(at('2025-11-03T10:00'), at('2025-11-03T13:00'), meeting)).toEqual([]);
    expect(timingProblems(at('2025-11-07T18:00'), at('2025-11-08T00:00'), meeting)).toEqual([]);
    expect(timingProblems(at('2025-11-03T13:00'), at('2025-11-03T10:00'), meeting)).toEqual([
      { field: 'endsAt', message: 'must be after startsAt' },
    ]);
    expect(timingProblems(at('2025-11-02T23:00'), at('2025-11-03T10:00'), meeting).map((p) => p.field)).toEqual(['startsAt']);
    expect(timingProblems(at('2025-11-07T22:00'), at('2025-11-08T01:00'), meeting).map((p) => p.field)).toEqual(['endsAt']);
  });

  it('treats sessions as half-open intervals when checking overlap', () => {
    const plenary = { startsAt: at('2025-11-03T10:00'), endsAt: at('2025-11-03T13:00') };
    expect(overlaps(plenary, { startsAt: at('2025-11-03T13:00'), endsAt: at('2025-11-03T14:00') })).toBe(false);
    expect(overlaps(plenary, { startsAt: at('2025-11-03T12:59'), endsAt: at('2025-11-03T14:00') })).toBe(true);
    expect(overlaps(plenary, { startsAt: at('2025-11-03T09:00'), endsAt: at('2025-11-03T18:00') })).toBe(true);
    expect(overlaps(plenary, { startsAt: at('2025-11-03T08:00'), endsAt: at('2025-11-03T10:00') })).toBe(false);
  });
});
