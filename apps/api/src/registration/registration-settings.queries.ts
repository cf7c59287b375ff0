import type { Db } from '../database/db';

/** A meeting's registration_settings row; a meeting without one has no deadline, quotas or public list. */
export interface SettingsRow {
  meeting_id: string;
  deadline: Date | null;
  per_party_quota: number | null;
  per_category_quota: Record<string, number>;
  public_list_published_at: Date | null;
  updated_at: Date;
}

export async function findSettings(db: Db, meetingId: string): Promise<SettingsRow | undefined> {
  const [row] = await db.query<SettingsRow[]>('SELECT * FROM registration_settings WHERE meeting_id = $1', [meetingId]);
  return row;
}

/** What an update sets; a field left undefined keeps its value. */
export interface SettingsChange {
  deadline?: string | null;
  perPartyQuota?: number | null;
  perCategoryQuota?: Record<string, number>;
  /** true publishes the list (keeping the first publication time), false withdraws it. */
  publicListPublished?: boolean;
}

export async function updateSettings(db: Db, meetingId: string, c: SettingsChange): Promise<void> {
  await db.query(`INSERT INTO registration_settings (meeting_id) VALUES ($1) ON CONFLICT (meeting_id) DO NOTHING`, [meetingId]);
  const sets: string[] = ['updated_at = now()'];
  const args: unknown[] = [meetingId];
  const set = (col: string, v: unknown) => {
    args.push(v);
    sets.push(`${col} = $${args.length}`);
  };
  if (c.deadline !== undefined) set('deadline', c.deadline);
  if (c.perPartyQuota !== undefined) set('per_party_quota', c.perPartyQuota);
  if (c.perCategoryQuota !== undefined) set('per_category_quota', JSON.stringify(c.perCategoryQuota));
  if (c.publicListPublished !== undefined)
    sets.push(
      c.publicListPublished ? 'public_list_published_at = coalesce(public_list_published_at, now())' : 'public_list_published_at = NULL',
    );
  await db.query(`UPDATE registration_settings SET ${sets.join(', ')} WHERE meeting_id = $1`, args);
}
