import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ACCESS_KEY } from '../../apps/api/src/auth/access';
import { openApiDocument } from '../../apps/api/src/openapi/openapi-document';
import { call, startApi, type RunningApi } from '../support/harness';
import { expectMatchesOpenApi } from '../support/openapi';

/** Routes that are files, not API operations: the portal's pages and assets, HLS media, the UI's assets. */
const NOT_API = /^\/(\*|media\/\*|api\/docs\/assets\/[\w.-]+|meetings|meetings\/\*|login|console|console\/\*|invitation)?$/;

const template = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('OpenAPI document', () => {
  let api: RunningApi;
  const routes: { method: string; url: string }[] = [];

  beforeAll(async () => {
    // Every route the app registers, as Fastify sees it (controllers and the Fastify-direct ones).
    const getInstance = FastifyAdapter.prototype.getInstance;
    const hooked = new WeakSet<object>();
    FastifyAdapter.prototype.getInstance = function (this: FastifyAdapter) {
      const fastify = getInstance.call(this) as FastifyInstance;
      if (!hooked.has(fastify)) {
        hooked.add(fastify);
        fastify.addHook('onRoute', (r) => {
          for (const method of ([] as string[]).concat(r.method)) routes.push({ method, url: r.url });
        });
      }
      return fastify;
    } as unknown as typeof getInstance;
    try {
      api = await startApi();
    } finally {
      FastifyAdapter.prototype.getInstance = getInstance;
    }
  });
  afterAll(() => api?.close());

  it('describes every route the app registers', () => {
    const paths = openApiDocument().paths ?? {};
    const missing = routes
      .filter((r) => r.method !== 'HEAD' && !NOT_API.test(r.url))
      .filter((r) => !(paths[template(r.url)] as Record<string, unknown> | undefined)?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });

  it("states each controller route's access rule exactly as its @Access does", () => {
    const paths = openApiDocument().paths as Record<string, Record<string, { 'x-access': unknown }>>;
    const wrong: string[] = [];
    let checked = 0;
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        if (!metatype) continue;
        const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
        for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
          const handler = (metatype.prototype as Record<string, unknown>)[name];
          if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase();
          for (const b of base)
            for (const p of ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) ?? '')) {
              const url =
                '/' +
                [b, p]
                  .filter((s) => s && s !== '/')
                  .join('/')
                  .replace(/^\/+/, '');
              if (NOT_API.test(url)) continue;
              checked++;
              const documented = paths[template(url)]?.[method]?.['x-access'];
              if (JSON.stringify(documented) !== JSON.stringify(Reflect.getMetadata(ACCESS_KEY, handler)))
                wrong.push(`${method} ${url}: document says ${JSON.stringify(documented)}`);
            }
        }
      }
    }
    expect(checked).toBeGreaterThan(55);
    expect(wrong).toEqual([]);
  });

  it('is served at /api/openapi.json with the reference UI at /api/docs, within the CSP', async () => {
    const doc = await call(api, 'GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.components.schemas.Error.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message']));
    const page = await fetch(`${api.url}/api/docs`);
    const html = await page.text();
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(html).not.toMatch(/<script>(?!<)/);
    for (const src of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])) {
      const asset = await fetch(`${api.url}${src}`);
      await asset.arrayBuffer();
      expect([src, asset.status]).toEqual([src, 200]);
    }
    expect((await call(api, 'GET', '/api/docs/assets/package.json')).status).toBe(404);
  });

  it('validates real answers, and catches one that does not fit', async () => {
    const error = await call(api, 'GET', '/api/meetings/no-such-meeting');
    expect(error.status).toBe(404);
    expectMatchesOpenApi(error, 'GET', '/api/meetings/{code}');
    expect(() => expectMatchesOpenApi({ ...error, status: 200 }, 'GET', '/api/meetings/{code}')).toThrow(/does not match/);
  });
});
