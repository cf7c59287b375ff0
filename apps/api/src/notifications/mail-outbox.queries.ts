import type { Db } from '../database/db';
import type { MailTemplate, MailVars } from './templates';

/** A mail as the outbox stores it until the worker has sent it. */
export interface OutboxMailRow {
  template: MailTemplate;
  language: string;
  recipient: string;
  vars: MailVars;
  sent_at: Date | null;
}

export async function insertMail(
  db: Db,
  m: { template: MailTemplate; language: string; recipient: string; vars: MailVars; registrationId: string | null },
): Promise<string> {
  const [{ id }] = await db.query<{ id: string }[]>(
    'INSERT INTO mail_outbox (template, language, recipient, vars, registration_id) VALUES ($1,$2,$3,$4,$5) RETURNING id',
    [m.template, m.language, m.recipient, JSON.stringify(m.vars), m.registrationId],
  );
  return id;
}

export async function findMail(db: Db, id: string): Promise<OutboxMailRow | undefined> {
  const [row] = await db.query<OutboxMailRow[]>('SELECT template, language, recipient, vars, sent_at FROM mail_outbox WHERE id = $1', [id]);
  return row;
}

export async function markQueued(db: Db, ids: string[]): Promise<void> {
  await db.query('UPDATE mail_outbox SET queued_at = now() WHERE id = ANY($1) AND queued_at IS NULL', [ids]);
}

/** Rows a crash or a Redis outage left unqueued, locked (SKIP LOCKED) for the caller's transaction. */
export async function lockUnqueuedMail(db: Db, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }[]>(
    `SELECT id FROM mail_outbox WHERE queued_at IS NULL AND sent_at IS NULL AND created_at < now() - interval '2 seconds'
      ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((r) => r.id);
}

/** The vars that grant access (an invitation link and its expiry): kept only until the mail has left. */
export const SECRET_MAIL_VARS = ['link', 'expires'] as const;

/** Marks the mail sent and drops its secret vars: the recipient's copy is the only one left. */
export async function markSent(db: Db, id: string): Promise<void> {
  await db.query(
    'UPDATE mail_outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL, vars = vars - $2::text[] WHERE id = $1',
    [id, SECRET_MAIL_VARS],
  );
}

/** Counts a failed attempt; on the last one (`givenUp`) the secret vars go too, as nothing will send them. */
export async function markFailedAttempt(db: Db, id: string, error: string, givenUp = false): Promise<void> {
  await db.query(
    `UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2,
       vars = CASE WHEN $3::boolean THEN vars - $4::text[] ELSE vars END WHERE id = $1`,
    [id, error.slice(0, 500), givenUp, SECRET_MAIL_VARS],
  );
}
