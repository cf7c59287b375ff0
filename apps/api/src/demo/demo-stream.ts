import type { EntityManager } from 'typeorm';
import { STREAM_CHANNELS } from '@cop/contracts';

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

/** Adds the plenary stream (scheduled, nothing on air yet) to the freshly seeded demo meeting. */
export async function seedDemoStream(em: EntityManager, meetingId: string, rooms: Map<string, string>): Promise<void> {
  await em.query('INSERT INTO stream (meeting_id, name, room_id, master_url, channels) VALUES ($1, $2, $3, $4, $5::jsonb)', [
    meetingId,
    DEMO_STREAM.name,
    rooms.get(DEMO_STREAM.room) ?? null,
    DEMO_STREAM.masterUrl,
    JSON.stringify(DEMO_STREAM.channels),
  ]);
}
