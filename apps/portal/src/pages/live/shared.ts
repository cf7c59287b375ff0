import type { SessionDto } from '@cop/contracts/calendar';
import type { StreamDto, StreamStatus } from '@cop/contracts/streams';
import type { MessageKey } from '../../i18n';

export interface LiveHooks {
  retry(): void;
}

export const STATUS_KEYS: Record<StreamStatus, MessageKey> = {
  scheduled: 'live.status.scheduled',
  live: 'live.status.live',
  paused: 'live.status.paused',
  ended: 'live.status.ended',
};

/** On air: the player plays (a suspended meeting keeps its stream open). */
export const isOnAir = (stream: StreamDto): boolean => stream.status === 'live' || stream.status === 'paused';

/**
 * What a viewer is told about a stream, the same words on the live page's heading, its tabs, its
 * stage and the stream console: a stream the secretariat left "scheduled" is "starting soon"
 * when a session is coming up in its room, else "offline" (never "scheduled" beside "offline").
 */
export type ViewerState = 'live' | 'paused' | 'ended' | 'starting-soon' | 'offline';

export const VIEWER_STATE_KEYS: Record<ViewerState, MessageKey> = {
  live: 'live.status.live',
  paused: 'live.status.paused',
  ended: 'live.status.ended',
  'starting-soon': 'live.startingSoon',
  offline: 'live.offline',
};

export function viewerState(stream: StreamDto, sessions: ReadonlyMap<string, SessionDto>): ViewerState {
  if (stream.status !== 'scheduled') return stream.status;
  return nextSession(stream, sessions) ? 'starting-soon' : 'offline';
}

/** The next session in the stream's room (or the next plenary) that has not ended. */
export function nextSession(stream: StreamDto, sessions: ReadonlyMap<string, SessionDto>): SessionDto | null {
  const now = Date.now();
  const roomId = stream.room?.id;
  const candidates = [...sessions.values()]
    .filter((s) => (roomId ? s.room.id === roomId : s.type === 'plenary'))
    .filter((s) => s.status !== 'cancelled' && s.status !== 'concluded' && Date.parse(s.endsAt) > now)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  return candidates[0] ?? null;
}
