/**
 * The people module's calls (agreement templates, my obligations and signing, signatures, the report) on the
 * app's client: the CSRF header, errors as `ApiError`, the redirect to sign-in when the session is gone.
 */
import {
  api as client,
  byId,
  call,
  hrefOf,
  queryString,
  type BodyOf as Body,
  type QueryOf as Query,
  uploadFile,
} from '../../app/api/client.js';

import type { paths } from '../../app/api/schema.js';

type PaperAnswer = paths['/api/agreements/paper']['post']['responses'][201]['content']['application/json'];

type Filters = Omit<Query<'/api/agreements/report'>, 'limit' | 'cursor'>;

type Lang = 'zh-CN' | 'en-US';
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
  return uploadFile<PaperAnswer>('POST', `/api/agreements/paper${queryString(query)}`, file, onProgress);
}

export const api = {
  directory: {
    departments: () => call(client.GET('/api/departments')),
  },
  templates: {
    list: () => call(client.GET('/api/agreement-templates')),
    get: (templateId: string) => call(client.GET('/api/agreement-templates/{id}', byId(templateId))),
    create: (body: Body<'/api/agreement-templates', 'post'>) => call(client.POST('/api/agreement-templates', { body })),
    update: (templateId: string, body: Body<'/api/agreement-templates/{id}', 'put'>) =>
      call(client.PUT('/api/agreement-templates/{id}', { ...byId(templateId), body })),
    preview: (body: string, duties: string | null) =>
      call(client.POST('/api/agreement-templates/preview', { body: { body, duties } })),
    publish: (templateId: string, version: number) =>
      call(client.POST('/api/agreement-templates/{id}/publish', { ...byId(templateId), body: { version } })),
    retire: (templateId: string, version: number) =>
      call(client.POST('/api/agreement-templates/{id}/retire', { ...byId(templateId), body: { version } })),
    versionText: (id: string, versionId: string) =>
      call(client.GET('/api/agreement-templates/{id}/versions/{versionId}', { params: { path: { id, versionId } } })),
  },
  settings: {
    get: () => call(client.GET('/api/agreement-settings')),
    save: (body: Body<'/api/agreement-settings', 'put'>) => call(client.PUT('/api/agreement-settings', { body })),
  },
  mine: {
    list: () => call(client.GET('/api/agreements/mine')),
    text: (templateId: string) =>
      call(client.GET('/api/agreements/mine/{templateId}/text', { params: { path: { templateId } } })),
    sign: (body: Body<'/api/agreements/sign', 'post'>) => call(client.POST('/api/agreements/sign', { body })),
  },
  signatures: {
    /** A paper signature's scan, shown by the browser. */
    scanUrl: (id: string) => `/api/agreements/signatures/${enc(id)}/scan`,
    pdfUrl: (id: string, lang: Lang) => `/api/agreements/signatures/${enc(id)}/pdf${queryString({ lang })}`,
    withdraw: (id: string, reason: string) =>
      call(client.POST('/api/agreements/signatures/{id}/withdraw', { ...byId(id), body: { reason } })),
  },
  people: {
    get: (userId: string) => call(client.GET('/api/agreements/people/{userId}', { params: { path: { userId } } })),
    recordPaper,
    leavers: () => call(client.GET('/api/agreements/leavers')),
    askLeaver: (userId: string) => call(client.POST('/api/agreements/leavers', { body: { userId } })),
  },
  report: {
    list: (query: Query<'/api/agreements/report'>) => call(client.GET('/api/agreements/report', { params: { query } })),
    exportUrl: (format: 'csv' | 'xlsx', query: Filters, lang: Lang) =>
      hrefOf('/api/agreements/report/export', { ...query, format, lang }),
  },
};
