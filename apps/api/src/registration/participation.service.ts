import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * "Approved participant of meeting M", from registrations. This is what access to
 * participants-only calendar sessions and documents should ask (see the README / issue 3 report):
 * a caller is a participant of M when they are secretariat, or hold an approved registration
 * for M linked to their account.
 */
@Injectable()
export class ParticipationService {
  constructor(private readonly ds: DataSource) {}

  async isApprovedParticipant(userId: string, meetingId: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM registration WHERE user_id = $1 AND meeting_id = $2 AND status = 'approved' LIMIT 1`, [
      userId,
      meetingId,
    ]);
    return rows.length > 0;
  }

  /** The same by meeting code (what controllers and the live gateway have at hand). */
  async isApprovedParticipantByCode(userId: string, meetingCode: string): Promise<boolean> {
    const rows = await this.ds.query(
      `SELECT 1 FROM registration r JOIN meeting m ON m.id = r.meeting_id WHERE r.user_id = $1 AND m.code = $2 AND r.status = 'approved' LIMIT 1`,
      [userId, meetingCode],
    );
    return rows.length > 0;
  }

  /** Codes of the meetings the user is an approved participant of. */
  async meetingsOf(userId: string): Promise<string[]> {
    const rows: { code: string }[] = await this.ds.query(
      `SELECT m.code FROM registration r JOIN meeting m ON m.id = r.meeting_id WHERE r.user_id = $1 AND r.status = 'approved' ORDER BY m.start_date`,
      [userId],
    );
    return rows.map((r) => r.code);
  }
}
