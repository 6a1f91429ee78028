import { dateOf } from '../../../kernel/secrecy-period.js';
import type { ClearanceClass } from '../../../kernel/roles.js';
import type { AudienceRule, CourseKind, CourseStatus, TrainingRequirement } from '../../../kernel/training.js';
import type { AppContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { departmentPaths, getClassificationPolicy, todayOf } from '../../../platform/organisation.js';
import { startOnOf, type TrainingPersonFacts } from '../domain/audiences.js';
import {
  duesOf,
  meets,
  type AssignmentFacts,
  type CompletionFacts,
  type CourseFacts,
  type TrainingDue,
} from '../domain/dues.js';
import { trainingSettings } from './training-settings.js';

/**
 * The facts the training rules (domain/audiences.ts, domain/dues.ts) take, loaded from the directory (identity's
 * `users` and `departments`, which every part may read), the courses, the completions and the follow-up tasks; and
 * the dues that follow. Every use case that asks "who must take what" loads through here, so the rule sees the same
 * facts everywhere. Reads through the caller's connection or transaction.
 */
type Q = Db | Trx;

/** A person as training sees them: the rule's facts and what lists show. */
export interface TrainingPersonRecord {
  facts: TrainingPersonFacts;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  post: string | null;
  clearanceClass: string | null;
  status: string;
  email: string | null;
  hiredOn: string | null;
}

export interface TrainingPeopleQuery {
  /** Only these people (any status); without it, everyone active. */
  userIds?: readonly string[];
  /** Only the people of these departments. */
  departmentIds?: readonly string[];
}

export async function trainingPeople(
  ctx: AppContext,
  q: Q,
  query: TrainingPeopleQuery = {},
): Promise<TrainingPersonRecord[]> {
  if (query.userIds && query.userIds.length === 0) return [];
  if (query.departmentIds && query.departmentIds.length === 0) return [];
  const [policy, paths] = [await getClassificationPolicy(ctx, q), await departmentPaths(q)];
  let sel = q
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.department_id',
      'users.post',
      'users.clearance_class',
      'users.status',
      'users.email',
      'users.created_at',
      'users.hired_on',
      'users.computer_user',
      'departments.name as department_name',
    ]);
  if (query.userIds) sel = sel.where('users.id', 'in', [...query.userIds]);
  else sel = sel.where('users.status', '=', 'active');
  if (query.departmentIds) sel = sel.where('users.department_id', 'in', [...query.departmentIds]);
  const rows = await sel.orderBy('users.username').execute();
  return rows.map((r) => ({
    facts: {
      id: r.id,
      departmentPath: r.department_id ? (paths.get(r.department_id) ?? [r.department_id]) : [],
      post: r.post,
      clearanceClass: (r.clearance_class as ClearanceClass | null) ?? null,
      computerUser: r.computer_user === 1,
      startOn: startOnOf(r.hired_on, dateOf(new Date(r.created_at), policy.timeZone)),
    },
    username: r.username,
    displayName: r.display_name,
    departmentId: r.department_id,
    departmentName: r.department_name ?? null,
    post: r.post,
    clearanceClass: r.clearance_class,
    status: r.status,
    email: r.email,
    hiredOn: r.hired_on,
  }));
}

/** Every course as the rules see it (any status). */
export async function courseFacts(q: Q): Promise<CourseFacts[]> {
  const rows = await q
    .selectFrom('training_courses')
    .select(['id', 'kind', 'status', 'audience', 'validity_months', 'published_on'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as CourseKind,
    status: r.status as CourseStatus,
    audience: JSON.parse(r.audience) as AudienceRule[],
    validityMonths: r.validity_months,
    publishedOn: r.published_on,
  }));
}

/** The completions of these people (everyone when not given), by person. */
export async function completionFacts(q: Q, userIds?: readonly string[]): Promise<Map<string, CompletionFacts[]>> {
  const out = new Map<string, CompletionFacts[]>();
  if (userIds && userIds.length === 0) return out;
  let sel = q.selectFrom('training_completions').select(['id', 'user_id', 'course_id', 'completed_on']);
  if (userIds) sel = sel.where('user_id', 'in', [...userIds]);
  for (const r of await sel.execute()) {
    const list = out.get(r.user_id) ?? [];
    list.push({ id: r.id, courseId: r.course_id, completedOn: r.completed_on });
    out.set(r.user_id, list);
  }
  return out;
}

/** The follow-up tasks of these people (everyone when not given), by person. */
export async function assignmentFacts(
  ctx: AppContext,
  q: Q,
  userIds?: readonly string[],
): Promise<Map<string, AssignmentFacts[]>> {
  const out = new Map<string, AssignmentFacts[]>();
  if (userIds && userIds.length === 0) return out;
  const timeZone = (await getClassificationPolicy(ctx, q)).timeZone;
  let sel = q
    .selectFrom('training_assignments')
    .select(['id', 'user_id', 'course_id', 'due_on', 'assigned_at', 'cancelled_at']);
  if (userIds) sel = sel.where('user_id', 'in', [...userIds]);
  for (const r of await sel.execute()) {
    const list = out.get(r.user_id) ?? [];
    list.push({
      id: r.id,
      courseId: r.course_id,
      dueOn: r.due_on,
      assignedOn: dateOf(new Date(r.assigned_at), timeZone),
      cancelled: r.cancelled_at !== null,
    });
    out.set(r.user_id, list);
  }
  return out;
}

export interface PersonDues {
  person: TrainingPersonRecord;
  dues: TrainingDue[];
}

/**
 * The training due to the people the query names (everyone active by default), today unless given: one read of the
 * courses, the completions and tasks of these people, and the settings.
 */
export async function duesOfPeople(
  ctx: AppContext,
  q: Q,
  query: TrainingPeopleQuery = {},
  today?: string,
): Promise<PersonDues[]> {
  const people = await trainingPeople(ctx, q, query);
  if (people.length === 0) return [];
  const ids = query.userIds ?? (query.departmentIds ? people.map((p) => p.facts.id) : undefined);
  const [courses, settings, day, completions, assignments] = [
    await courseFacts(q),
    await trainingSettings(ctx, q),
    today ?? (await todayOf(ctx, q)),
    await completionFacts(q, ids),
    await assignmentFacts(ctx, q, ids),
  ];
  return people.map((person) => ({
    person,
    dues: duesOf(
      person.facts,
      courses,
      completions.get(person.facts.id) ?? [],
      assignments.get(person.facts.id) ?? [],
      settings,
      day,
    ),
  }));
}

/** One person's training (any status), or null when there is no such person. */
export async function duesOfPerson(ctx: AppContext, q: Q, userId: string, today?: string): Promise<PersonDues | null> {
  return (await duesOfPeople(ctx, q, { userIds: [userId] }, today))[0] ?? null;
}

/** The platform's qualifications contract, answered by training: has the person met the requirement now? */
export async function trainingQualification(
  ctx: AppContext,
  q: Q,
  userId: string,
  requirement: TrainingRequirement,
  now: Date,
): Promise<boolean> {
  const [person] = await trainingPeople(ctx, q, { userIds: [userId] });
  if (!person) return false;
  const policy = await getClassificationPolicy(ctx, q);
  const today = dateOf(now, policy.timeZone);
  const [courses, settings, completions] = [
    await courseFacts(q),
    await trainingSettings(ctx, q),
    await completionFacts(q, [userId]),
  ];
  return meets(requirement, person.facts, courses, completions.get(userId) ?? [], settings, today);
}
