import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { ChangesModule } from '../changes/changes.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { StreamsController } from './streams.controller';
import { StreamsService } from './streams.service';

/** Plenary live streams: status, session on air, "now in plenary". The media itself is served elsewhere. */
@Module({
  imports: [ChangesModule, MeetingsModule, CalendarModule],
  controllers: [StreamsController],
  providers: [StreamsService],
  exports: [StreamsService],
})
export class StreamsModule {}
