import type { Role } from '@cop/contracts';
import type { Db } from '../database/db';

/** Marks every unused invitation of the user used: a new one replaces them. */
export async function retireInvitations(db: Db, userId: string): Promise<void> {
  await db.query('UPDATE invitation SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [userId]);
}

/** Stores an invitation (its token hashed) valid for `hours`; returns when it expires. */
export async function insertInvitation(
  db: Db,
  i: { tokenHash: string; userId: string; registrationId: string | null; hours: number },
): Promise<Date> {
  const [{ expires_at }] = await db.query<{ expires_at: Date }[]>(
    `INSERT INTO invitation (token_hash, user_id, registration_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))
     RETURNING expires_at`,
    [i.tokenHash, i.userId, i.registrationId, i.hours],
  );
  return expires_at;
}

/** An invitation with its account, as accepting it needs to judge it. */
export interface InvitationRow {
  user_id: string;
  used_at: Date | null;
  expired: boolean;
  email: string;
  role: Role;
  display_name: string;
  disabled_at: Date | null;
}

const INVITATION = `SELECT i.user_id, i.used_at, i.expires_at <= now() AS expired, u.email, u.role, u.display_name, u.disabled_at
  FROM invitation i JOIN app_user u ON u.id = i.user_id WHERE i.token_hash = $1`;

/** The invitation with this token hash, as it stands. */
export async function findInvitation(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await db.query<InvitationRow[]>(INVITATION, [tokenHash]);
  return row;
}

/** The invitation with this token hash, locked for the rest of the caller's transaction. */
export async function lockInvitation(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await db.query<InvitationRow[]>(`${INVITATION} FOR UPDATE OF i`, [tokenHash]);
  return row;
}

export async function useInvitation(db: Db, tokenHash: string): Promise<void> {
  await db.query('UPDATE invitation SET used_at = now() WHERE token_hash = $1', [tokenHash]);
}
