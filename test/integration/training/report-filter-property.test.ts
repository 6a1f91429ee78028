/**
 * The training report and the one policy agree, and its states are the domain's: for every reader of a seeded random
 * organisation, the report (and its coverage) lists exactly the active people for whom
 * `can(actor, 'training.view_person', person)` holds — or refuses a reader without `training.view_reports`, and a
 * department the reader may not see — and each listed person's dues are what `duesOf` computes from the facts the
 * test itself recorded (departments, posts, clearance, classified-computer use, start dates, the courses published
 * and when, completions, follow-up tasks). Random filters (state, course, department, name) keep exactly the dues
 * they name, so nobody counts people they may not see.
 *
 * The state: people at random in the root, department A, its sub-department and B with random posts, roles,
 * clearance, computer use and start dates (long ago, recent, ahead); onboarding, refresher and elective courses for
 * random audiences, published at random days in the past; random completions (some long expired); follow-up tasks;
 * one person disabled and one departed (the report leaves both out).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { rng, type Rng } from '../../helpers/carrier-world.js';
import { member, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { createCourse, createPublished } from '../../helpers/training-course.js';
import { complete, dayFrom, publishedOn, setPersonFacts } from '../../helpers/training-report.js';
import { can } from '../../../src/policy/index.js';
import { dateOf } from '../../../src/kernel/secrecy-period.js';
import type { BusinessRole, ClearanceClass } from '../../../src/kernel/roles.js';
import { TRAINING_STATES, type AudienceRule, type CourseKind } from '../../../src/kernel/training.js';
import {
  duesOf,
  type AssignmentFacts,
  type CompletionFacts,
  type CourseFacts,
} from '../../../src/modules/training/domain/dues.js';
import type { TrainingPersonFacts } from '../../../src/modules/training/domain/audiences.js';
import { DEFAULT_TRAINING_SETTINGS } from '../../../src/modules/training/services/training-settings.js';
import { trainingReport, keptDues, type ReportInput } from '../../../src/modules/training/services/report-service.js';
import { trainingCoverage } from '../../../src/modules/training/services/coverage-service.js';
import { findUserById, toActor } from '../../../src/modules/identity/index.js';
import { getClassificationPolicy, todayOf, withAccess } from '../../../src/platform/organisation.js';
import { newId } from '../../../src/platform/context.js';
import { AppError } from '../../../src/platform/errors.js';

const SEED = 20261216;

describe.each(DB_KINDS)('training report against the policy and the rule on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let r: Rng;
  const courses: CourseFacts[] = [];
  const completions = new Map<string, CompletionFacts[]>();
  const assignments = new Map<string, AssignmentFacts[]>();
  const hired = new Map<string, string | null>();
  const computer = new Set<string>();
  let parents = new Map<string, string | null>();

  const pathOf = (d: string | null) => {
    const out: string[] = [];
    for (let cur = d; cur && out.length < 64; cur = parents.get(cur) ?? null) out.push(cur);
    return out;
  };

  /** Every person as the test recorded them (the directory's rows for department, post, clearance). */
  async function people() {
    const tz = (await getClassificationPolicy(t.ctx)).timeZone;
    const rows = await t.ctx.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'department_id', 'post', 'clearance_class', 'created_at', 'status'])
      .execute();
    return rows.map((u) => ({
      status: u.status,
      username: u.username,
      displayName: u.display_name,
      facts: {
        id: u.id,
        departmentPath: pathOf(u.department_id),
        post: u.post,
        clearanceClass: u.clearance_class as ClearanceClass | null,
        computerUser: computer.has(u.id),
        startOn: hired.get(u.id) ?? dateOf(new Date(u.created_at), tz),
      } satisfies TrainingPersonFacts,
    }));
  }

  async function randomAudience(): Promise<AudienceRule[]> {
    const options: AudienceRule[] = [
      { kind: 'all' },
      { kind: 'department', departmentId: r.pick([org.deptA, org.subA, org.deptB]) },
      { kind: 'post', post: r.pick(['工程师', '会计', '测试员']) },
      { kind: 'clearance', classes: ['important'] },
      { kind: 'computer_users' },
      { kind: 'new_hires', withinDays: r.pick([30, 90, 365]) },
    ];
    const picked = r.subset(options, 2);
    return picked.length ? picked : [{ kind: 'all' }];
  }

  async function publishRandom(i: number): Promise<void> {
    const k = r.pick<CourseKind>(['onboarding', 'refresher', 'refresher', 'elective']);
    const audience = await randomAudience();
    const validityMonths = k === 'refresher' ? r.pick([null, 1, 6]) : r.pick([null, null, 3]);
    const c = await createPublished(org, { title: `课程 ${i}`, kind: k, audience, validityMonths });
    const day = await dayFrom(t, -r.int(0, 200));
    await publishedOn(t, c.id, day);
    courses.push({ id: c.id, kind: k, status: 'published', audience, validityMonths, publishedOn: day });
  }

  beforeAll(async () => {
    r = rng(SEED + (kind === 'postgres' ? 1 : 0));
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    const roles: BusinessRole[][] = [['employee'], ['employee'], ['dept_head'], ['dept_officer'], ['leadership']];
    for (let i = 0; i < 8; i++)
      await member(t, `rand.${i}`, {
        departmentId: r.pick([t.rootDepartmentId, org.deptA, org.subA, org.deptB]),
        post: r.pick(['工程师', '会计', '测试员', null]),
        roles: r.pick(roles),
        clearance: r.chance(0.5) ? 'important' : null,
      });
    parents = new Map(
      (await t.ctx.db.selectFrom('departments').select(['id', 'parent_id']).execute()).map((d) => [d.id, d.parent_id]),
    );
    for (const p of await people()) {
      const start = r.pick([null, '2020-01-01', await dayFrom(t, -r.int(1, 120)), await dayFrom(t, r.int(1, 40))]);
      hired.set(p.facts.id, start);
      await setPersonFacts(t, [p.facts.id], { hiredOn: start });
      if (r.chance(0.4)) {
        computer.add(p.facts.id);
        await setPersonFacts(t, [p.facts.id], { computerUser: true });
      }
    }
    for (let i = 0; i < 6; i++) await publishRandom(i);
    const draft = await createCourse(org, { title: '草稿', kind: 'onboarding' });
    courses.push({
      id: draft.id,
      kind: 'onboarding',
      status: 'draft',
      audience: [{ kind: 'all' }],
      validityMonths: null,
      publishedOn: null,
    });
    const published = courses.filter((c) => c.status === 'published');
    // Random completions, some long ago (expired refreshers), some recent.
    for (const p of await people()) {
      for (const c of r.subset(published, 3)) {
        const on = await dayFrom(t, -r.int(0, 400));
        await complete(t, p.facts.id, c.id, on);
        const list = completions.get(p.facts.id) ?? [];
        list.push({ id: 'x', courseId: c.id, completedOn: on });
        completions.set(p.facts.id, list);
      }
    }
    // Follow-up tasks (TRN-13), assigned today: open until a completion from today on.
    const today = await todayOf(t.ctx);
    for (const p of r.subset(await people(), 4)) {
      const c = r.pick(published);
      const id = newId();
      const dueOn = await dayFrom(t, r.pick([-5, 10]));
      await t.ctx.db
        .insertInto('training_assignments')
        .values({
          id,
          user_id: p.facts.id,
          course_id: c.id,
          due_on: dueOn,
          source: 'finding',
          source_ref: null,
          reason: '检查发现问题',
          assigned_by: org.sec.userId,
          assigned_at: t.ctx.now().toISOString(),
          completion_id: null,
          cancelled_at: null,
          cancelled_by: null,
          version: 1,
        })
        .execute();
      const list = assignments.get(p.facts.id) ?? [];
      list.push({ id, courseId: c.id, dueOn, assignedOn: today, cancelled: false });
      assignments.set(p.facts.id, list);
    }
    // One person departed, one disabled: the report leaves both out.
    await t.ctx.db.updateTable('users').set({ status: 'departed' }).where('id', '=', org.engineerA.userId).execute();
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', org.clerkB.userId).execute();
  });
  afterAll(() => t.close());

  type Shown = { courseId: string; state: string; dueOn: string | null; expiresOn: string | null };
  const shape = (ds: readonly Shown[]) => ds.map((d) => `${d.courseId}:${d.state}:${d.dueOn}:${d.expiresOn}`).sort();

  it('[TRN-03] every reader lists and counts exactly the people the policy lets them see, in the states the rule computes', async () => {
    const everyone = await people();
    const today = await todayOf(t.ctx);
    const published = courses.filter((c) => c.status === 'published');
    const stats = { readers: 0, refused: 0, rows: 0, states: new Set<string>() };
    const filters: ReportInput[] = [
      {},
      { state: 'overdue' },
      { state: r.pick(TRAINING_STATES) },
      { courseId: r.pick(published).id },
      { courseId: r.pick(published).id, state: 'due' },
      { departmentId: org.deptA },
      { departmentId: org.subA, state: 'overdue' },
      { q: 'RAND' },
    ];
    for (const { facts: me, status } of everyone) {
      const row = await findUserById(t.ctx.db, me.id);
      const actor = await withAccess(t.ctx, toActor(row!));
      const rc = { actor, ip: null, requestId: null };
      const who = `${row!.username} (${actor.adminRole ?? actor.businessRoles.join('+')}, ${status})`;
      for (const filter of filters) {
        const what = `${who} ${JSON.stringify(filter)}`;
        const got = await trainingReport(t.ctx, rc, { ...filter, limit: 200 }).then(
          (x) => x,
          (e: unknown) => e as AppError,
        );
        if (!can(actor, 'training.view_reports')) {
          expect((got as AppError).code, what).toBe('forbidden');
          stats.refused++;
          continue;
        }
        if (
          filter.departmentId &&
          !can(actor, 'training.view_reports', {
            kind: 'training_department',
            departmentId: filter.departmentId,
            departmentPath: pathOf(filter.departmentId),
          })
        ) {
          expect((got as AppError).code, what).toBe('not_found');
          continue;
        }
        expect(got, what).not.toBeInstanceOf(AppError);
        const report = got as Exclude<typeof got, AppError>;
        const expected: { id: string; dues: Shown[] }[] = [];
        let inScope = 0;
        let withDues = 0;
        for (const p of everyone) {
          if (p.status !== 'active') continue;
          const resource = {
            kind: 'training_person' as const,
            userId: p.facts.id,
            departmentPath: p.facts.departmentPath,
          };
          if (!can(actor, 'training.view_person', resource)) continue;
          if (filter.departmentId && !p.facts.departmentPath.includes(filter.departmentId)) continue;
          const all = duesOf(
            p.facts,
            courses,
            completions.get(p.facts.id) ?? [],
            assignments.get(p.facts.id) ?? [],
            DEFAULT_TRAINING_SETTINGS,
            today,
          );
          if (!filter.q && !filter.courseId) {
            inScope++;
            if (all.length > 0) withDues++;
          }
          if (filter.q && !`${p.username} ${p.displayName}`.toLowerCase().includes(filter.q.toLowerCase())) continue;
          const kept = keptDues(all, filter);
          if ((filter.state || filter.courseId) && kept.length === 0) continue;
          expected.push({ id: p.facts.id, dues: kept });
        }
        const byId = new Map(report.items.map((i) => [i.userId, i]));
        expect([...byId.keys()].sort(), what).toEqual(expected.map((e) => e.id).sort());
        expect(report.total, what).toBe(expected.length);
        for (const e of expected) {
          expect(shape(byId.get(e.id)!.dues), `${what} row ${e.id}`).toEqual(shape(e.dues));
          for (const d of e.dues) stats.states.add(d.state);
        }
        stats.rows += expected.length;
        // The coverage of the same scope counts the same people.
        if (!filter.q && !filter.courseId && !filter.state) {
          const cov = await trainingCoverage(t.ctx, rc, { by: 'department', departmentId: filter.departmentId });
          expect([cov.total.people, cov.total.inAudience], what).toEqual([inScope, withDues]);
          expect(
            cov.groups.reduce((n, g) => n + g.people, 0),
            what,
          ).toBe(inScope);
        }
      }
      stats.readers++;
    }
    // The generated state covers what it should.
    expect(stats.refused).toBeGreaterThan(0);
    expect(stats.rows).toBeGreaterThan(20);
    expect([...stats.states].sort(), 'states met').toEqual(expect.arrayContaining(['completed', 'due', 'overdue']));
  });
});
