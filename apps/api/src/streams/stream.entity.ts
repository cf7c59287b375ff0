import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { StreamChannel, StreamStatus } from '@cop/contracts';

/** One interpretation channel as stored: its code, its rendition's language tag, its audio-only playlist. */
export interface StoredChannel {
  code: StreamChannel;
  lang: string | null;
  audioOnlyUrl: string;
}

/**
 * A live stream of a meeting room, e.g. "Plenary — Room 1". The API does not transcode: the
 * venue's encoder or a CDN serves the HLS media; the stream says where it is and what is on.
 */
@Entity('stream')
export class Stream {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'room_id', type: 'uuid', nullable: true }) roomId!: string | null;
  /** HLS master playlist: the video rendition and one audio rendition (EXT-X-MEDIA) per channel. */
  @Column({ name: 'master_url', type: 'text' }) masterUrl!: string;
  /** floor first, then the UN languages in protocol order; each with its own audio-only playlist. */
  @Column({ type: 'jsonb' }) channels!: StoredChannel[];
  @Column({ type: 'text' }) status!: StreamStatus;
  /** The calendar session on air. */
  @Column({ name: 'session_id', type: 'uuid', nullable: true }) sessionId!: string | null;
  /** "Now in plenary": the agenda item under consideration. */
  @Column({ name: 'agenda_item_id', type: 'uuid', nullable: true }) agendaItemId!: string | null;
  @Column({ name: 'status_changed_at', type: 'timestamptz', nullable: true }) statusChangedAt!: Date | null;
  @Column({ type: 'int' }) revision!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
