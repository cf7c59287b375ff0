import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import type { IncomingMessage } from 'node:http';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { AppConfig } from '../config/config';
import { createRedis } from '../redis/redis.module';
import { clientAddressOf, type AddressedConnection } from './feed-limits';

/**
 * socket.io tuned for fan-out to thousands of sockets per process, sharing broadcasts with the
 * other api processes through Redis. PostgreSQL stays the truth: if Redis is away, clients
 * notice through `feed.head` and catch up from the change feed. The adapter's channels carry
 * LIVE_CHANNEL_PREFIX, so deployments sharing one Redis never hear each other's broadcasts.
 */
export class RedisIoAdapter extends IoAdapter {
  private clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: Pick<AppConfig, 'REDIS_URL' | 'LIVE_CHANNEL_PREFIX' | 'TRUST_PROXY'>,
  ) {
    super(app);
  }

  createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      // WebSocket first; polling remains for networks that block WebSockets.
      transports: ['websocket', 'polling'],
      perMessageDeflate: false,
      httpCompression: false,
      cleanupEmptyChildNamespaces: true,
      serveClient: false,
      pingInterval: 25_000,
      pingTimeout: 20_000,
      // A client only ever sends `subscribe { meeting, since }`: a few hundred bytes at most.
      maxHttpBufferSize: 4096,
    });
    const pub = createRedis(this.config.REDIS_URL, 'cop-io-pub', true);
    const sub = withHandledSubscriptions(pub.duplicate());
    sub.on('error', () => undefined);
    this.clients = [pub, sub];
    server.adapter(createAdapter(pub, sub, { key: `${this.config.LIVE_CHANNEL_PREFIX}-live` }));
    // The upgrade request is not needed after the handshake (the token travels in `auth`);
    // dropping it saves several kB per connection. The client's address is kept, to bound sockets per address.
    const clientAddress = clientAddressOf(this.config.TRUST_PROXY);
    server.engine.on('connection', (raw: AddressedConnection & { request: IncomingMessage | null }) => {
      if (raw.request) raw.clientAddress = clientAddress(raw.request);
      raw.request = null;
    });
    return server;
  }

  /**
   * One plain listener per gateway message instead of Nest's RxJS chain per socket (fromEvent,
   * mergeMap, takeUntil(disconnect$) and their subscriptions): the same replies and acks, about
   * 7 kB less heap per connection, which at 10,000 sockets is less for the GC to walk while a
   * broadcast goes out. socket.io drops a socket's listeners with the socket.
   */
  bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args);
        transform(callback(data, ack)).subscribe((response) => {
          if (response === null || response === undefined) return;
          const reply = response as { event?: string; data?: unknown };
          if (reply.event) socket.emit(reply.event, reply.data);
          else if (!isAckHandledManually && typeof ack === 'function') (ack as (r: unknown) => void)(response);
        });
      });
    }
  }

  async close(server: Server): Promise<void> {
    await super.close(server);
    for (const c of this.clients) c.disconnect();
  }
}

/**
 * The adapter (un)subscribes without awaiting the promises. When the server closes, or starts
 * and closes at once, those commands are still in flight as the client disconnects, and their
 * "Connection is closed" rejections would be unhandled. They need no handling: the adapter
 * subscribes again when the client reconnects, and a closing server unsubscribes anyway.
 */
function withHandledSubscriptions(client: Redis): Redis {
  for (const name of ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe'] as const) {
    const command = client[name].bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const reply = command(...args);
      reply.catch(() => undefined);
      return reply;
    };
  }
  return client;
}
