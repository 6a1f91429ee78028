/**
 * Training courses for the training integration tests: written and published by the security administrator of a
 * people organisation (`setupPeopleOrg`), through the API as the web does.
 */
import { expect } from 'vitest';
import { json } from './people.js';
import type { PeopleOrg } from './people-org.js';
import type { CourseDetail } from '../../src/modules/training/contracts/courses.js';

let unique = 0;

/** A valid new course: an online elective for everyone unless overridden. */
export function courseBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  unique++;
  return {
    title: `保密培训课程 ${unique}`,
    kind: 'elective',
    mode: 'online',
    topics: ['basics'],
    audience: [{ kind: 'all' }],
    description: '# 课程简介\n\n学习保密基础知识。',
    durationMinutes: 30,
    validityMonths: null,
    ...overrides,
  };
}

/** Creates a draft course as the security administrator. */
export async function createCourse(org: PeopleOrg, overrides: Record<string, unknown> = {}): Promise<CourseDetail> {
  return json<CourseDetail>(await org.sec.post('/api/training/courses', courseBody(overrides)), 201);
}

/** Adds a Markdown text material (no least time unless given) to a draft course as the security administrator. */
export async function addTextMaterial(
  org: PeopleOrg,
  courseId: string,
  overrides: Record<string, unknown> = {},
): Promise<CourseDetail> {
  return json<CourseDetail>(
    await org.sec.post(`/api/training/courses/${courseId}/materials`, {
      kind: 'text',
      title: '保密须知',
      body: '## 保密须知\n\n不得在互联网上处理涉密信息。',
      minMinutes: 0,
      ...overrides,
    }),
    201,
  );
}

/** Publishes a draft course (at its current record version). */
export async function publishCourse(org: PeopleOrg, id: string): Promise<CourseDetail> {
  const current = json<CourseDetail>(await org.sec.get(`/api/training/courses/${id}`));
  const r = json<CourseDetail>(await org.sec.post(`/api/training/courses/${id}/publish`, { version: current.version }));
  expect(r.status).toBe('published');
  return r;
}

/**
 * Creates a course and publishes it. An online or blended course gets one text material first (publishing needs one) unless
 * `materials: false`; pass `materials: n` for n text materials.
 */
export async function createPublished(
  org: PeopleOrg,
  overrides: Record<string, unknown> = {},
  opts: { materials?: number | false } = {},
): Promise<CourseDetail> {
  const c = await createCourse(org, overrides);
  const n = opts.materials === false ? 0 : (opts.materials ?? 1);
  if (c.mode !== 'offline') for (let i = 0; i < n; i++) await addTextMaterial(org, c.id, { title: `资料 ${i + 1}` });
  return publishCourse(org, c.id);
}
