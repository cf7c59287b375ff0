import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ChangeEvent, Visibility } from '@cop/contracts';

/** A redacted change for the public room: the kind and at most an id. */
export type PublicBody = Pick<ChangeEvent, 'kind' | 'session' | 'document'>;

/** One entry of a meeting's change feed. PostgreSQL is the truth; Redis only carries it. */
@Entity('meeting_change')
export class Change {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  @PrimaryColumn({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) seq!: number;
  @Column({ type: 'text' }) kind!: ChangeEvent['kind'];
  /** Who may see the full payload; others get a redacted form. */
  @Column({ type: 'text' }) visibility!: Visibility;
  /** The event exactly as participants receive it. */
  @Column({ type: 'jsonb' }) payload!: ChangeEvent;
  /**
   * For a participants-only change: what the public receives instead (kind and the id of
   * something it had seen, now removed for it). Null: a bare `redacted` entry.
   */
  @Column({ name: 'public_payload', type: 'jsonb', nullable: true }) publicPayload!: PublicBody | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** Null until broadcast; the outbox poller re-sends rows left null by a crash. */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
}
