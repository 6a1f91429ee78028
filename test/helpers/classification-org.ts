/**
 * An organisation for the classification integration tests: two departments (A with a sub-department), people
 * at every clearance and business role, a statutory classification authority, and helpers to propose items,
 * walk approval chains, sign people in again after the test clock moved, and read notifications.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { STRONG_PASSWORD, expectOk, type Agent, type TestApp } from './api.js';
import { meId } from './abuse.js';
import { department, json, person, type Person } from './people.js';
import type { ClassificationPolicy } from '../../src/kernel/levels.js';
import type { ChainPolicy } from '../../src/kernel/approvals.js';
import type {
  ClassificationSettings,
  ItemDetail,
  ItemSummary,
} from '../../src/modules/classification/contracts/classification.js';
import type { ApprovalChains, RequestDetail } from '../../src/platform/approvals/contracts.js';
import type { User } from '../../src/modules/identity/contracts/directory.js';
import type { NotificationName } from '../../src/platform/contracts/notifications.js';

export type Admin = Agent & { userId: string; username: string };

export interface Org {
  t: TestApp;
  sys: Admin;
  sec: Admin;
  aud: Admin;
  deptA: string;
  subA: string;
  deptB: string;
  /** leadership, core, root department; statutory classification authority up to top secret. */
  leader: Person;
  /** dept_head of the root department, important: approves for departments whose own head cannot. */
  chief: Person;
  /** dept_head of A, core (can approve every level). */
  headA: Person;
  /** dept_officer of A, important (secret). */
  officerA: Person;
  /** a second dept_officer of A, core (proposes top secret items). */
  seniorA: Person;
  /** employee of A, important. */
  insiderA: Person;
  /** employee of A, general (confidential). */
  lowA: Person;
  /** employee of A without clearance (open items only). */
  plainA: Person;
  /** employee of the sub-department of A, important. */
  memberSubA: Person;
  /** dept_head of B, important. */
  headB: Person;
  /** employee of B, important. */
  outsiderB: Person;
  /** Every agent by user id (to walk approval chains). */
  byId: Map<string, Agent & { userId: string; username: string }>;
}

export async function setupOrg(t: TestApp): Promise<Org> {
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
  // People are independent of each other: created side by side.
  const [leader, chief, headA, officerA, seniorA, insiderA, lowA, plainA, memberSubA, headB, outsiderB] =
    await Promise.all([
      person(t, 'leader', { roles: ['leadership'], clearance: 'core' }),
      person(t, 'chief', { roles: ['dept_head'], clearance: 'important' }),
      person(t, 'head.a', { departmentId: deptA, roles: ['dept_head'], clearance: 'core' }),
      person(t, 'officer.a', { departmentId: deptA, roles: ['dept_officer'], clearance: 'important' }),
      person(t, 'senior.a', { departmentId: deptA, roles: ['dept_officer'], clearance: 'core' }),
      person(t, 'insider.a', { departmentId: deptA, clearance: 'important' }),
      person(t, 'low.a', { departmentId: deptA, clearance: 'general' }),
      person(t, 'plain.a', { departmentId: deptA }),
      person(t, 'member.suba', { departmentId: subA, clearance: 'important' }),
      person(t, 'head.b', { departmentId: deptB, roles: ['dept_head'], clearance: 'important' }),
      person(t, 'outsider.b', { departmentId: deptB, clearance: 'important' }),
    ]);
  const org: Org = {
    t,
    sys,
    sec,
    aud,
    deptA,
    subA,
    deptB,
    leader,
    chief,
    headA,
    officerA,
    seniorA,
    insiderA,
    lowA,
    plainA,
    memberSubA,
    headB,
    outsiderB,
    byId: new Map(),
  };
  for (const a of [
    sys,
    sec,
    aud,
    org.leader,
    org.chief,
    org.headA,
    org.officerA,
    org.seniorA,
    org.insiderA,
    org.lowA,
    org.plainA,
    org.memberSubA,
    org.headB,
    org.outsiderB,
  ])
    org.byId.set(a.userId, a);
  expect(
    (await sec.post('/api/classifiers', { userId: org.leader.userId, kind: 'statutory', maxLevel: 'top_secret' }))
      .statusCode,
  ).toBe(201);
  return org;
}

/** Adds a person to the organisation (and to `byId`, so chains can be walked through them). */
export async function addPerson(org: Org, username: string, opts: Parameters<typeof person>[2] = {}): Promise<Person> {
  const p = await person(org.t, username, opts);
  org.byId.set(p.userId, p);
  return p;
}

let unique = 0;
/** A valid proposal: confidential, 5 years, scoped to department A, classified by the leader. */
export function proposal(org: Org, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  unique++;
  return {
    title: `测试事项 ${unique}`,
    content: `正文 ${unique}`,
    category: 'research_result',
    level: 'confidential',
    basis: '本单位保密事项一览表第3条',
    period: { value: 5, unit: 'years' },
    declassifyCondition: null,
    classifierId: org.leader.userId,
    origin: 'original',
    scope: [{ kind: 'department', ref: org.deptA }],
    reason: '需要定密',
    ...overrides,
  };
}

export async function propose(
  a: Agent,
  body: Record<string, unknown>,
): Promise<{ item: ItemDetail; requestId: string }> {
  return json<{ item: ItemDetail; requestId: string }>(await a.post('/api/items', body), 201);
}

export interface RequestRowLite {
  id: string;
  status: string;
  version: number;
  current_step: number;
  chain: string;
  requester_id: string;
  subject_id: string | null;
  target_type: string;
  target_id: string;
  type: string;
  expires_at: string;
}

export async function requestRow(t: TestApp, id: string): Promise<RequestRowLite> {
  return (await t.ctx.db
    .selectFrom('approval_requests')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()) as RequestRowLite;
}

/** Approves every step of a request, through the first known approver of each (all approvers for 'all' steps). */
export async function approveAll(org: Org, requestId: string): Promise<RequestDetail> {
  let last: RequestDetail | null = null;
  for (let guard = 0; guard < 20; guard++) {
    const r = await requestRow(org.t, requestId);
    if (r.status !== 'pending') break;
    const chain = JSON.parse(r.chain) as { approvers: string[] }[];
    const decided = new Set(
      (
        await org.t.ctx.db
          .selectFrom('approval_tasks')
          .select('approver_id')
          .where('request_id', '=', requestId)
          .where('step', '=', r.current_step)
          .where('status', '!=', 'pending')
          .execute()
      ).map((x) => x.approver_id),
    );
    const approverId = chain[r.current_step]!.approvers.find((a) => !decided.has(a) && org.byId.has(a));
    if (!approverId) throw new Error(`no known approver for step ${r.current_step} of ${requestId}`);
    // A millisecond between steps: events of one instant have no defined order in an item's history.
    org.t.advance(1);
    last = json<RequestDetail>(
      await org.byId
        .get(approverId)!
        .post(`/api/requests/${requestId}/decide`, { version: r.version, decision: 'approve' }),
    );
  }
  if (!last) throw new Error(`request ${requestId} was not pending`);
  return last;
}

/** Proposes an item and approves its whole chain; returns the item in force as the proposer sees it. */
export async function classify(
  org: Org,
  proposer: Agent,
  overrides: Record<string, unknown> = {},
): Promise<ItemDetail> {
  const { item, requestId } = await propose(proposer, proposal(org, overrides));
  if (item.status === 'proposed') expect((await approveAll(org, requestId)).status).toBe('approved');
  return json<ItemDetail>(await proposer.get(`/api/items/${item.id}`));
}

const passwords = new WeakMap<Agent, string>();
let rotation = 0;

/**
 * Signs an agent in again after the test clock moved (idle sessions): changes an expired password (cleared
 * people rotate every 60 days) and answers the TOTP of administrators, then steps the clock past the used code.
 */
export async function signIn(t: TestApp, a: Agent & { username: string }): Promise<void> {
  const pw = passwords.get(a) ?? STRONG_PASSWORD;
  let r = await a.login(a.username, pw);
  await expectOk(r);
  let stage = (r.json() as { stage: string }).stage;
  for (let guard = 0; stage !== 'full' && guard < 4; guard++) {
    if (stage === 'password_change') {
      const next = `Rotated-${++rotation}-Secret!`;
      r = await a.post('/api/auth/password', {
        currentPassword: passwords.get(a) ?? STRONG_PASSWORD,
        newPassword: next,
      });
      await expectOk(r);
      passwords.set(a, next);
    } else if (stage === 'mfa') {
      r = await a.post('/api/auth/mfa/verify', { code: a.totp() });
      await expectOk(r);
      t.advance(30_000);
    } else throw new Error(`unexpected stage ${stage}`);
    stage = (r.json() as { stage: string }).stage;
  }
  expect(stage).toBe('full');
}

export async function signInAll(t: TestApp, ...agents: (Agent & { username: string })[]): Promise<void> {
  for (const a of agents) await signIn(t, a);
}

/** Every item the agent can list (following the cursor), with the given query string. */
export async function listAll(a: Agent, query = '', limit = 100): Promise<ItemSummary[]> {
  const out: ItemSummary[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const sep = query ? `${query}&` : '';
    const r = await a.get(`/api/items?${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = json<{ items: ItemSummary[]; nextCursor: string | null }>(r);
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('paging did not end');
}

export async function visibleIds(a: Agent, query = ''): Promise<string[]> {
  return (await listAll(a, query)).map((i) => i.id);
}

export async function count(a: Agent, query = ''): Promise<number> {
  return json<{ total: number }>(await a.get(`/api/items/count${query ? `?${query}` : ''}`)).total;
}

export interface NotificationLite {
  kind: string;
  title: string;
  body: string;
  dedupe_key: string | null;
}

/** A person's notices, of the named kinds (a notice's kind is its catalogue name) or all. */
export async function notificationsOf(
  t: TestApp,
  userId: string,
  kind?: NotificationName | readonly NotificationName[],
): Promise<NotificationLite[]> {
  let q = t.ctx.db
    .selectFrom('notifications')
    .select(['kind', 'title', 'body', 'dedupe_key'])
    .where('user_id', '=', userId);
  if (kind) q = q.where('kind', 'in', typeof kind === 'string' ? [kind] : kind);
  return q.orderBy('created_at').execute();
}

export async function settings(a: Agent): Promise<ClassificationSettings> {
  return json<ClassificationSettings>(await a.get('/api/classification/settings'));
}

/** Changes some fields of the classification policy as the security administrator. */
export async function setPolicy(org: Org, patch: Partial<ClassificationPolicy>): Promise<ClassificationSettings> {
  const s = await settings(org.sec);
  return json<ClassificationSettings>(
    await org.sec.put('/api/classification/policy', { version: s.policyVersion, policy: { ...s.policy, ...patch } }),
  );
}

export async function chains(a: Agent): Promise<ApprovalChains> {
  return json<ApprovalChains>(await a.get('/api/approval-chains'));
}

/** Changes the chains of some request types (the others keep theirs), as the security administrator. */
export async function setChains(org: Org, patch: Partial<ChainPolicy>): Promise<ApprovalChains> {
  const s = await chains(org.sec);
  return json<ApprovalChains>(
    await org.sec.put('/api/approval-chains', { version: s.version, chains: { ...s.chains, ...patch } }),
  );
}

async function userVersion(org: Org, userId: string): Promise<User> {
  return json<User>(await org.sys.get(`/api/users/${userId}`));
}

/** The security administrator changes a person's clearance class. */
export async function setClearance(
  org: Org,
  userId: string,
  clearanceClass: 'core' | 'important' | 'general' | null,
): Promise<void> {
  const u = await userVersion(org, userId);
  await expectOk(await org.sec.patch(`/api/users/${userId}/security`, { version: u.version, clearanceClass }));
}

/** The system administrator disables, enables or records the departure of a person. */
export async function setStatus(org: Org, userId: string, action: 'disable' | 'enable' | 'depart'): Promise<void> {
  const u = await userVersion(org, userId);
  const body = action === 'depart' ? { version: u.version, separationMonths: 6 } : { version: u.version };
  await expectOk(await org.sys.post(`/api/users/${userId}/${action}`, body));
}

export function problemOf(r: LightMyRequestResponse): string | undefined {
  return (r.json() as { error?: { details?: { problem?: string } } }).error?.details?.problem;
}
