// Fastify's own resolver of client addresses (a dependency of fastify), so sockets and REST agree.
import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io';
import type { AppConfig } from '../config/config';

const WINDOW_SECONDS = 5;
/** Past this many budgets in one window a socket is dropped rather than refused. */
const FLOOD_BUDGETS = 3;

/** Where the adapter leaves a socket's client address (the upgrade request itself is dropped). */
export interface AddressedConnection {
  clientAddress?: string;
}

/** The client's address of an upgrade request: the peer, or what the proxy hops trusted for REST (TRUST_PROXY) say it is. */
export function clientAddressOf(trust: AppConfig['TRUST_PROXY']): (req: IncomingMessage) => string {
  const trusted =
    trust === false
      ? () => false
      : typeof trust === 'number'
        ? (_addr: string, hop: number) => hop < trust
        : proxyAddr.compile(trust.split(/\s*,\s*/));
  return (req) => proxyAddr(req, trusted);
}

/**
 * What one client may ask of the feed. A subscribe costs queries and a replay, so each socket
 * has a budget of them per minute (the portal re-subscribes at most once a second); a socket
 * follows a few meetings, not all of them; and one address holds a bounded number of sockets,
 * high enough for a venue's delegates behind one NAT.
 */
export class FeedLimits {
  private readonly subscribes: RateLimiterMemory;
  private readonly socketsByAddress = new Map<string, number>();

  constructor(private readonly config: AppConfig) {
    // Counted in windows of a few seconds, so a burst is a handful of subscribes, not a minute's worth at once.
    const points = Math.max(1, Math.round((config.LIVE_SUBSCRIBES_PER_MINUTE * WINDOW_SECONDS) / 60));
    this.subscribes = new RateLimiterMemory({ keyPrefix: 'feed-subscribe', points, duration: WINDOW_SECONDS });
  }

  /** The client's address, as the adapter resolved it at the upgrade. */
  addressOf(socket: Socket): string {
    return (socket.conn as unknown as AddressedConnection).clientAddress ?? socket.handshake.address;
  }

  /** Counts a new socket of `address`; false (and not counted) when the address holds its share already. */
  admit(address: string): boolean {
    const open = this.socketsByAddress.get(address) ?? 0;
    if (open >= this.config.LIVE_SOCKETS_PER_ADDRESS) return false;
    this.socketsByAddress.set(address, open + 1);
    return true;
  }

  release(address: string, socketId: string): void {
    const open = (this.socketsByAddress.get(address) ?? 1) - 1;
    if (open > 0) this.socketsByAddress.set(address, open);
    else this.socketsByAddress.delete(address);
    void this.subscribes.delete(socketId);
  }

  /**
   * Takes one subscribe from the socket's budget: null when allowed; else the ms until it may try
   * again, whether this is the first refusal of the window (to say so once), and whether the
   * socket is so far over (several budgets at once) that it is not a client catching up.
   */
  async takeSubscribe(socketId: string): Promise<null | { retryAfterMs: number; first: boolean; flooding: boolean }> {
    try {
      await this.subscribes.consume(socketId, 1);
      return null;
    } catch (e) {
      if (e instanceof Error) throw e;
      const { msBeforeNext, consumedPoints } = e as { msBeforeNext: number; consumedPoints: number };
      const budget = this.subscribes.points;
      return { retryAfterMs: msBeforeNext, first: consumedPoints === budget + 1, flooding: consumedPoints > FLOOD_BUDGETS * budget };
    }
  }

  /** Whether following `meeting` too would take the socket past its number of meetings. */
  tooManyMeetings(followed: Iterable<string>, meeting: string): boolean {
    const meetings = new Set(followed);
    return !meetings.has(meeting) && meetings.size >= this.config.LIVE_MEETINGS_PER_SOCKET;
  }
}
