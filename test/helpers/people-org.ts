/**
 * An organisation for the agreements (people module) integration tests: the three administrators (MFA enrolled),
 * department A (研发部) with a sub-department (研发一室), department B (财务部), and people with posts, business roles
 * and clearance; helpers to write and publish templates as the security administrator.
 *
 *   root ─ A 研发部 ─ subA 研发一室
 *        └ B 财务部
 */
import { expect } from 'vitest';
import type { TestApp } from './api.js';
import { meId } from './abuse.js';
import { department, json, person, type Person } from './people.js';
import type { Admin } from './classification-org.js';
import type { BusinessRole, ClearanceClass } from '../../src/kernel/roles.js';
import type { AgreementKind } from '../../src/kernel/agreements.js';
import type { PublishResult, TemplateDetail } from '../../src/modules/people/contracts/templates.js';

export type { Admin } from './classification-org.js';
export type { Person } from './people.js';

export interface PeopleOrg {
  t: TestApp;
  sys: Admin;
  sec: Admin;
  aud: Admin;
  deptA: string;
  subA: string;
  deptB: string;
  /** dept_head of A, cleared (important). */
  headA: Person;
  /** dept_officer (保密员) of A, cleared (important). */
  officerA: Person;
  /** employee of A, post 工程师, cleared (important): signs the commitment letter. */
  engineerA: Person;
  /** employee of A, post 测试员, no clearance. */
  testerA: Person;
  /** employee of the sub-department of A, post 工程师, no clearance. */
  memberSubA: Person;
  /** dept_head of B, no clearance. */
  headB: Person;
  /** employee of B, post 会计, no clearance. */
  clerkB: Person;
  /** Every agent by user id (administrators included). */
  byId: Map<string, Admin | Person>;
}

/** A person created through the service (as the local operator would), with a post, then signed in over HTTP. */
export async function member(
  t: TestApp,
  username: string,
  opts: { departmentId?: string; post?: string | null; roles?: BusinessRole[]; clearance?: ClearanceClass | null } = {},
): Promise<Person> {
  return person(t, username, { ...opts, displayName: `${username} 同志`, post: opts.post ?? null });
}

export async function setupPeopleOrg(t: TestApp): Promise<PeopleOrg> {
  const admin = async (role: 'sysadmin' | 'secadmin' | 'auditor'): Promise<Admin> => {
    const a = (await t.admin(role)) as Admin;
    a.userId = await meId(a);
    a.username = role;
    return a;
  };
  const sys = await admin('sysadmin');
  const sec = await admin('secadmin');
  const aud = await admin('auditor');
  const deptA = await department(t, sys, '研发部');
  const subA = await department(t, sys, '研发一室', deptA);
  const deptB = await department(t, sys, '财务部');
  const [headA, officerA, engineerA, testerA, memberSubA, headB, clerkB] = await Promise.all([
    member(t, 'head.a', { departmentId: deptA, roles: ['dept_head'], clearance: 'important', post: '主任' }),
    member(t, 'officer.a', { departmentId: deptA, roles: ['dept_officer'], clearance: 'important', post: '保密员' }),
    member(t, 'engineer.a', { departmentId: deptA, clearance: 'important', post: '工程师' }),
    member(t, 'tester.a', { departmentId: deptA, post: '测试员' }),
    member(t, 'member.suba', { departmentId: subA, post: '工程师' }),
    member(t, 'head.b', { departmentId: deptB, roles: ['dept_head'], post: '主任' }),
    member(t, 'clerk.b', { departmentId: deptB, post: '会计' }),
  ]);
  const org: PeopleOrg = {
    t,
    sys,
    sec,
    aud,
    deptA,
    subA,
    deptB,
    headA,
    officerA,
    engineerA,
    testerA,
    memberSubA,
    headB,
    clerkB,
    byId: new Map(),
  };
  for (const a of [sys, sec, aud, headA, officerA, engineerA, testerA, memberSubA, headB, clerkB])
    org.byId.set(a.userId, a);
  return org;
}

let unique = 0;
/** A valid new template (an NDA for everyone unless overridden). */
export function templateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  unique++;
  const kind = (overrides.kind as AgreementKind | undefined) ?? 'nda';
  return {
    kind,
    title: `保密协议 ${unique}`,
    departmentId: null,
    post: null,
    validityMonths: null,
    graceDays: null,
    body: '# 保密协议\n\n甲方：{{organisation}}\n\n乙方：{{name}}（{{username}}），{{department}} {{post}}\n\n签署日期：{{date}}',
    duties: null,
    ...overrides,
  };
}

/** Creates a template as the security administrator; returns it with its draft. */
export async function createTemplate(org: PeopleOrg, overrides: Record<string, unknown> = {}): Promise<TemplateDetail> {
  return json<TemplateDetail>(await org.sec.post('/api/agreement-templates', templateBody(overrides)), 201);
}

/** Publishes the template's draft as its next version (at the template's current record version). */
export async function publishTemplate(org: PeopleOrg, templateId: string): Promise<PublishResult> {
  const current = json<TemplateDetail>(await org.sec.get(`/api/agreement-templates/${templateId}`));
  return json<PublishResult>(
    await org.sec.post(`/api/agreement-templates/${templateId}/publish`, { version: current.version }),
  );
}

/** Creates a template and publishes its first version. */
export async function createAndPublish(
  org: PeopleOrg,
  overrides: Record<string, unknown> = {},
): Promise<PublishResult> {
  const t = await createTemplate(org, overrides);
  const r = await publishTemplate(org, t.id);
  expect(r.version.versionNo).toBe(1);
  return r;
}

/** Changes the draft of a template (body and/or other fields) and publishes it as a new version. */
export async function publishNewVersion(
  org: PeopleOrg,
  templateId: string,
  patch: Record<string, unknown>,
): Promise<PublishResult> {
  const t = json<TemplateDetail>(await org.sec.get(`/api/agreement-templates/${templateId}`));
  const body = {
    version: t.version,
    title: t.title,
    departmentId: t.departmentId,
    post: t.post,
    validityMonths: t.validityMonths,
    graceDays: t.graceDays,
    body: t.draftBody,
    duties: t.draftDuties,
    ...patch,
  };
  json<TemplateDetail>(await org.sec.put(`/api/agreement-templates/${templateId}`, body));
  return publishTemplate(org, templateId);
}

/** Moves the test clock by whole days. */
export function advanceDays(org: PeopleOrg, days: number): void {
  org.t.advance(days * 86_400_000);
}
