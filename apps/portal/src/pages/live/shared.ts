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
