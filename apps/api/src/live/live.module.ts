import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { LiveGateway } from './live.gateway';

@Module({ imports: [ChangesModule], providers: [LiveGateway] })
export class LiveModule {}
