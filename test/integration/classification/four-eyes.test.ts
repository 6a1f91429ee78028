import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectDenied, expectRefusedQuietly } from '../../helpers/abuse.js';
import { department, json, type Person } from '../../helpers/people.js';
import {
  addPerson,
  proposal,
  propose,
  requestRow,
  chains,
  setChains,
  setupOrg,
  type Org,
} from '../../helpers/classification-org.js';
import type { StepPolicy } from '../../../src/kernel/approvals.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';

/**
 * Four eyes across steps: one person approves one step of a request. A head of department who also holds the
 * leadership role approves the department step or the leadership step of a request, never both.
 */
describe.each(DB_KINDS)('four eyes in approval chains on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  let deptD: string;
  let boss: Person;
  let officerD: Person;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    deptD = await department(t, org.sys, '总经理办公室');
    // The only head of the department, and a second member of leadership beside org.leader.
    boss = await addPerson(org, 'boss.d', {
      departmentId: deptD,
      roles: ['dept_head', 'leadership'],
      clearance: 'core',
    });
    officerD = await addPerson(org, 'officer.d', {
      departmentId: deptD,
      roles: ['dept_officer'],
      clearance: 'important',
    });
  });
  afterAll(() => t.close());

  const any = (group: StepPolicy['group']): StepPolicy => ({ group, mode: 'any' });
  /** Confidential classifications go through these steps. */
  const chainForConfidential = async (steps: StepPolicy[]) => {
    const s = await chains(org.sec);
    const classify = s.chains['classification.classify']!;
    await setChains(org, { 'classification.classify': { ...classify, confidential: steps } });
  };
  const decide = async (a: Org['sec'], id: string, decision: 'approve' | 'reject') =>
    a.post(`/api/requests/${id}/decide`, { version: (await requestRow(t, id)).version, decision });
  const inbox = async (a: Org['sec']) => json<{ inbox: number }>(await a.get('/api/requests/counts')).inbox;
  const status = async (a: Org['sec'], itemId: string) => json<ItemDetail>(await a.get(`/api/items/${itemId}`)).status;

  it('who approved the department step cannot approve the leadership step: another leader does', async () => {
    await chainForConfidential([any('dept_head'), any('leadership')]);
    const { item, requestId } = await propose(
      officerD,
      proposal(org, { scope: [{ kind: 'department', ref: deptD }], departmentId: deptD }),
    );
    expect(await inbox(org.leader)).toBe(0);
    expect((await decide(boss, requestId, 'approve')).statusCode).toBe(200);

    // The step moved to leadership: the task is the other leader's only; boss is refused and the refusal audited.
    expect(await inbox(boss)).toBe(0);
    expect(await inbox(org.leader)).toBe(1);
    const h = await t.auditHead();
    const r = await decide(boss, requestId, 'approve');
    await expectDenied(t, h, r, {
      action: 'approval.decide',
      actorName: 'boss.d',
      targetId: requestId,
      reason: 'approved_earlier_step',
    });
    expect((r.json() as { error: { details: unknown } }).error.details).toEqual({ problem: 'approved_earlier_step' });
    expect(await requestRow(t, requestId)).toMatchObject({ status: 'pending', current_step: 1 });

    expect((await decide(org.leader, requestId, 'approve')).statusCode).toBe(200);
    expect(await status(officerD, item.id)).toBe('in_force');
  });

  it('the only approver of a later step leaves the earlier one to another (409, nothing changes)', async () => {
    await chainForConfidential([any('leadership'), any('dept_head')]);
    const { item, requestId } = await propose(
      officerD,
      proposal(org, { scope: [{ kind: 'department', ref: deptD }], departmentId: deptD }),
    );
    // Both leaders have the first step; boss is also the only head for the second.
    expect(await inbox(boss)).toBe(1);
    const h = await t.auditHead();
    const r = await decide(boss, requestId, 'approve');
    await expectRefusedQuietly(t, h, r, 409, 'conflict');
    expect((r.json() as { error: { details: unknown; message: string } }).error).toMatchObject({
      details: { problem: 'needed_later', step: 1, group: 'dept_head' },
      message: expect.stringMatching(/step 2/),
    });
    expect(await requestRow(t, requestId)).toMatchObject({ status: 'pending', current_step: 0, version: 1 });

    expect((await decide(org.leader, requestId, 'approve')).statusCode).toBe(200);
    expect(await inbox(boss)).toBe(1);
    expect((await decide(boss, requestId, 'approve')).statusCode).toBe(200);
    expect(await status(officerD, item.id)).toBe('in_force');
  });

  it('a chain one person would have to approve twice is refused at submission, naming the step (nothing stored)', async () => {
    await chainForConfidential([any('dept_head'), any('leadership')]);
    // The leader proposes: as the requester they approve nothing, so boss would be both steps.
    const before = await t.ctx.db
      .selectFrom('approval_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const h = await t.auditHead();
    const r = await org.leader.post(
      '/api/items',
      proposal(org, { scope: [{ kind: 'department', ref: deptD }], departmentId: deptD }),
    );
    await expectRefusedQuietly(t, h, r, 409, 'conflict');
    expect((r.json() as { error: { details: unknown } }).error.details).toEqual({
      problem: 'four_eyes',
      step: 1,
      group: 'leadership',
    });
    const after = await t.ctx.db
      .selectFrom('approval_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
