import type { RoomDto } from '@cop/contracts';
import type { Db } from '../database/db';

/** A room row as PostgreSQL returns it (without its meeting). */
export interface RoomRow {
  id: string;
  name: string;
  capacity: number | null;
}

export const toRoomDto = (r: RoomRow): RoomDto => ({ id: r.id, name: r.name, capacity: r.capacity });

/** The meeting's rooms by name. */
export function listRooms(db: Db, meetingId: string): Promise<RoomRow[]> {
  return db.query<RoomRow[]>('SELECT id, name, capacity FROM room WHERE meeting_id = $1 ORDER BY name', [meetingId]);
}

export async function findRoom(db: Db, meetingId: string, id: string): Promise<RoomRow | null> {
  const rows = await db.query<RoomRow[]>('SELECT id, name, capacity FROM room WHERE id = $1 AND meeting_id = $2', [id, meetingId]);
  return rows[0] ?? null;
}

export async function roomExists(db: Db, meetingId: string, id: string): Promise<boolean> {
  return (await findRoom(db, meetingId, id)) !== null;
}

/** A new room; fails with a unique violation when the meeting has a room of that name. */
export async function insertRoom(db: Db, meetingId: string, room: Omit<RoomRow, 'id'>): Promise<RoomRow> {
  const [row] = await db.query<RoomRow[]>(
    'INSERT INTO room (meeting_id, name, capacity) VALUES ($1, $2, $3) RETURNING id, name, capacity',
    [meetingId, room.name, room.capacity],
  );
  return row;
}

/** Renames or resizes a room; fails with a unique violation when the name is taken. */
export async function updateRoom(db: Db, room: RoomRow): Promise<void> {
  await db.query('UPDATE room SET name = $2, capacity = $3 WHERE id = $1', [room.id, room.name, room.capacity]);
}

export async function deleteRoom(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM room WHERE id = $1', [id]);
}

/** How many sessions (of any status) are in the room. */
export async function countRoomSessions(db: Db, roomId: string): Promise<number> {
  const [{ n }] = await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM calendar_session WHERE room_id = $1', [roomId]);
  return n;
}
