import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const contracts = fileURLToPath(new URL('../../libs/contracts/src/', import.meta.url));
const api = process.env.PORTAL_API_URL ?? 'http://localhost:3000';

/**
 * The delegate portal: vanilla TypeScript, no framework plugin. Built into apps/portal/dist,
 * which the API serves (with SPA fallback for /meetings/*, /login, /console/*).
 * Only '@cop/contracts/live' and '@cop/contracts/languages' are imported at runtime, so zod
 * (used by the request schemas in calendar.ts) never reaches the bundle.
 */
export default defineConfig({
  root: here,
  publicDir: 'public',
  resolve: {
    alias: [{ find: /^@cop\/contracts\/(.*)$/, replacement: `${contracts}$1` }],
  },
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
