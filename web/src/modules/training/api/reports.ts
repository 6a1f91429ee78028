/**
 * The reports part of training's calls on the app's client: the settings, the report, its coverage and export, the
 * publicity campaigns (with their file, sent as raw bytes) and the awareness messages.
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
} from '../../../app/api/client.js';
import type { paths } from '../../../app/api/schema.js';

type Lang = 'zh-CN' | 'en-US';
export type ReportFilters = Omit<Query<'/api/training/report'>, 'limit' | 'cursor'>;
export type ReportPage = paths['/api/training/report']['get']['responses'][200]['content']['application/json'];
export type ReportRow = ReportPage['items'][number];
export type Coverage = paths['/api/training/report/coverage']['get']['responses'][200]['content']['application/json'];
export type Campaign = paths['/api/training/campaigns/{id}']['get']['responses'][200]['content']['application/json'];
export type Awareness = paths['/api/training/awareness/{id}']['get']['responses'][200]['content']['application/json'];
export type TrainingSettings = paths['/api/training/settings']['get']['responses'][200]['content']['application/json'];
const enc = encodeURIComponent;

/** Attaches a campaign's file: its bytes are the body, the version and the name the query. */
function uploadCampaignFile(id: string, version: number, file: File): Promise<Campaign> {
  return uploadFile<Campaign>(
    'PUT',
    `/api/training/campaigns/${enc(id)}/file${queryString({ version: String(version), name: file.name })}`,
    file,
  );
}

export const reportsApi = {
  departments: () => call(client.GET('/api/departments')),
  courses: () => call(client.GET('/api/training/courses', { params: { query: {} } })),
  settings: {
    get: () => call(client.GET('/api/training/settings')),
    save: (body: Body<'/api/training/settings', 'put'>) => call(client.PUT('/api/training/settings', { body })),
  },
  report: {
    list: (query: Query<'/api/training/report'>) => call(client.GET('/api/training/report', { params: { query } })),
    coverage: (query: Query<'/api/training/report/coverage'>) =>
      call(client.GET('/api/training/report/coverage', { params: { query } })),
    exportUrl: (format: 'csv' | 'xlsx', query: ReportFilters, lang: Lang) =>
      hrefOf('/api/training/report/export', { ...query, format, lang }),
  },
  campaigns: {
    list: (all: boolean) =>
      call(client.GET('/api/training/campaigns', { params: { query: all ? { all: 'true' } : {} } })),
    create: (body: Body<'/api/training/campaigns', 'post'>) => call(client.POST('/api/training/campaigns', { body })),
    update: (id: string, body: Body<'/api/training/campaigns/{id}', 'put'>) =>
      call(client.PUT('/api/training/campaigns/{id}', { ...byId(id), body })),
    remove: (id: string, version: number) =>
      call(client.DELETE('/api/training/campaigns/{id}', { params: { path: { id }, query: { version } } })),
    upload: uploadCampaignFile,
    fileUrl: (id: string) => `/api/training/campaigns/${enc(id)}/file`,
  },
  awareness: {
    list: () => call(client.GET('/api/training/awareness')),
    create: (body: Body<'/api/training/awareness', 'post'>) => call(client.POST('/api/training/awareness', { body })),
    update: (id: string, body: Body<'/api/training/awareness/{id}', 'put'>) =>
      call(client.PUT('/api/training/awareness/{id}', { ...byId(id), body })),
    remove: (id: string, version: number) =>
      call(client.DELETE('/api/training/awareness/{id}', { params: { path: { id }, query: { version } } })),
  },
};
