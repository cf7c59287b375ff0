import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The api's Prometheus metrics (one registry per process; scraped at /metrics with METRICS_TOKEN). */
export const metrics = new Registry();
collectDefaultMetrics({ register: metrics });

export const httpDuration = new Histogram({
  name: 'cop_http_request_duration_seconds',
  help: 'HTTP request duration by route template, method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metrics],
});

export const httpRequests = new Counter({
  name: 'cop_http_requests_total',
  help: 'HTTP requests answered, by route template, method and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metrics],
});

export const loginFailures = new Counter({
  name: 'cop_login_failures_total',
  help: 'Sign-in attempts refused for a wrong email or password',
  registers: [metrics],
});

export const rateLimitRefusals = new Counter({
  name: 'cop_rate_limit_refusals_total',
  help: 'Requests refused with 429 by an attempt limiter, by limiter',
  labelNames: ['limiter'] as const,
  registers: [metrics],
});

const sameToken = (given: string, expected: string) =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/**
 * Times every request by its route template (never the raw URL: bounded labels), and serves
 * /metrics only with `Authorization: Bearer <token>`; without a token configured it does not exist.
 */
export function registerMetrics(fastify: FastifyInstance, token: string | undefined): void {
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const labels = { method: req.method, route, status: String(reply.statusCode) };
    httpDuration.observe(labels, reply.elapsedTime / 1000);
    httpRequests.inc(labels);
    done();
  });
  if (!token) return;
  fastify.get('/metrics', async (req, reply) => {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!sameToken(given, token))
      return reply
        .code(401)
        .type('application/json; charset=utf-8')
        .send({ statusCode: 401, error: 'Unauthorized', message: 'A metrics token is required.' });
    return reply
      .header('Cache-Control', 'no-store')
      .type(metrics.contentType)
      .send(await metrics.metrics());
  });
}
