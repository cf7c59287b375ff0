import 'reflect-metadata';
import { createApp } from '../apps/api/src/app.factory';
import { testConfig } from '../test/support/harness';
(async () => {
  const routes: string[] = [];
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  const orig = FastifyAdapter.prototype.getInstance;
  let hooked = false;
  FastifyAdapter.prototype.getInstance = function (this: any) { const i = orig.call(this); if (!hooked) { hooked = true; i.addHook('onRoute', (r: any) => routes.push(`${[].concat(r.method).join(',')} ${r.url}`)); } return i; } as any;
  const app = await createApp(testConfig(), { quiet: true });
  await app.init();
  console.log(routes.join('\n'));
  await app.close(); process.exit(0);
})();
