import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { calendarPaths } from './calendar.routes';
import { documentPaths } from './documents.routes';
import { operation } from './operation';
import { registrationPaths } from './registration.routes';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/api/docs';

const selfPaths: ZodOpenApiPathsObject = {
  [OPENAPI_PATH]: {
    get: operation({ access: 'anyone', tag: 'platform', summary: 'This document (OpenAPI 3.1)', ok: { contentType: 'application/json' } }),
  },
  [`${DOCS_PATH}/init.js`]: {
    get: operation({
      access: 'anyone',
      tag: 'platform',
      summary: "The reference UI's start script",
      ok: { contentType: 'text/javascript' },
    }),
  },
  [DOCS_PATH]: {
    get: operation({ access: 'anyone', tag: 'platform', summary: 'The reference UI for this document', ok: { contentType: 'text/html' } }),
  },
};

let built: ReturnType<typeof createDocument> | null = null;

/** The OpenAPI 3.1 description of the api, generated from the contracts' zod schemas (built once). */
export function openApiDocument(): ReturnType<typeof createDocument> {
  built ??= createDocument({
    openapi: '3.1.0',
    info: {
      title: 'COP Meeting Services API',
      version: '1',
      description:
        'Every operation states who may call it (`x-access`: `anyone`, `signed-in` or a list of roles). ' +
        'Errors always have the `Error` shape. Live changes: socket.io namespace `/live` (docs/how-it-works.md).',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths: { ...calendarPaths, ...documentPaths, ...registrationPaths, ...selfPaths },
  });
  return built;
}
