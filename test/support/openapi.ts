import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { openApiDocument } from '../../apps/api/src/openapi/openapi-document';
import type { Call } from './harness';

// An independent check of the document: ajv reads its JSON Schemas, not zod.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(JSON.parse(JSON.stringify(openApiDocument())) as object, 'openapi.json');
const compiled = new Map<string, ValidateFunction>();

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Throws unless `res` (a real answer of the api) matches what /api/openapi.json says `method
 * template` answers with its status: the status must be documented, and a JSON body must fit.
 */
export function expectMatchesOpenApi(res: Call, method: string, template: string): void {
  const op = (openApiDocument().paths?.[template] as Record<string, { responses: Record<string, { content?: object }> }> | undefined)?.[
    method.toLowerCase()
  ];
  if (!op) throw new Error(`${method} ${template} is not in the OpenAPI document`);
  const response = op.responses[String(res.status)];
  if (!response) throw new Error(`${method} ${template} answered ${res.status}, which the document does not list`);
  if (!response.content || !('application/json' in response.content)) return;
  const ref = `openapi.json#/${pointer('paths', template, method.toLowerCase(), 'responses', String(res.status), 'content', 'application/json', 'schema')}`;
  let validate = compiled.get(ref);
  if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
  if (!validate(res.body))
    throw new Error(`${method} ${template} ${res.status} does not match the document: ${ajv.errorsText(validate.errors)}`);
}
