import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LocalizedText } from '@cop/contracts';

@Entity('agenda_item')
export class AgendaItem {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  /** As printed on the agenda: "5", "5 (b)", "5 (b) (ii)". */
  @Column({ type: 'text' }) number!: string;
  @Column({ type: 'jsonb' }) title!: LocalizedText;
  /** Sortable form of the number so 10 comes after 9 and 5 (b) after 5 (a). */
  @Column({ name: 'sort_key', type: 'text' }) sortKey!: string;
}
