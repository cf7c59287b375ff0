import type { Db } from '../database/db';

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
