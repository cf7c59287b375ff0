import { z, type ZodType } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { errorBodySchema } from '@cop/contracts';
import type { AccessRule } from '../auth/access';

/** What one route takes and answers; `operation()` turns it into the document's operation. */
export interface RouteSpec {
  access: AccessRule;
  summary: string;
  tag: string;
  path?: Record<string, ZodType>;
  query?: z.ZodObject;
  headers?: Record<string, ZodType>;
  body?: ZodType;
  /** A raw file body (uploads): its media types. */
  fileBody?: string[];
  /** The success status and its JSON schema, or the media type of a non-JSON answer. */
  ok: { status?: number; schema?: ZodType; contentType?: string; description?: string };
  /** Error statuses besides the ones the access rule and the inputs imply. */
  errors?: number[];
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input (one entry per field in `details`)',
  401: 'Not signed in, or the token is invalid or expired',
  403: 'Signed in with a role this route does not allow',
  404: 'No such meeting or resource (or not visible to the caller)',
  409: 'Conflicts with what is stored',
  412: 'If-Match does not name the current revision',
  413: 'Body too large',
  415: 'Unsupported media type',
  422: 'Well-formed but refused by a rule',
  428: 'If-Match is required',
  429: 'Too many attempts; see Retry-After',
  503: 'Not ready (PostgreSQL unreachable)',
};

/** The access rule in words, as the reference UI shows it. */
export function describeAccess(rule: AccessRule): string {
  if (rule === 'anyone') return 'anyone (no token needed; a token may widen what is shown)';
  if (rule === 'signed-in') return 'any signed-in account';
  return `signed in as ${rule.join(' or ')}`;
}

const error = (status: number) => ({
  description: ERROR_TEXT[status] ?? 'Error',
  content: { 'application/json': { schema: errorBodySchema } },
});

export function operation(spec: RouteSpec): ZodOpenApiOperationObject & { 'x-access': AccessRule } {
  const statuses = new Set(spec.errors ?? []);
  if (spec.path || spec.tag !== 'platform') statuses.add(404);
  if (spec.query || spec.body || spec.path) statuses.add(400);
  if (spec.access !== 'anyone') statuses.add(401);
  if (Array.isArray(spec.access)) statuses.add(403);
  const okStatus = spec.ok.status ?? 200;
  const responses: ZodOpenApiResponsesObject = {
    [String(okStatus) as `${1 | 2 | 3 | 4 | 5}${string}`]: {
      description: spec.ok.description ?? 'Success',
      ...(spec.ok.schema || spec.ok.contentType
        ? { content: { [spec.ok.contentType ?? 'application/json']: { schema: spec.ok.schema ?? z.string() } } }
        : {}),
    },
  };
  for (const s of [...statuses].sort()) responses[String(s) as `${1 | 2 | 3 | 4 | 5}${string}`] = error(s);
  return {
    tags: [spec.tag],
    summary: spec.summary,
    description: `**Who may call it:** ${describeAccess(spec.access)}.`,
    'x-access': spec.access,
    ...(spec.access === 'anyone' ? {} : { security: [{ bearer: [] }] }),
    requestParams: {
      ...(spec.path ? { path: z.object(spec.path) } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.headers ? { header: z.object(spec.headers) } : {}),
    },
    ...(spec.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body } } } }
      : spec.fileBody
        ? { requestBody: { required: true, content: Object.fromEntries(spec.fileBody.map((t) => [t, { schema: z.string() }])) } }
        : {}),
    responses,
  };
}

export const code = z.string().max(40).describe('The meeting code, e.g. mc-cop-6');
export const uuid = z.uuid();
export const ifMatch = z.string().describe('The revision being changed, as the last answer gave it');
export const anyJson = z.looseObject({});
