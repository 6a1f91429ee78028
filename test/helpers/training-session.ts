/**
 * Offline training sessions for the training integration tests: an offline course published by the security
 * administrator of a people organisation (`setupPeopleOrg`), sessions scheduled through the API as the web does,
 * times counted from the test clock.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Agent } from './api.js';
import { json } from './people.js';
import type { PeopleOrg } from './people-org.js';
import { createPublished } from './training-course.js';
import { signInAgain } from './people-report.js';
import type { CourseDetail } from '../../src/modules/training/contracts/courses.js';
import type { AttendanceResult, QrCode, SessionDetail } from '../../src/modules/training/contracts/sessions.js';

/** The instant `hours` from the test clock's now (ISO, UTC). */
export function inHours(org: PeopleOrg, hours: number): string {
  return new Date(org.t.ctx.now().getTime() + hours * 3_600_000).toISOString();
}

/** A published offline course (for everyone unless the audience is overridden). */
export async function createOfflineCourse(
  org: PeopleOrg,
  overrides: Record<string, unknown> = {},
): Promise<CourseDetail> {
  return createPublished(org, { mode: 'offline', title: '保密法规线下讲座', ...overrides });
}

/**
 * A valid new session of the course: in half an hour (attendance already open: it opens an hour before) for an hour,
 * 20 seats, open to the course's audience.
 */
export function sessionBody(org: PeopleOrg, courseId: string, overrides: Record<string, unknown> = {}) {
  return {
    courseId,
    startsAt: inHours(org, 0.5),
    endsAt: inHours(org, 1.5),
    place: '三楼会议室',
    trainer: '保密办 王老师',
    capacity: 20,
    departmentId: null,
    ...overrides,
  };
}

/** Schedules a session (as the security administrator unless `as` is given). */
export async function scheduleSession(
  org: PeopleOrg,
  courseId: string,
  overrides: Record<string, unknown> = {},
  as: Agent = org.sec,
): Promise<SessionDetail> {
  return json<SessionDetail>(await as.post('/api/training/sessions', sessionBody(org, courseId, overrides)), 201);
}

export async function getSession(as: Agent, id: string): Promise<SessionDetail> {
  return json<SessionDetail>(await as.get(`/api/training/sessions/${id}`));
}

export const signUp = (as: Agent, id: string): Promise<LightMyRequestResponse> =>
  as.post(`/api/training/sessions/${id}/sign-up`);

export const tick = (as: Agent, id: string, userId: string): Promise<LightMyRequestResponse> =>
  as.post(`/api/training/sessions/${id}/attendance`, { userId });

export const scan = (as: Agent, id: string, code: string): Promise<LightMyRequestResponse> =>
  as.post(`/api/training/sessions/${id}/scan`, { code });

/** The person's own training QR code. */
export async function qrOf(as: Agent): Promise<QrCode> {
  return json<QrCode>(await as.get('/api/training/me/qr'));
}

export type { AttendanceResult, SessionDetail };

/**
 * Moves the test clock by minutes, then signs everyone of the organisation in again (sessions lock after five idle
 * minutes).
 */
export async function advanceMinutes(org: PeopleOrg, minutes: number): Promise<void> {
  org.t.advance(minutes * 60_000);
  for (const a of org.byId.values()) await signInAgain(org.t, a);
}
