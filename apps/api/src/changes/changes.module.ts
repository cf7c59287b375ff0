import { Module } from '@nestjs/common';
import { ChangePublisher } from './change-publisher.service';
import { ChangesService } from './changes.service';
import { FeedHeads } from './feed-heads.service';
import { FeedWriter } from './feed-writer.service';

@Module({
  providers: [ChangesService, ChangePublisher, FeedHeads, FeedWriter],
  exports: [ChangesService, ChangePublisher, FeedHeads, FeedWriter],
})
export class ChangesModule {}
