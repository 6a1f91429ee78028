/**
 * The organisation import's calls. The workbook travels as the request's raw body (as the paper scans do), so
 * these use fetch with the CSRF header themselves; paths, queries and answers are the generated types'.
 */
import { ApiError, fetchCsrf, hrefOf } from '../../app/api/client.js';
import type { ErrorCode } from '../../app/contracts.js';
import type { paths } from '../../app/api/schema.js';

type PreviewPath = paths['/api/directory/import/preview']['post'];
type CommitPath = paths['/api/directory/import/commit']['post'];
type ErrorsPath = paths['/api/directory/import/errors']['post'];
export type ImportPreview = PreviewPath['responses'][200]['content']['application/json'];
export type ImportCommit = CommitPath['responses'][200]['content']['application/json'];
export type ImportCommitQuery = NonNullable<CommitPath['parameters']['query']>;
export type ImportErrorsQuery = NonNullable<ErrorsPath['parameters']['query']>;
export type ImportLang = 'zh-CN' | 'en-US';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function send(url: string, file: File, accept: string): Promise<Response> {
  const token = await fetchCsrf();
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': XLSX, accept, 'x-csrf-token': token },
      body: file,
    });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (res.ok) return res;
  let err: { code?: string; message?: string; details?: unknown } | undefined;
  try {
    err = ((await res.json()) as { error?: typeof err }).error;
  } catch {
    /* not JSON: answered by its status */
  }
  throw new ApiError(res.status, (err?.code ?? 'unknown') as ErrorCode, err?.message ?? res.statusText, err?.details);
}

const query = (q: object) =>
  '?' +
  new URLSearchParams(
    Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  ).toString();

/** Saves an answer as a file through a temporary link. */
async function download(res: Response, fallback: string): Promise<void> {
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const importApi = {
  templateHref: (lang: ImportLang) => hrefOf('/api/directory/import/template', { lang }),
  preview: async (file: File): Promise<ImportPreview> =>
    (await (await send('/api/directory/import/preview', file, 'application/json')).json()) as ImportPreview,
  downloadErrors: async (file: File, q: ImportErrorsQuery): Promise<void> =>
    download(await send(`/api/directory/import/errors${query(q)}`, file, '*/*'), `import-errors.${q.format ?? 'xlsx'}`),
  commit: async (file: File, q: ImportCommitQuery): Promise<ImportCommit> =>
    (await (await send(`/api/directory/import/commit${query(q)}`, file, 'application/json')).json()) as ImportCommit,
};
