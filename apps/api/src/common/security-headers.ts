import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The portal's Content-Security-Policy: its own scripts, socket.io, HLS media from a CDN. */
const PORTAL_CSP = {
  defaultSrc: ["'self'"],
  connectSrc: ["'self'", 'ws:', 'wss:', 'https:'],
  mediaSrc: ["'self'", 'blob:', 'https:'],
  workerSrc: ["'self'", 'blob:'],
  imgSrc: ["'self'", 'data:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

export const SECURITY_HEADER_OPTIONS: HelmetOptions = { contentSecurityPolicy: { directives: PORTAL_CSP } };

/**
 * The options for a deployment at `publicUrl`. Over plain http (a venue LAN, a test server by
 * IP) a browser told `upgrade-insecure-requests` fetches the portal's own scripts over https
 * and shows a blank page, and HSTS would pin the host to https: both only when it is https.
 */
export function securityHeaderOptions(publicUrl: string): HelmetOptions {
  if (new URL(publicUrl).protocol === 'https:') return SECURITY_HEADER_OPTIONS;
  return { contentSecurityPolicy: { directives: { ...PORTAL_CSP, upgradeInsecureRequests: null } }, strictTransportSecurity: false };
}

/**
 * The headers helmet would set, computed once. They do not depend on the request (no CSP
 * nonces here), and @fastify/helmet rebuilds helmet's middleware chain for every request,
 * which cost about a third of a cached schedule read.
 */
export function securityHeaders(options: HelmetOptions = SECURITY_HEADER_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => (headers[name] = String(value)),
    removeHeader: (name: string) => delete headers[name],
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
  });
  return headers;
}

/** Adds the precomputed security headers to every response of `fastify`. */
export function registerSecurityHeaders(fastify: FastifyInstance, options?: HelmetOptions): void {
  const headers = securityHeaders(options);
  const names = Object.keys(headers);
  fastify.addHook('onRequest', (_req, reply, done) => {
    for (const name of names) reply.header(name, headers[name]);
    done();
  });
}
