import type { Db } from '../database/db';

/** Whether the database has neither accounts nor meetings: the demo loads only into such a one. */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  const [{ n }] = await db.query<{ n: string }[]>('SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM meeting) AS n');
  return Number(n) === 0;
}
