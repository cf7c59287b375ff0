/**
 * What a `*.queries.ts` function needs to run a statement: a DataSource, or the EntityManager
 * of a transaction (both have this `query`). Passing the manager keeps a statement inside
 * the caller's transaction.
 */
export interface Db {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}
