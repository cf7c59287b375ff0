import type { Db } from '../database/db';

export interface LetterRow {
  id: string;
  meeting_id: string;
  party_id: string | null;
  organization_id: string | null;
  uploaded_by: string;
  filename: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_at: Date;
}

export const toLetterDto = (r: LetterRow) => ({
  id: r.id,
  filename: r.filename,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  createdAt: r.created_at,
});

/** A fresh id, drawn before the file is written so that the file can be named after it. */
export async function newLetterId(db: Db): Promise<string> {
  const [{ id }] = await db.query<{ id: string }[]>('SELECT gen_random_uuid() AS id');
  return id;
}

export async function insertLetter(db: Db, l: Omit<LetterRow, 'created_at'>): Promise<LetterRow> {
  const [row] = await db.query<LetterRow[]>(
    `INSERT INTO nomination_letter (id, meeting_id, party_id, organization_id, uploaded_by, filename, size_bytes, sha256, storage_key)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING *`,
    [l.id, l.meeting_id, l.party_id, l.organization_id, l.uploaded_by, l.filename, l.size_bytes, l.sha256, l.storage_key],
  );
  return row;
}

export async function findLetter(db: Db, meetingId: string, id: string): Promise<LetterRow | undefined> {
  const [row] = await db.query<LetterRow[]>('SELECT * FROM nomination_letter WHERE id = $1 AND meeting_id = $2', [id, meetingId]);
  return row;
}

/** Which of these storage keys a letter row points to (the others are leftovers). */
export async function letterKeysInUse(db: Db, keys: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ storage_key: string }[]>('SELECT storage_key FROM nomination_letter WHERE storage_key = ANY($1::text[])', [
    keys,
  ]);
  return new Set(rows.map((r) => r.storage_key));
}
