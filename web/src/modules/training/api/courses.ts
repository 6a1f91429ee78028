/**
 * The courses part of training's calls on the app's client: courses, their materials (a file's bytes are the body of
 * its upload, with an idempotency key), online learning, the certificate of completion's address.
 */
import {
  api as client,
  byId,
  call,
  queryString,
  type BodyOf as Body,
  type QueryOf as Query,
  uploadFile as upload,
} from '../../../app/api/client.js';

import type { paths } from '../../../app/api/schema.js';

type Lang = 'zh-CN' | 'en-US';
export type CourseDetail = paths['/api/training/courses/{id}']['get']['responses'][200]['content']['application/json'];
export type CourseSummary =
  paths['/api/training/courses']['get']['responses'][200]['content']['application/json']['items'][number];
export type Material = CourseDetail['materials'][number];
export type Learning =
  paths['/api/training/courses/{id}/learning']['get']['responses'][200]['content']['application/json'];
export type CourseInput = Body<'/api/training/courses', 'post'>;
export type CourseFilters = Query<'/api/training/courses'>;
const enc = encodeURIComponent;

export const COURSES_KEY = ['training', 'courses'] as const;
export const courseKey = (id: string) => [...COURSES_KEY, id] as const;
export const learningKey = (id: string) => [...COURSES_KEY, id, 'learning'] as const;

const material = (courseId: string, materialId: string) => ({
  params: { path: { id: courseId, materialId } },
});

/**
 * Uploads a file material (XMLHttpRequest, as fetch reports no upload progress). `key` is the idempotency key: the
 * same key sent again adds the file once.
 */
async function uploadFile(
  courseId: string,
  q: { key: string; title: string; fileName: string; minMinutes: number },
  file: File,
  onProgress: (percent: number) => void,
): Promise<CourseDetail> {
  return upload<CourseDetail>(
    'POST',
    `/api/training/courses/${enc(courseId)}/materials/file${queryString({ ...q, minMinutes: String(q.minMinutes) })}`,
    file,
    onProgress,
  );
}

export const courseApi = {
  list: (query: CourseFilters = {}) => call(client.GET('/api/training/courses', { params: { query } })),
  get: (id: string) => call(client.GET('/api/training/courses/{id}', byId(id))),
  create: (body: CourseInput) => call(client.POST('/api/training/courses', { body })),
  update: (id: string, body: Body<'/api/training/courses/{id}', 'put'>) =>
    call(client.PUT('/api/training/courses/{id}', { ...byId(id), body })),
  publish: (id: string, version: number) =>
    call(client.POST('/api/training/courses/{id}/publish', { ...byId(id), body: { version } })),
  retire: (id: string, version: number) =>
    call(client.POST('/api/training/courses/{id}/retire', { ...byId(id), body: { version } })),
  materials: {
    add: (id: string, body: Body<'/api/training/courses/{id}/materials', 'post'>) =>
      call(client.POST('/api/training/courses/{id}/materials', { ...byId(id), body })),
    upload: uploadFile,
    update: (id: string, materialId: string, body: Body<'/api/training/courses/{id}/materials/{materialId}', 'put'>) =>
      call(client.PUT('/api/training/courses/{id}/materials/{materialId}', { ...material(id, materialId), body })),
    remove: (id: string, materialId: string, version: number) =>
      call(
        client.DELETE('/api/training/courses/{id}/materials/{materialId}', {
          params: { path: { id, materialId }, query: { version } },
        }),
      ),
    reorder: (id: string, version: number, materialIds: string[]) =>
      call(client.PUT('/api/training/courses/{id}/materials/order', { ...byId(id), body: { version, materialIds } })),
    fileUrl: (id: string, materialId: string) => `/api/training/courses/${enc(id)}/materials/${enc(materialId)}/file`,
  },
  learning: {
    get: (id: string) => call(client.GET('/api/training/courses/{id}/learning', byId(id))),
    open: (id: string, materialId: string) =>
      call(
        client.POST('/api/training/courses/{id}/materials/{materialId}/open', {
          ...material(id, materialId),
          body: {},
        }),
      ),
    heartbeat: (id: string, materialId: string, seconds: number) =>
      call(
        client.POST('/api/training/courses/{id}/materials/{materialId}/heartbeat', {
          ...material(id, materialId),
          body: { seconds },
        }),
      ),
    finish: (id: string, materialId: string) =>
      call(
        client.POST('/api/training/courses/{id}/materials/{materialId}/finish', {
          ...material(id, materialId),
          body: {},
        }),
      ),
  },
  certificateUrl: (completionId: string, lang: Lang) =>
    `/api/training/completions/${enc(completionId)}/certificate.pdf${queryString({ lang })}`,
};
