/**
 * The records part of training's calls on the app's client: my training, a person's record, completions recorded by
 * the office and external certificates (the file is the body of the upload, the details the query), follow-up tasks.
 */
import {
  api as client,
  byId,
  call,
  queryString,
  type BodyOf as Body,
  type QueryOf as Query,
  uploadFile,
} from '../../../app/api/client.js';

import type { paths } from '../../../app/api/schema.js';

export type TrainingRecord = paths['/api/training/me']['get']['responses'][200]['content']['application/json'];
export type Due = TrainingRecord['dues'][number];
export type Completion = TrainingRecord['completions'][number];
export type External = TrainingRecord['external'][number];
export type Assignment = TrainingRecord['tasks'][number];
export type AssignInput = Body<'/api/training/assignments', 'post'>;
export type AssignmentFilters = Query<'/api/training/assignments'>;
export type CompletionQuery = paths['/api/training/people/{userId}/completions']['post']['parameters']['query'];
export type ExternalQuery = paths['/api/training/people/{userId}/external']['post']['parameters']['query'];

const enc = encodeURIComponent;

export const RECORD_KEY = ['training', 'record'] as const;
export const MY_RECORD_KEY = [...RECORD_KEY, 'me'] as const;
export const personRecordKey = (userId: string) => [...RECORD_KEY, 'person', userId] as const;
export const ASSIGNMENTS_KEY = ['training', 'assignments'] as const;

/** Uploads a file with its details in the query (XMLHttpRequest, as fetch reports no upload progress). */
async function upload<T>(url: string, file: File, onProgress?: (percent: number) => void): Promise<T> {
  return uploadFile<T>('POST', url, file, onProgress);
}

export const recordApi = {
  mine: () => call(client.GET('/api/training/me')),
  person: (userId: string) => call(client.GET('/api/training/people/{userId}', { params: { path: { userId } } })),
  recordCompletion: (userId: string, q: CompletionQuery, file: File, onProgress?: (p: number) => void) =>
    upload<Completion>(`/api/training/people/${enc(userId)}/completions${queryString(q)}`, file, onProgress),
  recordExternal: (userId: string, q: ExternalQuery, file: File, onProgress?: (p: number) => void) =>
    upload<External>(`/api/training/people/${enc(userId)}/external${queryString(q)}`, file, onProgress),
  /** The published courses (to record a completion of, or to assign). */
  courses: () => call(client.GET('/api/training/courses', { params: { query: { status: 'published' } } })),
  certificateUrl: (completionId: string, lang: string) =>
    `/api/training/completions/${enc(completionId)}/certificate.pdf${queryString({ lang })}`,
  evidenceUrl: (completionId: string) => `/api/training/completions/${enc(completionId)}/evidence`,
  externalFileUrl: (id: string) => `/api/training/external/${enc(id)}/file`,
  assignments: (query: AssignmentFilters) => call(client.GET('/api/training/assignments', { params: { query } })),
  assign: (body: AssignInput) => call(client.POST('/api/training/assignments', { body })),
  cancel: (id: string, version: number) =>
    call(client.POST('/api/training/assignments/{id}/cancel', { ...byId(id), body: { version } })),
};
