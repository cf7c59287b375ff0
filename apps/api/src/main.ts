import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig, type AppConfig } from './config/config';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const app = await createApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  new Logger('Main').log(`API listening on ${config.PUBLIC_URL} (pid ${process.pid})`);
}

main().catch((e: Error) => {
  console.error(`Could not start the API: ${e.message}`);
  process.exit(1);
});
