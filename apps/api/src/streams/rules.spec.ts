import { streamTransitionProblem } from '@cop/contracts';
import { offAirSessionStatus, onAirSessionStatus } from './rules';

describe('stream rules', () => {
  it('makes the session on air live while the stream is live or paused', () => {
    expect(onAirSessionStatus('live', 'scheduled')).toBe('live');
    expect(onAirSessionStatus('live', 'postponed')).toBe('live');
    expect(onAirSessionStatus('live', 'live')).toBeNull();
    expect(onAirSessionStatus('paused', 'scheduled')).toBe('live');
    expect(onAirSessionStatus('paused', 'live')).toBeNull();
  });

  it('concludes it when the stream ends, and sets it back when the stream is set back to scheduled', () => {
    expect(onAirSessionStatus('ended', 'live')).toBe('concluded');
    expect(onAirSessionStatus('ended', 'scheduled')).toBeNull();
    expect(onAirSessionStatus('scheduled', 'live')).toBe('scheduled');
    expect(onAirSessionStatus('scheduled', 'scheduled')).toBeNull();
  });

  it('never touches a cancelled session', () => {
    for (const s of ['scheduled', 'live', 'paused', 'ended'] as const) expect(onAirSessionStatus(s, 'cancelled')).toBeNull();
  });

  it('concludes a live session taken off the air', () => {
    expect(offAirSessionStatus('live')).toBe('concluded');
    expect(offAirSessionStatus('scheduled')).toBeNull();
  });

  it('pauses only a live stream', () => {
    expect(streamTransitionProblem('live', 'paused')).toBeNull();
    expect(streamTransitionProblem('paused', 'paused')).toBeNull();
    expect(streamTransitionProblem('scheduled', 'paused')).toMatch(/cannot be paused/);
    expect(streamTransitionProblem('ended', 'paused')).toMatch(/cannot be paused/);
    expect(streamTransitionProblem('ended', 'live')).toBeNull();
    expect(streamTransitionProblem('scheduled', 'ended')).toBeNull();
  });
});
