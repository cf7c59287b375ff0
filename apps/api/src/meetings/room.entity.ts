import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('room')
export class Room {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'int', nullable: true }) capacity!: number | null;
}
