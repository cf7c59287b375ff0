import type { AgendaItemDto, LocalizedText } from '@cop/contracts';
import type { Db } from '../database/db';

/** An agenda item row as PostgreSQL returns it (without its meeting). */
export interface AgendaItemRow {
  id: string;
  /** As printed on the agenda: "5", "5 (b)", "5 (b) (ii)". */
  number: string;
  title: LocalizedText;
  /** Sortable form of the number so 10 comes after 9 and 5 (b) after 5 (a). */
  sort_key: string;
}

export const toAgendaItemDto = (a: AgendaItemRow): AgendaItemDto => ({ id: a.id, number: a.number, title: a.title });

const COLUMNS = 'id, number, title, sort_key';

/** The meeting's agenda, in the order it is printed. */
export function listAgendaItems(db: Db, meetingId: string): Promise<AgendaItemRow[]> {
  return db.query<AgendaItemRow[]>(`SELECT ${COLUMNS} FROM agenda_item WHERE meeting_id = $1 ORDER BY sort_key`, [meetingId]);
}

export async function findAgendaItem(db: Db, meetingId: string, id: string): Promise<AgendaItemRow | null> {
  const rows = await db.query<AgendaItemRow[]>(`SELECT ${COLUMNS} FROM agenda_item WHERE id = $1 AND meeting_id = $2`, [id, meetingId]);
  return rows[0] ?? null;
}

/** A new agenda item; fails with a unique violation when the meeting has one of that number. */
export async function insertAgendaItem(db: Db, meetingId: string, item: Omit<AgendaItemRow, 'id'>): Promise<AgendaItemRow> {
  const [row] = await db.query<AgendaItemRow[]>(
    `INSERT INTO agenda_item (meeting_id, number, title, sort_key) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [meetingId, item.number, item.title, item.sort_key],
  );
  return row;
}

/** Renumbers or retitles an agenda item; fails with a unique violation when the number is taken. */
export async function updateAgendaItem(db: Db, item: AgendaItemRow): Promise<void> {
  await db.query('UPDATE agenda_item SET number = $2, title = $3, sort_key = $4 WHERE id = $1', [
    item.id,
    item.number,
    item.title,
    item.sort_key,
  ]);
}

export async function deleteAgendaItem(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM agenda_item WHERE id = $1', [id]);
}

/** How many sessions are linked to the agenda item. */
export async function countAgendaItemSessions(db: Db, agendaItemId: string): Promise<number> {
  const [{ n }] = await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM session_agenda_item WHERE agenda_item_id = $1', [
    agendaItemId,
  ]);
  return n;
}

/** What a list of agenda item ids given for a session or document gets wrong, if anything. */
export interface AgendaItemProblems {
  /** the list names an item twice */
  duplicated: boolean;
  /** ids that are not agenda items of the meeting, in the order given */
  unknown: string[];
}

/** Checks ids against the meeting's agenda, in one statement. */
export async function agendaItemProblems(db: Db, meetingId: string, ids: readonly string[]): Promise<AgendaItemProblems> {
  if (!ids.length) return { duplicated: false, unknown: [] };
  const found = await db.query<{ id: string }[]>('SELECT id FROM agenda_item WHERE id = ANY($1::uuid[]) AND meeting_id = $2', [
    ids,
    meetingId,
  ]);
  const known = new Set(found.map((f) => f.id));
  return { duplicated: new Set(ids).size !== ids.length, unknown: ids.filter((id) => !known.has(id)) };
}

/** The tables that link a thing to agenda items, in the order the items were given. */
const LINKS = {
  session: { table: 'session_agenda_item', owner: 'session_id' },
  document: { table: 'document_agenda_item', owner: 'document_id' },
} as const;

/** Links a session or document to agenda items, keeping their order as `position`. */
export async function linkAgendaItems(db: Db, kind: keyof typeof LINKS, ownerId: string, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const { table, owner } = LINKS[kind];
  await db.query(
    `INSERT INTO ${table} (${owner}, agenda_item_id, position)
     SELECT $1, id, ord FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)`,
    [ownerId, ids],
  );
}

/** Removes every agenda item link of a session or document (before linking the new list). */
export async function unlinkAgendaItems(db: Db, kind: keyof typeof LINKS, ownerId: string): Promise<void> {
  const { table, owner } = LINKS[kind];
  await db.query(`DELETE FROM ${table} WHERE ${owner} = $1`, [ownerId]);
}
