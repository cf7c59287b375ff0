import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { MeetingsController } from './meetings.controller';
import { MeetingDirectory } from './meeting-directory.service';
import { MeetingsService } from './meetings.service';

@Module({
  imports: [ChangesModule],
  controllers: [MeetingsController],
  providers: [MeetingsService, MeetingDirectory],
  exports: [MeetingsService, MeetingDirectory],
})
export class MeetingsModule {}
