/**
 * Training courses (TRN-01..03, 09, 10): the security administrator writes a course (kind, mode, topics, audience as
 * rules, description), edits it under an optimistic version, publishes and retires it; the office sees drafts, everyone
 * else the published courses only. Refusals audited; bad input changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { courseBody, createCourse, createPublished, publishCourse } from '../../helpers/training-course.js';
import type { CourseDetail, CourseSummary } from '../../../src/modules/training/contracts/courses.js';

const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error?: { details?: { problem?: string } } }).error?.details?.problem;

describe.each(DB_KINDS)('training courses on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
  });
  afterAll(() => t.close());

  const list = async (a: PeopleOrg['sec'], query = '') =>
    json<{ items: CourseSummary[] }>(await a.get(`/api/training/courses${query}`)).items;

  it('[TRN-09] the office writes a course with its topics and audience, edits it, and publishes it', async () => {
    const c = await createCourse(org, {
      title: '新员工保密教育',
      kind: 'onboarding',
      topics: ['law', 'company_rules', 'leak_behaviours'],
      audience: [
        { kind: 'new_hires', withinDays: 90 },
        { kind: 'department', departmentId: org.deptA },
        { kind: 'clearance', classes: ['important', 'core'] },
        { kind: 'post', post: ' 工程师 ' },
      ],
      description: '# 简介\n\n<script>alert(1)</script> [法规](https://example.org) [x](javascript:alert(1))',
    });
    expect(c).toMatchObject({ status: 'draft', version: 1, publishedOn: null, materialCount: 0, materials: [] });
    // Stored normalised: classes in order, the post trimmed.
    expect(c.audience).toEqual([
      { kind: 'new_hires', withinDays: 90 },
      { kind: 'department', departmentId: org.deptA },
      { kind: 'clearance', classes: ['core', 'important'] },
      { kind: 'post', post: '工程师' },
    ]);
    expect(c.descriptionHtml).toContain('&lt;script&gt;');
    expect(c.descriptionHtml).toContain('href="https://example.org"');
    expect(c.descriptionHtml).not.toContain('href="javascript:');

    const edited = json<CourseDetail>(
      await org.sec.put(`/api/training/courses/${c.id}`, {
        ...courseBody({ title: '新员工保密教育（2026）', kind: 'onboarding', mode: 'offline' }),
        topics: c.topics,
        audience: [{ kind: 'new_hires', withinDays: 90 }],
        version: c.version,
      }),
    );
    expect(edited).toMatchObject({ title: '新员工保密教育（2026）', mode: 'offline', version: 2 });
    // A stale version is refused.
    const stale = await org.sec.put(`/api/training/courses/${c.id}`, { ...courseBody(), version: 1 });
    expectError(stale, 409, 'stale_version');

    const published = await publishCourse(org, c.id);
    expect(published.publishedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(published.version).toBe(3);
    const again = await org.sec.post(`/api/training/courses/${c.id}/publish`, { version: published.version });
    expectError(again, 409, 'conflict');
    expect(problemOf(again)).toBe('course_not_draft');
    // Published: the mode no longer changes.
    const mode = await org.sec.put(`/api/training/courses/${c.id}`, {
      ...courseBody({ kind: 'onboarding', mode: 'online' }),
      version: published.version,
    });
    expect(problemOf(mode)).toBe('course_not_draft');
  });

  it('[TRN-03] drafts are the office’s; everyone else reads the published courses (a draft answers 404, audited)', async () => {
    const draft = await createCourse(org, { mode: 'offline', title: '草稿课程' });
    const pub = await createPublished(org, { mode: 'offline', title: '线下课程' });
    const online = await createPublished(org, { title: '线上课程' }, { materials: 2 });
    expect(online.materials.map((m) => m.title)).toEqual(['资料 1', '资料 2']);
    const office = await list(org.sec);
    expect(office.map((c) => c.id)).toEqual(expect.arrayContaining([draft.id, pub.id, online.id]));
    expect((await list(org.sec, '?status=draft')).every((c) => c.status === 'draft')).toBe(true);
    const mine = await list(org.clerkB);
    expect(mine.map((c) => c.id)).toEqual(expect.arrayContaining([pub.id, online.id]));
    expect(mine.some((c) => c.id === draft.id)).toBe(false);
    expect(await list(org.clerkB, '?status=draft')).toEqual([]);
    expect((await list(org.clerkB, '?mode=online')).every((c) => c.mode === 'online')).toBe(true);
    expect(json<CourseDetail>(await org.clerkB.get(`/api/training/courses/${pub.id}`)).title).toBe('线下课程');

    const before = await t.auditHead();
    const hidden = await org.clerkB.get(`/api/training/courses/${draft.id}`);
    expectError(hidden, 404, 'not_found');
    const rows = await auditRowsAfter(t, before);
    expect(rows.map((r) => [r.action, r.result, r.target_id])).toEqual([['training.course_view', 'denied', draft.id]]);
  });

  it('only the security administrator manages courses (403, audited)', async () => {
    const c = await createCourse(org, { mode: 'offline' });
    for (const [who, name] of [
      [org.headA, 'head.a'],
      [org.sys, 'sysadmin'],
    ] as const) {
      let before = await t.auditHead();
      await expectDenied(t, before, await who.post('/api/training/courses', courseBody()), {
        action: 'training.course_create',
        actorName: name,
      });
      before = await t.auditHead();
      await expectDenied(t, before, await who.post(`/api/training/courses/${c.id}/publish`, { version: 1 }), {
        action: 'training.course_publish',
        actorName: name,
        targetId: c.id,
      });
      before = await t.auditHead();
      await expectDenied(t, before, await who.put(`/api/training/courses/${c.id}`, { ...courseBody(), version: 1 }), {
        action: 'training.course_update',
        actorName: name,
        targetId: c.id,
      });
    }
  });

  it('bad courses are refused with nothing recorded', async () => {
    const cases: [Record<string, unknown>, string | undefined][] = [
      [{ topics: [] }, undefined],
      [{ topics: ['law', 'law'] }, undefined],
      [{ topics: ['cooking'] }, undefined],
      [{ mode: 'hybrid' }, undefined],
      [{ title: '  ' }, undefined],
      [{ durationMinutes: 0 }, undefined],
      [{ extra: 1 }, undefined],
      [{ audience: [{ kind: 'all' }, { kind: 'all' }] }, 'audience_duplicate_rule'],
      [{ audience: [{ kind: 'new_hires', withinDays: 0 }] }, 'audience_days_out_of_range'],
      [{ audience: [{ kind: 'clearance', classes: [] }] }, 'audience_empty_classes'],
      [{ audience: [{ kind: 'post', post: '   ' }] }, 'audience_blank_post'],
      [
        { audience: [{ kind: 'department', departmentId: '00000000-0000-4000-8000-000000000000' }] },
        'department_unknown',
      ],
      [{ audience: [{ kind: 'department' }] }, undefined],
      [{ audience: [{ kind: 'all', extra: true }] }, undefined],
    ];
    for (const [patch, problem] of cases) {
      const before = await t.auditHead();
      const r = await org.sec.post('/api/training/courses', courseBody(patch));
      await expectRefusedQuietly(t, before, r, 400, 'validation_failed');
      if (problem) expect(problemOf(r), JSON.stringify(patch)).toBe(problem);
    }
  });

  it('publishing needs a material (online) and an audience (onboarding, refresher); retiring ends it', async () => {
    const online = await createCourse(org);
    const r1 = await org.sec.post(`/api/training/courses/${online.id}/publish`, { version: online.version });
    expect(problemOf(r1)).toBe('course_no_materials');
    const noAudience = await createCourse(org, { kind: 'refresher', mode: 'offline', audience: [] });
    const r2 = await org.sec.post(`/api/training/courses/${noAudience.id}/publish`, { version: 1 });
    expect(problemOf(r2)).toBe('course_no_audience');
    // An elective course needs no audience.
    const elective = await createPublished(org, { mode: 'offline', audience: [] });
    const retired = json<CourseDetail>(
      await org.sec.post(`/api/training/courses/${elective.id}/retire`, { version: elective.version }),
    );
    expect(retired.status).toBe('retired');
    const edit = await org.sec.put(`/api/training/courses/${elective.id}`, {
      ...courseBody({ mode: 'offline' }),
      version: retired.version,
    });
    expect(problemOf(edit)).toBe('course_retired');
    expect((await list(org.clerkB)).some((c) => c.id === elective.id)).toBe(false);
    const missing = await org.sec.get('/api/training/courses/00000000-0000-4000-8000-000000000000');
    expectError(missing, 404, 'not_found');
  });
});
