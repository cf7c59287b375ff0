import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module';
import { ChangesModule } from '../changes/changes.module';
import { Stream } from './stream.entity';
import { StreamsController } from './streams.controller';
import { StreamsService } from './streams.service';

/** Plenary live streams: status, session on air, "now in plenary". The media itself is served elsewhere. */
@Module({
  imports: [TypeOrmModule.forFeature([Stream]), ChangesModule, CalendarModule],
  controllers: [StreamsController],
  providers: [StreamsService],
  exports: [StreamsService],
})
export class StreamsModule {}
