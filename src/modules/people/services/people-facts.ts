import { dateOf } from '../../../kernel/secrecy-period.js';
import type { AgreementKind } from '../../../kernel/agreements.js';
import type { AppContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { departmentPaths, getClassificationPolicy, todayOf } from '../../../platform/organisation.js';
import {
  obligationsOf,
  type Obligation,
  type PersonFacts,
  type SignatureFacts,
  type TemplateFacts,
} from '../domain/obligations.js';
import { templatesWithCurrent } from '../repositories/template-repo.js';
import { agreementSettings } from './agreement-settings.js';

/**
 * The facts the who-must-sign rule (domain/obligations.ts) takes, loaded from the directory (identity's `users`
 * and `departments`, which every part may read), the templates and the signatures; and the obligations that follow.
 * Every use case that asks "who must sign what" loads through here, so the rule sees the same facts everywhere.
 * Reads through the caller's connection or transaction.
 */
type Q = Db | Trx;

/** A person as the agreements see them: the rule's facts and what lists show. */
export interface PersonRecord {
  facts: PersonFacts;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  post: string | null;
  clearanceClass: string | null;
  status: string;
  email: string | null;
}

export interface PeopleQuery {
  /** Only these people (any status); without it, everyone active. */
  userIds?: readonly string[];
  /** Only the people of these departments. */
  departmentIds?: readonly string[];
  /** Departed and disabled people too (when no `userIds` are given). */
  anyStatus?: boolean;
}

export async function peopleFacts(ctx: AppContext, q: Q, query: PeopleQuery = {}): Promise<PersonRecord[]> {
  if (query.userIds && query.userIds.length === 0) return [];
  if (query.departmentIds && query.departmentIds.length === 0) return [];
  const timeZone = (await getClassificationPolicy(ctx, q)).timeZone;
  const paths = await departmentPaths(q);
  let sel = q
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .leftJoin('agreement_leavers', 'agreement_leavers.user_id', 'users.id')
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
      'departments.name as department_name',
      'agreement_leavers.requested_on',
    ]);
  if (query.userIds) sel = sel.where('users.id', 'in', [...query.userIds]);
  else if (!query.anyStatus) sel = sel.where('users.status', '=', 'active');
  if (query.departmentIds) sel = sel.where('users.department_id', 'in', [...query.departmentIds]);
  const rows = await sel.orderBy('users.username').execute();
  return rows.map((r) => ({
    facts: {
      id: r.id,
      departmentPath: r.department_id ? (paths.get(r.department_id) ?? [r.department_id]) : [],
      post: r.post,
      cleared: r.clearance_class !== null,
      joinedOn: dateOf(new Date(r.created_at), timeZone),
      leavingSince: r.requested_on ?? null,
    },
    username: r.username,
    displayName: r.display_name,
    departmentId: r.department_id,
    departmentName: r.department_name ?? null,
    post: r.post,
    clearanceClass: r.clearance_class,
    status: r.status,
    email: r.email,
  }));
}

/** Every template as the rule sees it (active or not; published or not). */
export async function templateFacts(ctx: AppContext, q: Q): Promise<TemplateFacts[]> {
  const timeZone = (await getClassificationPolicy(ctx, q)).timeZone;
  const rows = await templatesWithCurrent(q);
  return rows.map((t) => ({
    id: t.id,
    kind: t.kind as AgreementKind,
    departmentId: t.department_id,
    post: t.post,
    active: t.status === 'active',
    validityMonths: t.validity_months,
    graceDays: t.grace_days,
    current:
      t.current_id && t.current_published_at
        ? {
            id: t.current_id,
            versionNo: t.current_version,
            publishedOn: dateOf(new Date(t.current_published_at), timeZone),
          }
        : null,
  }));
}

/** The signatures of these people (all people when not given), withdrawn ones marked, by person. */
export async function signatureFacts(q: Q, userIds?: readonly string[]): Promise<Map<string, SignatureFacts[]>> {
  const out = new Map<string, SignatureFacts[]>();
  if (userIds && userIds.length === 0) return out;
  let sel = q
    .selectFrom('agreement_signatures')
    .innerJoin('agreement_versions', 'agreement_versions.id', 'agreement_signatures.version_id')
    .select([
      'agreement_signatures.id',
      'agreement_signatures.user_id',
      'agreement_signatures.template_id',
      'agreement_signatures.act',
      'agreement_signatures.signed_on',
      'agreement_signatures.withdraws_id',
      'agreement_versions.version_no',
    ]);
  if (userIds) sel = sel.where('agreement_signatures.user_id', 'in', [...userIds]);
  const rows = await sel.execute();
  const withdrawn = new Set(rows.filter((r) => r.act === 'withdrawn' && r.withdraws_id).map((r) => r.withdraws_id!));
  for (const r of rows) {
    if (r.act !== 'signed') continue;
    const list = out.get(r.user_id) ?? [];
    list.push({
      id: r.id,
      templateId: r.template_id,
      versionNo: r.version_no,
      signedOn: r.signed_on,
      withdrawn: withdrawn.has(r.id),
    });
    out.set(r.user_id, list);
  }
  return out;
}

export interface PersonObligations {
  person: PersonRecord;
  obligations: Obligation[];
}

/**
 * The obligations of the people the query names (everyone active by default), today unless given: one read of
 * the templates, the signatures of these people and the settings.
 */
export async function obligationsOfPeople(
  ctx: AppContext,
  q: Q,
  query: PeopleQuery = {},
  today?: string,
): Promise<PersonObligations[]> {
  const people = await peopleFacts(ctx, q, query);
  if (people.length === 0) return [];
  const [templates, settings, day] = [
    await templateFacts(ctx, q),
    await agreementSettings(ctx, q),
    today ?? (await todayOf(ctx, q)),
  ];
  const signatures = await signatureFacts(
    q,
    query.userIds ?? (query.departmentIds ? people.map((p) => p.facts.id) : undefined),
  );
  return people.map((person) => ({
    person,
    obligations: obligationsOf(person.facts, templates, signatures.get(person.facts.id) ?? [], settings, day),
  }));
}

/** One person's obligations (any status), or null when there is no such person. */
export async function obligationsOfPerson(
  ctx: AppContext,
  q: Q,
  userId: string,
  today?: string,
): Promise<PersonObligations | null> {
  return (await obligationsOfPeople(ctx, q, { userIds: [userId] }, today))[0] ?? null;
}
