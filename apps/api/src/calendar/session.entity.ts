import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { LocalizedText, SessionStatus, SessionType, Visibility } from '@cop/contracts';

/** A block on the meeting's calendar. */
@Entity('calendar_session')
export class Session {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  @Column({ type: 'text' }) type!: SessionType;
  @Column({ type: 'jsonb' }) title!: LocalizedText;
  @Column({ name: 'room_id', type: 'uuid' }) roomId!: string;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt!: Date;
  @Column({ type: 'text' }) status!: SessionStatus;
  @Column({ type: 'text' }) visibility!: Visibility;
  /** Bumped on every write; clients send it back in If-Match. */
  @Column({ type: 'int' }) revision!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
