import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../../../migrations';

/** `poolSize`: connections this process may open (each api and worker process has its own pool). */
export function dataSourceOptions(databaseUrl: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    migrations,
    migrationsTableName: 'schema_migration',
    // Schema changes only ever come from migrations/.
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, application_name: 'cop-api' },
  };
}

/** Applies pending migrations; returns the names applied. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(databaseUrl));
  await ds.initialize();
  try {
    // One migrator at a time, even when several processes start together.
    await ds.query('SELECT pg_advisory_lock(7319001)');
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.query('SELECT pg_advisory_unlock(7319001)').catch(() => undefined);
    await ds.destroy();
  }
}

// Calendar dates (meeting start/end) stay as the YYYY-MM-DD text PostgreSQL sends, never a
// JavaScript Date in the server's own zone.
import { types } from 'pg';
types.setTypeParser(types.builtins.DATE, (v: string) => v);

/**
 * Runs `text` as a named prepared statement on one of the pool's connections: PostgreSQL parses
 * it once per connection and, for a statement whose generic plan is as good as a custom one,
 * plans it once too. For hot, complex statements only (TypeORM's `query` sends every statement
 * unnamed: parsed and planned on each call). `name` must be unique per distinct `text`.
 */
export async function queryPrepared<T>(ds: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (ds.driver as unknown as { master: { query(q: object): Promise<{ rows: T[] }> } }).master;
  return (await pool.query({ name, text, values })).rows;
}
