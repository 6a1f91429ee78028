/**
 * Blended courses (线上线下结合, TRN-03): one course offered online and in sessions; either completes it. A person who
 * works through the materials and another who attends a session both hold a certificate of the same course, and the
 * report counts both completed; an online course has no sessions and an offline one no online learning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { createPublished } from '../../helpers/training-course.js';
import {
  qrOf,
  scan,
  scheduleSession,
  sessionBody,
  signUp,
  type AttendanceResult,
} from '../../helpers/training-session.js';
import { myRecord } from '../../helpers/training-record.js';
import type { Learning } from '../../../src/modules/training/contracts/courses.js';

const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error?: { details?: { problem?: string } } }).error?.details?.problem;

describe.each(DB_KINDS)('blended courses on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
  });
  afterAll(() => t.close());

  it('[TRN-03] one person completes it online, another in a session: both completed, each with a certificate', async () => {
    const c = await createPublished(org, { mode: 'blended', title: '入职保密培训（线上线下结合）' });
    const m = c.materials[0]!;
    // Online: the materials are there to work through (least time 0: opening it is enough).
    const base = `/api/training/courses/${c.id}/materials/${m.id}`;
    json<Learning>(await org.clerkB.post(`${base}/open`, {}));
    const done = json<Learning>(await org.clerkB.post(`${base}/finish`, {}));
    expect(done.completedNow?.certificateNo).toMatch(/^TRN-\d{4}-\d{6}$/);

    // Offline: a session of the same course; the tester signs up and is scanned in at the door.
    const s = await scheduleSession(org, c.id);
    expect((await signUp(org.testerA, s.id)).statusCode).toBe(200);
    const { code } = await qrOf(org.testerA);
    const att = json<AttendanceResult>(await scan(org.sec, s.id, code));
    expect(att.completion.certificateNo).toMatch(/^TRN-\d{4}-\d{6}$/);
    expect(att.completion.certificateNo).not.toBe(done.completedNow?.certificateNo);

    for (const who of [org.clerkB, org.testerA]) {
      const record = await myRecord(who);
      expect(record.dues.find((d) => d.courseId === c.id)?.state).toBe('completed');
      expect(record.completions.filter((x) => x.courseId === c.id)).toHaveLength(1);
    }
  });

  it('[TRN-03] an online course has no sessions; an offline one no online learning', async () => {
    const online = await createPublished(org, { mode: 'online' });
    const r = await org.sec.post('/api/training/sessions', sessionBody(org, online.id));
    expectError(r, 400, 'bad_request');
    expect(problemOf(r)).toBe('course_not_offline');
    const offline = await createPublished(org, { mode: 'offline' });
    const l = await org.clerkB.get(`/api/training/courses/${offline.id}/learning`);
    expect(problemOf(l)).toBe('course_offline');
  });
});
