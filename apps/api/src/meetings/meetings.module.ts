import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { MeetingsController } from './meetings.controller';
import { MeetingLookup } from './meeting-lookup.service';
import { MeetingsService } from './meetings.service';

@Module({
  imports: [ChangesModule],
  controllers: [MeetingsController],
  providers: [MeetingsService, MeetingLookup],
  exports: [MeetingsService, MeetingLookup],
})
export class MeetingsModule {}
