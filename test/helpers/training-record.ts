/**
 * Training records for the integration tests: completions recorded by the office with an evidence file, external
 * certificates, follow-up tasks; through the API as the web does.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Agent } from './api.js';
import { json } from './people.js';
import type { AssignmentDto, TrainingRecord } from '../../src/modules/training/contracts/records.js';

/** The smallest files of each accepted kind (their first bytes are what the server checks). */
export const PDF_FILE = Buffer.from('%PDF-1.4\n% training evidence\n%%EOF\n');
export const PNG_FILE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

const query = (q: Record<string, string | undefined>) =>
  Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('&');

/** Records a completion for `userId` as `as` (the office), with an evidence file. */
export function recordCompletionAs(
  as: Agent,
  userId: string,
  q: { courseId: string; completedOn: string; note?: string; key?: string },
  file: Buffer = PDF_FILE,
  type = 'application/pdf',
): Promise<LightMyRequestResponse> {
  return as.request('POST', `/api/training/people/${userId}/completions?${query(q)}`, file, { 'content-type': type });
}

/** Records an external certificate of `userId` as `as` (the person or the office). */
export function recordExternalAs(
  as: Agent,
  userId: string,
  q: {
    title?: string;
    provider?: string;
    completedOn?: string;
    expiresOn?: string;
    certificateNo?: string;
    note?: string;
    fileName?: string;
    key?: string;
  } = {},
  file: Buffer = PDF_FILE,
  type = 'application/pdf',
): Promise<LightMyRequestResponse> {
  const full = { title: '保密管理专业培训', provider: '市国家保密局', completedOn: '2026-10-15', ...q };
  return as.request('POST', `/api/training/people/${userId}/external?${query(full)}`, file, { 'content-type': type });
}

/** Assigns follow-up training as `as`; returns the tasks. */
export async function assignAs(
  as: Agent,
  body: {
    userIds: string[];
    courseId: string;
    dueOn: string;
    reason?: string;
    source?: string;
    sourceRef?: string | null;
  },
): Promise<AssignmentDto[]> {
  return json<{ items: AssignmentDto[] }>(
    await as.post('/api/training/assignments', { reason: '泄密事件后的补训', source: 'incident', ...body }),
    201,
  ).items;
}

/** My training, as `as` reads it. */
export async function myRecord(as: Agent): Promise<TrainingRecord> {
  return json<TrainingRecord>(await as.get('/api/training/me'));
}
