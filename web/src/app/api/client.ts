/**
 * The typed API client (ADR 0016): openapi-fetch over `paths`, the types `npm run api:types` generates from the
 * server's OpenAPI document, so a path, parameter, body or answer the server does not have is a type error.
 * This file adds what every call needs: the CSRF header, `accept`, query values as the server reads them,
 * errors as `ApiError`, and the redirect to sign-in when the session is gone.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { ErrorCode } from '../contracts.js';
import type { paths } from './schema.js';

/** An error answered by the API (`{ error: { code, message, details? } }`) or a network failure (`network`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network' | 'unknown',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** The CSRF token lives only in memory; it comes from /api/auth/csrf, /api/auth/me and every stage change. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null | undefined): void {
  if (token) csrfToken = token;
}

/** Hooks the app installs: where to go when the session is gone. */
export const apiHooks: { onUnauthenticated?: (code: 'unauthenticated' | 'session_expired') => void } = {};

/** `?a=1&b=x` without the values the server treats as absent (undefined, null, ''); '' when nothing is left. */
export function queryString(q: object | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q) as [string, unknown][]) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) p.append(k, String(one));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

const CSRF_PATH = '/api/auth/csrf';

const baomi: Middleware = {
  async onRequest({ request, schemaPath }) {
    request.headers.set('accept', 'application/json');
    if (request.method !== 'GET') {
      if (schemaPath !== CSRF_PATH && !csrfToken) await fetchCsrf();
      if (csrfToken) request.headers.set('x-csrf-token', csrfToken);
    }
    return request;
  },
  onError({ error }) {
    return new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  },
};

export const api = createClient<paths>({ credentials: 'same-origin', querySerializer: (q) => queryString(q) });
api.use(baomi);

export interface CallOptions {
  /** Do not redirect to sign-in on 401 (the "who am I" probe, sign-in itself). */
  noRedirect?: boolean;
}

/** A poll that must not keep an idle session alive: `api.GET(path, { ...BACKGROUND })`. */
export const BACKGROUND = { headers: { 'x-baomi-background': '1' } } as const;

/**
 * The answer of an `api.GET/POST/...` call, or an `ApiError` thrown. Keeps the CSRF token an answer carries.
 */
export async function call<D>(
  pending: Promise<{ data?: D; error?: unknown; response: Response }>,
  opts: CallOptions = {},
): Promise<D> {
  const { data, error, response } = await pending;
  if (!response.ok) {
    const err = (error as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const code = (err?.code ?? (response.status === 401 ? 'unauthenticated' : 'unknown')) as ApiError['code'];
    if (response.status === 401 && (code === 'unauthenticated' || code === 'session_expired') && !opts.noRedirect) {
      apiHooks.onUnauthenticated?.(code);
    }
    throw new ApiError(response.status, code, err?.message ?? response.statusText, err?.details);
  }
  const token = (data as { csrfToken?: unknown } | undefined)?.csrfToken;
  if (typeof token === 'string') setCsrfToken(token);
  return data as D;
}

export async function fetchCsrf(): Promise<string> {
  const r = await call(api.GET(CSRF_PATH), { noRedirect: true });
  setCsrfToken(r.csrfToken);
  return r.csrfToken;
}

type GetPath = { [P in keyof paths]: paths[P] extends { get: object } ? P : never }[keyof paths];
type GetQuery<P extends GetPath> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? Q : never;

/** The address of a GET the browser follows itself (a file download): typed like a call. */
export const hrefOf = <P extends GetPath>(path: P, query: GetQuery<P>): string => path + queryString(query ?? {});

/** The JSON body `method` of `path` takes, from the generated types. */
export type BodyOf<P extends keyof paths, M extends 'post' | 'patch' | 'put'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
/** The query a GET of `path` takes, from the generated types. */
export type QueryOf<P extends GetPath> = NonNullable<GetQuery<P>>;
/** `{ params: { path: { id } } }`, the path parameter most calls take. */
export const byId = (id: string) => ({ params: { path: { id } } });

/**
 * Sends a file as the raw body of `method url` (details in the query), with the CSRF header; resolves with the JSON
 * answer of a 200 or 201, rejects with `ApiError` otherwise. XMLHttpRequest, as fetch reports no upload progress.
 * Every upload of the web (scans, evidence, materials, certificates, posters) goes through here.
 */
export async function uploadFile<T>(
  method: 'POST' | 'PUT',
  url: string,
  file: File,
  onProgress?: (percent: number) => void,
): Promise<T> {
  const token = await fetchCsrf();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(Math.round((e.loaded * 100) / e.total));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        /* not JSON: answered below by its status */
      }
      if (xhr.status === 200 || xhr.status === 201) return resolve(body as T);
      const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      reject(
        new ApiError(xhr.status, (err?.code ?? 'unknown') as ErrorCode, err?.message ?? xhr.statusText, err?.details),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload failed'));
    xhr.send(file);
  });
}
