import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { createRedis } from '../redis/redis.module';

/**
 * socket.io tuned for fan-out to thousands of sockets per process, sharing broadcasts with the
 * other api processes through Redis. PostgreSQL stays the truth: if Redis is away, clients
 * notice through `feed.head` and catch up from the change feed.
 */
export class RedisIoAdapter extends IoAdapter {
  private clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
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
    });
    const pub = createRedis(this.redisUrl, 'cop-io-pub', true);
    const sub = pub.duplicate();
    sub.on('error', () => undefined);
    this.clients = [pub, sub];
    server.adapter(createAdapter(pub, sub, { key: 'cop-live' }));
    // The upgrade request is not needed after the handshake (the token travels in `auth`);
    // dropping it saves several kB per connection.
    server.engine.on('connection', (raw: { request: unknown }) => {
      raw.request = null;
    });
    return server;
  }

  async close(server: Server): Promise<void> {
    await super.close(server);
    for (const c of this.clients) c.disconnect();
  }
}
