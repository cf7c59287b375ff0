import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Change } from './change.entity';
import { ChangePublisher } from './change-publisher.service';
import { ChangesService } from './changes.service';
import { FeedHeads } from './feed-heads.service';
import { FeedWriter } from './feed-writer.service';

@Module({
  imports: [TypeOrmModule.forFeature([Change])],
  providers: [ChangesService, ChangePublisher, FeedHeads, FeedWriter],
  exports: [ChangesService, ChangePublisher, FeedHeads, FeedWriter],
})
export class ChangesModule {}
