import type { Role } from '@cop/contracts';
import type { Db } from '../database/db';

/** An app_user row as PostgreSQL returns it. */
export interface UserRow {
  id: string;
  /** Stored lower-cased; unique. */
  email: string;
  display_name: string;
  role: Role;
  /** An argon2id PHC string, or NO_PASSWORD while an invitation is pending. */
  password_hash: string;
  disabled_at: Date | null;
  created_at: Date;
}

/** An account as the rest of the api sees it (never its password hash). */
export interface Account {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  disabledAt: Date | null;
  createdAt: Date;
}

export function toAccount(r: UserRow): Account {
  return { id: r.id, email: r.email, role: r.role, displayName: r.display_name, disabledAt: r.disabled_at, createdAt: r.created_at };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.query<UserRow[]>('SELECT * FROM app_user WHERE email = $1', [email]);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.query<UserRow[]>('SELECT * FROM app_user WHERE id = $1', [id]);
  return row;
}

/** Inserts an account; a taken email fails with PostgreSQL's unique violation (23505). */
export async function insertUser(db: Db, u: { email: string; displayName: string; role: Role; passwordHash: string }): Promise<UserRow> {
  const [row] = await db.query<UserRow[]>(
    'INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1,$2,$3,$4) RETURNING *',
    [u.email, u.displayName, u.role, u.passwordHash],
  );
  return row;
}

/**
 * The account with this email, created (without a usable password) if there is none; a
 * concurrent creator of the same email makes both callers get the one row.
 */
export async function findOrInsertUser(
  db: Db,
  u: { email: string; displayName: string; role: Role; passwordHash: string },
): Promise<UserRow> {
  const existing = await findUserByEmail(db, u.email);
  if (existing) return existing;
  const [row] = await db.query<UserRow[]>(
    `INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1,$2,$3,$4)
     ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING *`,
    [u.email, u.displayName, u.role, u.passwordHash],
  );
  return row;
}

export async function setPasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE app_user SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.query<UserRow[]>('SELECT * FROM app_user ORDER BY email');
}
