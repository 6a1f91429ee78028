/**
 * The sessions part of training's calls on the app's client: offline sessions, their sign-in lists, attendance (a
 * tick or a scanned QR code) and the caller's own training QR code.
 */
import { api as client, byId, call, type BodyOf as Body } from '../../../app/api/client.js';
import type { paths } from '../../../app/api/schema.js';

export type SessionDetail =
  paths['/api/training/sessions/{id}']['get']['responses'][200]['content']['application/json'];
export type SessionSummary =
  paths['/api/training/sessions']['get']['responses'][200]['content']['application/json']['items'][number];
export type Attendee = NonNullable<SessionDetail['people']>[number];
export type SessionInput = Body<'/api/training/sessions', 'post'>;
export type SessionEdit = Body<'/api/training/sessions/{id}', 'put'>;
export type SessionScope = 'upcoming' | 'mine' | 'organising';

export const SESSIONS_KEY = ['training', 'sessions'] as const;
export const sessionKey = (id: string) => [...SESSIONS_KEY, 'one', id] as const;
export const QR_KEY = ['training', 'me', 'qr'] as const;

export const sessionApi = {
  list: (scope: SessionScope, courseId?: string) =>
    call(client.GET('/api/training/sessions', { params: { query: { scope, ...(courseId ? { courseId } : {}) } } })),
  get: (id: string) => call(client.GET('/api/training/sessions/{id}', byId(id))),
  create: (body: SessionInput) => call(client.POST('/api/training/sessions', { body })),
  update: (id: string, body: SessionEdit) => call(client.PUT('/api/training/sessions/{id}', { ...byId(id), body })),
  cancel: (id: string, version: number) =>
    call(client.POST('/api/training/sessions/{id}/cancel', { ...byId(id), body: { version } })),
  close: (id: string, version: number) =>
    call(client.POST('/api/training/sessions/{id}/close', { ...byId(id), body: { version } })),
  signUp: (id: string) => call(client.POST('/api/training/sessions/{id}/sign-up', byId(id))),
  withdraw: (id: string) => call(client.POST('/api/training/sessions/{id}/withdraw', byId(id))),
  addPeople: (id: string, userIds: string[]) =>
    call(client.POST('/api/training/sessions/{id}/people', { ...byId(id), body: { userIds } })),
  removePerson: (id: string, userId: string) =>
    call(client.DELETE('/api/training/sessions/{id}/people/{userId}', { params: { path: { id, userId } } })),
  tick: (id: string, userId: string) =>
    call(client.POST('/api/training/sessions/{id}/attendance', { ...byId(id), body: { userId } })),
  scan: (id: string, code: string) =>
    call(client.POST('/api/training/sessions/{id}/scan', { ...byId(id), body: { code } })),
  myQr: () => call(client.GET('/api/training/me/qr')),
  /** Published offline courses, for scheduling. */
  courses: () => call(client.GET('/api/training/courses')),
  departments: () => call(client.GET('/api/departments')),
};
