import type { DataSource } from 'typeorm';
import { writeRegistrations, type NewRegistration, type WriteResult } from './nomination.queries';

export type { NewRegistration, Verdict, WriteResult } from './nomination.queries';

/** At most this many registrations in one statement. */
const MAX_BATCH = 64;
/** Statements in flight at once; further registrations wait and go together in the next one. */
const MAX_IN_FLIGHT = 4;

type Waiting = { row: NewRegistration; resolve: (r: WriteResult) => void; reject: (e: unknown) => void };

/**
 * Writes registrations without a quota lock (writeRegistrationLocked writes those that need one). Concurrent ones share a statement: while
 * MAX_IN_FLIGHT statements are running, new registrations queue, and the next statement takes
 * all that are waiting (up to MAX_BATCH) — one round trip and one commit for many, where a burst
 * of nominations otherwise spends most of PostgreSQL's and the api's time on per-statement work.
 * A lone registration is never held back. Two registrations of the same person or with the same
 * key never share a statement (the later one waits for the next), so each is judged against the
 * other's committed row exactly as if sent alone. If a shared statement fails, each of its
 * registrations is written again on its own, so an error reaches only the request it belongs to.
 */
export class NominationWriter {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly ds: DataSource) {}

  write(row: NewRegistration): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The waiting registrations, oldest first, that share no person and no key; the rest keep their place. */
  private takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const people = new Set<string>();
    const keys = new Set<string>();
    for (let i = 0; i < this.waiting.length && batch.length < MAX_BATCH;) {
      const { row } = this.waiting[i];
      const person = `${row.meetingId} ${row.email}`;
      const key = row.idempotencyKey === null ? null : `${row.nominatedBy} ${row.idempotencyKey}`;
      if (people.has(person) || (key !== null && keys.has(key))) {
        i++;
        continue;
      }
      people.add(person);
      if (key !== null) keys.add(key);
      batch.push(...this.waiting.splice(i, 1));
    }
    return batch;
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const results = await writeRegistrations(
        this.ds,
        batch.map((w) => w.row),
      );
      // Each answer goes to its own request (it holds personal data): one row per input, in order, or none at all.
      if (results.length !== batch.length || results.some((r, k) => Number(r.ord) !== k + 1))
        throw new Error(`registration-write answered ${results.length} rows for ${batch.length} registrations`);
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1) return batch[0].reject(e);
      // One bad row (or a deadlock between two shared statements) must not fail the others.
      await Promise.all(batch.map((w) => this.run([w])));
    }
  }
}
