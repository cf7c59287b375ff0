import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const contracts = fileURLToPath(new URL('../../libs/contracts/src/', import.meta.url));
const api = process.env.PORTAL_API_URL ?? 'http://localhost:3000';
const alias = [{ find: /^@cop\/contracts\/(.*)$/, replacement: `${contracts}$1` }];

/**
 * Builds src/sw.ts into /sw.js once the portal's own bundle is known, with the list of files
 * to precache (every script, style sheet and image of this build, index.html and the public
 * files — not the source maps) and a version hashed from them, so a new build installs a new
 * service worker whose install replaces the old shell cache. The worker is bundled on its own
 * (one IIFE, no shared chunks), because a classic service worker cannot import the page's chunks.
 */
function serviceWorker(): Plugin {
  return {
    name: 'cop-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const publicFiles = readdirSync(new URL('./public', import.meta.url));
        const files = [...Object.keys(bundle).filter((f) => !f.endsWith('.map')), ...publicFiles].map((f) => `/${f}`).sort();
        const hash = createHash('sha256');
        for (const file of files) {
          const item = bundle[file.slice(1)];
          hash.update(file);
          if (item?.type === 'asset') hash.update(item.source);
        }
        const manifest = { version: hash.digest('hex').slice(0, 16), files };
        const result = await build({
          configFile: false,
          root: here,
          logLevel: 'warn',
          publicDir: false,
          resolve: { alias },
          define: { __PRECACHE__: JSON.stringify(manifest) },
          build: {
            write: false,
            target: 'es2020',
            minify: true,
            rollupOptions: {
              input: fileURLToPath(new URL('./src/sw.ts', import.meta.url)),
              output: { format: 'iife', entryFileNames: 'sw.js' },
            },
          },
        });
        const output = (Array.isArray(result) ? result[0] : result) as { output: { type: string; fileName: string; code?: string }[] };
        const chunk = output.output.find((o) => o.type === 'chunk' && o.fileName === 'sw.js');
        if (!chunk?.code) throw new Error('the service worker build produced no sw.js');
        this.emitFile({ type: 'asset', fileName: 'sw.js', source: chunk.code });
      },
    },
  };
}

/**
 * The delegate portal: Preact views (automatic JSX runtime, no framework plugin). Built into apps/portal/dist,
 * which the API serves (with SPA fallback for /meetings/*, /login, /console/*), plus its
 * service worker at /sw.js.
 * Only '@cop/contracts/feed' and '@cop/contracts/languages' are imported at runtime, so zod
 * (used by the request schemas in calendar.ts) never reaches the bundle.
 */
export default defineConfig({
  root: here,
  publicDir: 'public',
  resolve: { alias },
  plugins: [serviceWorker()],
  // Views are Preact components (.tsx); the automatic runtime imports preact/jsx-runtime.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: true,
    // One small entry chunk; a warning here means something heavy slipped in.
    chunkSizeWarningLimit: 200,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/health': { target: api, changeOrigin: true },
      '/live': { target: api, changeOrigin: true, ws: true },
      '/socket.io': { target: api, changeOrigin: true, ws: true },
    },
  },
});
