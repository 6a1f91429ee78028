/**
 * The people module's calls (agreement templates, my obligations and signing, signatures, the report) on the
 * app's client: the CSRF header, errors as `ApiError`, the redirect to sign-in when the session is gone.
 */
import { ApiError, api as client, call, fetchCsrf, queryString } from '../../app/api/client.js';
import type { ErrorCode } from '../../app/contracts.js';
import type {
  AgreementSettings,
  MyObligations,
  PersonAgreements,
  SignAnswer,
  Signature as SignatureSummary,
  PublishResult,
  RenderedVersion,
  ReportQuery,
  ReportResponse,
  Template,
  TemplateInput,
  TemplateSummary,
} from './contracts.js';

type UpdateInput = Omit<TemplateInput, 'kind'> & { version: number };
type Filters = Omit<ReportQuery, 'limit' | 'cursor'>;

type Lang = 'zh-CN' | 'en-US';
type Init = { params?: { query?: object }; body?: unknown };
type Answer = Promise<{ data?: unknown; error?: unknown; response: Response }>;
/** Untyped while the server's routes land (`npm run api:types` then types them). */
const raw = client as unknown as {
  GET(path: string, init?: Init): Answer;
  POST(path: string, init?: Init): Answer;
  PUT(path: string, init?: Init): Answer;
};
const get = <T>(path: string, query?: object) => call(raw.GET(path, { params: { query } })) as Promise<T>;
const post = <T>(path: string, body?: unknown) => call(raw.POST(path, { body: body ?? {} })) as Promise<T>;
const put = <T>(path: string, body: unknown) => call(raw.PUT(path, { body })) as Promise<T>;
const enc = encodeURIComponent;

/**
 * Records a paper signature: the scan (PDF, PNG or JPEG) is the body, who, which version and when the query
 * (XMLHttpRequest, as fetch reports no upload progress).
 */
async function recordPaper(
  query: { userId: string; versionId: string; signedOn: string },
  file: File,
  onProgress: (percent: number) => void,
) {
  const token = await fetchCsrf();
  return new Promise<SignatureSummary>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/agreements/paper${queryString(query)}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded * 100) / e.total));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        /* not JSON: answered below by its status */
      }
      if (xhr.status === 200 || xhr.status === 201) return resolve(body as SignatureSummary);
      const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      reject(
        new ApiError(xhr.status, (err?.code ?? 'unknown') as ErrorCode, err?.message ?? xhr.statusText, err?.details),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload failed'));
    xhr.send(file);
  });
}

export const api = {
  directory: {
    departments: () => call(client.GET('/api/departments')),
  },
  templates: {
    list: () => get<{ items: TemplateSummary[] }>('/api/agreement-templates'),
    get: (id: string) => get<Template>(`/api/agreement-templates/${enc(id)}`),
    create: (body: TemplateInput) => post<Template>('/api/agreement-templates', body),
    update: (id: string, body: UpdateInput) => put<Template>(`/api/agreement-templates/${enc(id)}`, body),
    preview: (body: string, duties: string | null) =>
      post<{ html: string }>('/api/agreement-templates/preview', { body, duties }),
    publish: (id: string, version: number) =>
      post<PublishResult>(`/api/agreement-templates/${enc(id)}/publish`, { version }),
    retire: (id: string, version: number) => post<Template>(`/api/agreement-templates/${enc(id)}/retire`, { version }),
    versionText: (id: string, versionId: string) =>
      get<RenderedVersion>(`/api/agreement-templates/${enc(id)}/versions/${enc(versionId)}`),
  },
  settings: {
    get: () => get<{ version: number; settings: AgreementSettings }>('/api/agreement-settings'),
  },
  mine: {
    list: () => get<MyObligations>('/api/agreements/mine'),
    text: (templateId: string) => get<RenderedVersion>(`/api/agreements/mine/${enc(templateId)}/text`),
    sign: (body: { versionId: string; password: string; totpCode?: string }) =>
      post<SignAnswer>('/api/agreements/sign', body),
  },
  signatures: {
    pdfUrl: (id: string, lang: Lang) => `/api/agreements/signatures/${enc(id)}/pdf${queryString({ lang })}`,
    withdraw: (id: string, reason: string) =>
      post<SignatureSummary>(`/api/agreements/signatures/${enc(id)}/withdraw`, { reason }),
  },
  people: {
    get: (userId: string) => get<PersonAgreements>(`/api/agreements/people/${enc(userId)}`),
    recordPaper,
    askLeaver: (userId: string) => post<unknown>('/api/agreements/leavers', { userId }),
  },
  report: {
    list: (query: ReportQuery) => get<ReportResponse>('/api/agreements/report', query),
    exportUrl: (format: 'csv' | 'xlsx', query: Filters, lang: Lang) =>
      `/api/agreements/report/export${queryString({ ...query, format, lang })}`,
  },
};
