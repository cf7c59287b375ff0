import type { SessionStatus, StreamStatus } from '@cop/contracts';

/**
 * How the calendar follows the stream. The session on air shows "Live" on the schedule (and in
 * the ICS feed) because its own status becomes `live`, written in the same transaction as the
 * stream's status, so every client of the calendar sees it without knowing about streams.
 *
 * Returns the status the session on air should take, or null to leave it alone.
 */
export function onAirSessionStatus(stream: StreamStatus, session: SessionStatus): SessionStatus | null {
  if (session === 'cancelled') return null;
  switch (stream) {
    case 'live':
    case 'paused': // a recess: the session is still under way
      return session === 'live' ? null : 'live';
    case 'ended':
      return session === 'live' ? 'concluded' : null;
    case 'scheduled': // set back (a mistake undone): the session has not started after all
      return session === 'live' ? 'scheduled' : null;
  }
}

/** A live session that another one replaces on air is over. */
export function offAirSessionStatus(session: SessionStatus): SessionStatus | null {
  return session === 'live' ? 'concluded' : null;
}
