import { STREAM_CHANNELS } from '@cop/contracts';
import type { Db } from '../database/db';
import { insertStream, setOnAir } from '../streams/stream.queries';

/**
 * The demo's plenary stream points at the sample stream `npm run media:sample` keeps running
 * under MEDIA_DIR/live, which the api serves at /media/ in development. In production a stream
 * points at the venue encoder's or the CDN's URLs instead.
 */
export const DEMO_STREAM = {
  name: 'Plenary — Room 1',
  room: 'Room 1 (Plenary hall)',
  masterUrl: '/media/live/master.m3u8',
  channels: STREAM_CHANNELS.map((code) => ({ code, lang: code === 'floor' ? null : code, audioOnlyUrl: `/media/live/${code}/index.m3u8` })),
};

/** Adds the plenary stream to the freshly seeded demo meeting: live with the plenary under way, if one is. */
export async function seedDemoStream(
  db: Db,
  meetingId: string,
  rooms: Map<string, string>,
  onAir: { sessionId: string; agendaItemId: string | null } | null,
): Promise<void> {
  const id = await insertStream(db, meetingId, {
    name: DEMO_STREAM.name,
    roomId: rooms.get(DEMO_STREAM.room) ?? null,
    masterUrl: DEMO_STREAM.masterUrl,
    channels: DEMO_STREAM.channels,
  });
  if (onAir) await setOnAir(db, id, { status: 'live', ...onAir });
}
