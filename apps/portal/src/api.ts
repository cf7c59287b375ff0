import * as auth from './auth';
import { observeResponse, rememberRead } from './offline';

/** An HTTP answer other than 2xx, with the API's { statusCode, error, message } body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

/** fetch() failed outright: offline, DNS, connection refused. */
export class NetworkError extends Error {}

/**
 * GET/POST JSON against the API. The stored token goes along as a bearer token; if the API
 * rejects it (expired), it is forgotten and the request retried without it, so a stale token
 * never locks anyone out of public content.
 */
export async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
  return (await apiAnswer<T>(path, init)).body;
}

export interface ApiInit {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  anonymous?: boolean;
}

/**
 * api(), also saying whether the answer is the service worker's saved copy (offline), and
 * from when: `cachedAt` is null for a fresh answer.
 */
export async function apiAnswer<T>(path: string, init: ApiInit = {}): Promise<{ body: T; cachedAt: Date | null }> {
  const bearer = init.anonymous ? null : auth.token();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if ((init.method ?? 'GET') === 'GET') rememberRead(path, headers);
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      credentials: 'same-origin',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    observeResponse(null);
    throw new NetworkError((e as Error).message);
  }
  const cachedAt = observeResponse(res);
  if (res.status === 401 && bearer) {
    auth.signOut();
    return apiAnswer<T>(path, { ...init, anonymous: true });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const message = (body as { message?: unknown } | null)?.message;
    throw new ApiError(res.status, typeof message === 'string' ? message : res.statusText, body);
  }
  return { body: body as T, cachedAt };
}
