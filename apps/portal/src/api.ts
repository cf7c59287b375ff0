import * as auth from './auth';

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
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal; anonymous?: boolean } = {},
): Promise<T> {
  const bearer = init.anonymous ? null : auth.token();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
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
    throw new NetworkError((e as Error).message);
  }
  if (res.status === 401 && bearer) {
    auth.signOut();
    return api<T>(path, { ...init, anonymous: true });
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
  return body as T;
}
