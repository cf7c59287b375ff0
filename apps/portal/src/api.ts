import * as auth from './auth';
import { t } from './i18n';
import { observeResponse, rememberRead } from './offline';

/** A per-field problem of a 400 answer, as the API's validation reports it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The API's error body: { statusCode, error, message }, with `details` (400) or `reason` (check-in) on some. */
export interface ErrorBody {
  message?: unknown;
  details?: FieldProblem[];
  reason?: string;
}

/** An HTTP answer other than 2xx, with the API's { statusCode, error, message } body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
  }

  /** The per-field problems of a 400 answer (empty when there are none). */
  get details(): FieldProblem[] {
    const details = (this.body as ErrorBody | null)?.details;
    return Array.isArray(details) ? details : [];
  }

  /** The machine-readable reason some answers carry (a check-in rejection). */
  get reason(): string | undefined {
    const reason = (this.body as ErrorBody | null)?.reason;
    return typeof reason === 'string' ? reason : undefined;
  }
}

/** fetch() failed outright: offline, DNS, connection refused. */
export class NetworkError extends Error {}

export interface ApiInit {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (a file), with the content type given in `headers`. */
  raw?: Blob;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  anonymous?: boolean;
}

/**
 * GET/POST JSON against the API. The stored token goes along as a bearer token; if the API
 * rejects it (expired), it is forgotten and the request retried without it, so a stale token
 * never locks anyone out of public content.
 */
export async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
  return (await apiAnswer<T>(path, init)).body;
}

/**
 * api(), also saying whether the answer is the service worker's saved copy (offline), and
 * from when: `cachedAt` is null for a fresh answer. `status` tells 200 from 201.
 */
export async function apiAnswer<T>(path: string, init: ApiInit = {}): Promise<{ body: T; cachedAt: Date | null; status: number }> {
  const { res, bearer } = await request(path, init, 'application/json');
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
  if (!res.ok) throw failure(res.status, res.statusText, body);
  return { body: body as T, cachedAt, status: res.status };
}

/** A file from the API (a CSV export, a badge image, a zip) with the name its Content-Disposition gives. */
export async function apiBlob(path: string, init: ApiInit = {}): Promise<{ blob: Blob; fileName: string | null }> {
  const { res, bearer } = await request(path, init, '*/*');
  if (!res.ok) {
    if (res.status === 401 && bearer) auth.signOut();
    const body: unknown = await res.json().catch(() => null);
    throw failure(res.status, res.statusText, body);
  }
  const fileName = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null;
  return { blob: await res.blob(), fileName };
}

/** PUT a file with XMLHttpRequest, for its upload progress events (fetch has none). */
export function apiUpload<T>(path: string, file: Blob, contentType: string, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', path);
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    const bearer = auth.token();
    if (bearer) xhr.setRequestHeader('authorization', `Bearer ${bearer}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.floor((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new NetworkError('upload failed'));
    xhr.onabort = () => reject(new NetworkError('upload aborted'));
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(parsed as T);
        return;
      }
      if (xhr.status === 401) auth.signOut();
      reject(failure(xhr.status, t('error.server', { status: xhr.status }), parsed));
    };
    xhr.send(file);
  });
}

/** The message of an API JSON error ({ statusCode, error, message }), or a sentence for the failure. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message || t('error.server', { status: e.status });
  if (e instanceof NetworkError) return t('error.network');
  return (e as Error)?.message ?? String(e);
}

async function request(path: string, init: ApiInit, accept: string): Promise<{ res: Response; bearer: string | null }> {
  const bearer = init.anonymous ? null : auth.token();
  const headers: Record<string, string> = { accept, ...init.headers };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let body: BodyInit | undefined;
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  } else if (init.raw) body = init.raw;
  const method = init.method ?? 'GET';
  if (method === 'GET' && accept === 'application/json') rememberRead(path, headers);
  try {
    return { res: await fetch(path, { method, headers, body, signal: init.signal, credentials: 'same-origin' }), bearer };
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    // Only the JSON reads and writes tell the page whether the network is up; a failed download says it itself.
    if (accept === 'application/json') observeResponse(null);
    throw new NetworkError((e as Error).message);
  }
}

function failure(status: number, fallback: string, body: unknown): ApiError {
  const message = (body as ErrorBody | null)?.message;
  return new ApiError(status, typeof message === 'string' ? message : fallback, body);
}
