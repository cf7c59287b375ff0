import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { FeedGateway } from './feed.gateway';

/** The socket.io side of the change feed: replay on subscribe, then every committed change. */
@Module({ imports: [ChangesModule, MeetingsModule], providers: [FeedGateway] })
export class FeedModule {}
