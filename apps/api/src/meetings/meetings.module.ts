import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangesModule } from '../changes/changes.module';
import { AgendaItem } from './agenda-item.entity';
import { Meeting } from './meeting.entity';
import { MeetingsController } from './meetings.controller';
import { MeetingDirectory } from './meeting-directory.service';
import { MeetingsService } from './meetings.service';
import { Room } from './room.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Meeting, Room, AgendaItem]), ChangesModule],
  controllers: [MeetingsController],
  providers: [MeetingsService, MeetingDirectory],
  exports: [MeetingsService, MeetingDirectory],
})
export class MeetingsModule {}
