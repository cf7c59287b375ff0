import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { LocalizedText } from '@cop/contracts';

@Entity('meeting')
export class Meeting {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Stable public code, e.g. mc-cop-6 */
  @Column({ type: 'text', unique: true }) code!: string;
  @Column({ type: 'jsonb' }) title!: LocalizedText;
  @Column({ name: 'short_title', type: 'text' }) shortTitle!: string;
  @Column({ type: 'text' }) venue!: string;
  /** IANA zone of the venue; every time shown to people is in this zone. */
  @Column({ name: 'time_zone', type: 'text' }) timeZone!: string;
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ name: 'end_date', type: 'date' }) endDate!: string;
  /** Counter of the change feed; bumped under the row lock so seqs have no gaps. */
  @Column({ name: 'last_seq', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  lastSeq!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
