import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { ChangesController } from './changes.controller';
import { IcsService } from './ics.service';
import { ScheduleRoute } from './schedule.route';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

@Module({
  imports: [ChangesModule, MeetingsModule],
  controllers: [SessionsController, ChangesController],
  providers: [SessionsService, IcsService, ScheduleRoute],
  exports: [SessionsService],
})
export class CalendarModule {}
