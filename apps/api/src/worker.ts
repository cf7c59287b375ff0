import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from './config/config';
import { WORKER_MODULES, WorkerModule } from './worker.module';

/** Entry point of the worker process: runs background jobs until SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn', 'log'] });
  const logger = new Logger('Worker');
  logger.log(`Worker running ${WORKER_MODULES.length} job module(s) (pid ${process.pid})`);
  const stop = () => {
    // Let the job in hand finish; BullMQ hands unfinished ones to another worker.
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: Error) => {
  console.error(`Could not start the worker: ${e.message}`);
  process.exit(1);
});
