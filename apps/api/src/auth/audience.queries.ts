import type { Db } from '../database/db';

/** Whether the user holds an approved registration for the meeting with this code. */
export async function isApprovedParticipant(db: Db, userId: string, meetingCode: string): Promise<boolean> {
  const rows = await db.query<unknown[]>(
    `SELECT 1 FROM registration r JOIN meeting m ON m.id = r.meeting_id
      WHERE r.user_id = $1 AND m.code = $2 AND r.status = 'approved' LIMIT 1`,
    [userId, meetingCode],
  );
  return rows.length > 0;
}
