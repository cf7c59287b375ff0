import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { loadConfigOrExit } from './config/config';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = new Logger('Main');
  const app = await createApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.log(`API listening on ${config.PUBLIC_URL} (pid ${process.pid})`);

  // Graceful stop: refuse new connections, let in-flight requests finish, close sockets and
  // pools, then exit 0. A stuck shutdown is cut short so an orchestrator is never kept waiting.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: shutting down`);
    setTimeout(() => {
      logger.error('Shutdown took longer than 15 s; exiting anyway');
      process.exit(1);
    }, 15_000).unref();
    app.close().then(
      () => process.exit(0),
      (e: Error) => {
        logger.error(`Shutdown failed: ${e.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: Error) => {
  console.error(`Could not start the API: ${e.message}`);
  process.exit(1);
});
