import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { BundleService } from './bundles.service';
import { DocumentAccess } from './document-access';
import { DocumentLinks } from './document-links';
import { DocumentProcessor } from './document.processor';
import { DocumentLinksController, DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DOCUMENTS_QUEUE, ProcessingQueue } from './processing-queue.service';
import { DownloadAudit } from './download-audit';
import { DownloadService } from './download.service';
import { FileResolver } from './file-resolver.service';
import { LeftoverSweeper } from './leftover-sweeper.service';
import { ManifestService } from './manifest.service';
import { SigningService } from './signing.service';
import { documentStorageProvider } from './storage/storage.provider';

/**
 * The processing queue. Its Redis key prefix is DOCUMENT_QUEUE_PREFIX (default cop, like every
 * queue), so deployments or test runs sharing one Redis never take each other's jobs.
 */
const documentsQueue = () =>
  BullModule.registerQueueAsync({
    name: DOCUMENTS_QUEUE,
    inject: [APP_CONFIG],
    useFactory: (c: AppConfig) => ({ prefix: c.DOCUMENT_QUEUE_PREFIX }),
  });

/** Documents: symbols, uploads, storage, downloads, links, bundles, the signed manifest. */
@Module({
  imports: [ChangesModule, MeetingsModule, documentsQueue()],
  controllers: [DocumentsController, DocumentLinksController],
  providers: [
    DocumentsService,
    DocumentAccess,
    FileResolver,
    DocumentLinks,
    DownloadAudit,
    DownloadService,
    ManifestService,
    BundleService,
    SigningService,
    ProcessingQueue,
    LeftoverSweeper,
    documentStorageProvider,
  ],
  exports: [DocumentsService, DownloadService],
})
export class DocumentsModule {}

/** The document processing jobs, for the worker process (or the api with RUN_WORKER=true). */
@Module({
  imports: [documentsQueue()],
  providers: [DocumentProcessor, documentStorageProvider],
})
export class DocumentsWorkerModule {}
