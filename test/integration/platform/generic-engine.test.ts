/**
 * The approval engine and the departure contract serve any module: a module that exists only in this test
 * (widgets, ./widget-module) registers a request type whose chain is a functional role (财务主管) and then the
 * leader in charge of the widget's department (主管领导), and a departure holding that blocks. It runs through
 * submission, the inbox, rejection, approval and expiry, and a departure refused until the widget is handed over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { setupOrg, type Org } from '../../helpers/classification-org.js';
import { newId, SYSTEM_CONTEXT, tx, type RequestContext } from '../../../src/platform/context.js';
import { expireRequests, submitRequest } from '../../../src/platform/approvals/approval-service.js';
import { holdingsOf, departureOf } from '../../../src/platform/departure.js';
import { withAccess } from '../../../src/platform/organisation.js';
import { findUserById, toActor } from '../../../src/modules/identity/index.js';
import { RANK } from '../../../src/kernel/levels.js';
import type { RequestDetail, RequestSummary } from '../../../src/platform/approvals/contracts.js';
import type { OrganisationRoles } from '../../../src/modules/identity/contracts/organisation.js';
import { createWidgetTable, deleteWidget, registerWidgets } from './widget-module/module.js';

registerWidgets();

describe.each(DB_KINDS)('a module the platform does not know, through the engine, on %s', (kind) => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    await createWidgetTable(t.ctx.db);
    // The organisation's roles, set as the security administrator sets them: the finance supervisor (lowA of
    // department A) and the leader in charge of department A (the leader).
    const roles = json<OrganisationRoles>(await org.sec.get('/api/organisation/roles'));
    const deptA = roles.departments.find((d) => d.id === org.deptA)!;
    json(
      await org.sec.put(`/api/departments/${org.deptA}/leader-in-charge`, {
        version: deptA.version,
        userId: org.leader.userId,
      }),
    );
    const finance = roles.functionalRoles.find((r) => r.code === 'finance_supervisor')!;
    json(
      await org.sec.post('/api/organisation/functional-roles/finance_supervisor/members', {
        version: finance.version,
        userId: org.headB.userId,
      }),
    );
  });
  afterAll(() => t.close());

  let seq = 0;
  async function newWidget(keeperId: string): Promise<string> {
    const id = newId();
    seq++;
    await t.ctx.db
      .insertInto('widgets' as never)
      .values({
        id,
        code: `W-${seq}`,
        title: `测试物品 ${seq}`,
        level: 'secret',
        department_id: org.deptA,
        keeper_id: keeperId,
        status: 'in_store',
        version: 1,
      } as never)
      .execute();
    return id;
  }

  async function asPerson(userId: string): Promise<RequestContext> {
    const actor = await withAccess(t.ctx, toActor((await findUserById(t.ctx.db, userId))!));
    return { actor, ip: null, requestId: null };
  }

  async function lend(widgetId: string, requesterId: string): Promise<string> {
    const rc = await asPerson(requesterId);
    const row = await tx(t.ctx, (trx) =>
      submitRequest(trx, t.ctx, rc, {
        type: 'widget.lend',
        targetId: widgetId,
        subjectId: null,
        levelRank: RANK.secret,
        reason: '外出办公需要',
        payload: { days: 3 },
      }),
    );
    return row.id;
  }

  const detail = async (a: Org['sec'], id: string) => json<RequestDetail>(await a.get(`/api/requests/${id}`));
  const decide = async (a: Org['sec'], id: string, decision: 'approve' | 'reject') =>
    a.post(`/api/requests/${id}/decide`, { version: (await detail(a, id)).version, decision });
  const inbox = async (a: Org['sec']) =>
    json<{ items: RequestSummary[] }>(await a.get('/api/requests?box=inbox&pageSize=100')).items.map((r) => r.id);
  const widgetStatus = async (id: string) =>
    (
      (await t.ctx.db
        .selectFrom('widgets' as never)
        .select('status' as never)
        .where('id' as never, '=', id as never)
        .executeTakeFirstOrThrow()) as { status: string }
    ).status;

  it('resolves its chain to the functional role, then the leader in charge, and applies its effect once both approve', async () => {
    const w = await newWidget(org.insiderA.userId);
    const id = await lend(w, org.officerA.userId);
    const d = await detail(org.officerA, id);
    expect(d).toMatchObject({
      type: 'widget.lend',
      status: 'pending',
      targetType: 'widget',
      targetId: w,
      targetReference: expect.stringMatching(/^W-/),
      targetTitle: expect.stringMatching(/^测试物品/),
      targetLevel: 'secret',
      targetDetails: { status: 'in_store' },
    });
    expect(d.chain.map((s) => [s.group, s.approvers.map((a) => a.id)])).toEqual([
      ['role:finance_supervisor', [org.headB.userId]],
      ['leader_in_charge', [org.leader.userId]],
    ]);
    // The inbox is the current step's: the finance supervisor now, the leader in charge only after.
    expect(await inbox(org.headB)).toContain(id);
    expect(await inbox(org.leader)).not.toContain(id);
    expectError(await decide(org.leader, id, 'approve'), 403, 'forbidden');
    expect(json<RequestDetail>(await decide(org.headB, id, 'approve')).currentStep).toBe(1);
    expect(await inbox(org.leader)).toContain(id);
    expect(await widgetStatus(w)).toBe('in_store');
    expect(json<RequestDetail>(await decide(org.leader, id, 'approve')).status).toBe('approved');
    expect(await widgetStatus(w)).toBe('lent');
  });

  it('a rejection ends it and applies nothing', async () => {
    const w = await newWidget(org.insiderA.userId);
    const id = await lend(w, org.officerA.userId);
    expect(json<RequestDetail>(await decide(org.headB, id, 'reject')).status).toBe('rejected');
    expect(await widgetStatus(w)).toBe('in_store');
    expect(await inbox(org.leader)).not.toContain(id);
  });

  it('with nobody in the functional role, a submission is refused naming the step it cannot staff', async () => {
    const w = await newWidget(org.insiderA.userId);
    // The only finance supervisor leaves the role: nobody can take the first step.
    const roles = json<OrganisationRoles>(await org.sec.get('/api/organisation/roles'));
    const finance = roles.functionalRoles.find((r) => r.code === 'finance_supervisor')!;
    json(
      await org.sec.delete(
        `/api/organisation/functional-roles/finance_supervisor/members/${org.headB.userId}?version=${finance.version}`,
      ),
    );
    try {
      await expect(lend(w, org.officerA.userId)).rejects.toMatchObject({
        code: 'conflict',
        details: { problem: 'no_approver', group: 'role:finance_supervisor' },
      });
    } finally {
      const again = json<OrganisationRoles>(await org.sec.get('/api/organisation/roles'));
      json(
        await org.sec.post('/api/organisation/functional-roles/finance_supervisor/members', {
          version: again.functionalRoles.find((r) => r.code === 'finance_supervisor')!.version,
          userId: org.headB.userId,
        }),
      );
    }
  });

  it('a request nobody decides in time expires; nothing applies', async () => {
    const w = await newWidget(org.insiderA.userId);
    const id = await lend(w, org.officerA.userId);
    // Its time runs out (moved here, not by the clock, so the sessions of the other tests live on).
    await t.ctx.db
      .updateTable('approval_requests')
      .set({ expires_at: new Date(t.ctx.now().getTime() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    expect(await expireRequests(t.ctx, SYSTEM_CONTEXT)).toBeGreaterThanOrEqual(1);
    expect(
      (await t.ctx.db.selectFrom('approval_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status,
    ).toBe('expired');
    expect(await widgetStatus(w)).toBe('in_store');
  });

  it('a target that does not exist is refused at submission; deleting one ends its pending requests: none dangles', async () => {
    await expect(lend(newId(), org.officerA.userId)).rejects.toMatchObject({ code: 'not_found' });
    const w = await newWidget(org.insiderA.userId);
    const id = await lend(w, org.officerA.userId);
    const h = await t.auditHead();
    await deleteWidget(t.ctx, await asPerson(org.sec.userId), w);
    expect(await t.auditHead()).toBe(h + 1);
    expect(await inbox(org.headB)).not.toContain(id);
    expect(await detail(org.officerA, id)).toMatchObject({ status: 'expired', targetReference: w });
    const dangling = await t.ctx.db
      .selectFrom('approval_requests')
      .select('id')
      .where('status', '=', 'pending')
      .where('target_type', '=', 'widget')
      .where('target_id', 'not in', t.ctx.db.selectFrom('widgets' as never).select('id' as never))
      .execute();
    expect(dangling).toEqual([]);
  });

  it('a keeper cannot depart while keeping a widget; once handed over, they can', async () => {
    const keeper = org.memberSubA;
    const w = await newWidget(keeper.userId);
    expect(await holdingsOf(t.ctx, t.ctx.db, keeper.userId)).toContainEqual({
      module: 'widget',
      holdings: [expect.objectContaining({ id: w, kind: 'keeper', blocking: true })],
    });
    const version = async () => json<{ version: number }>(await org.sys.get(`/api/users/${keeper.userId}`)).version;
    const h = await t.auditHead();
    const refused = await org.sys.post(`/api/users/${keeper.userId}/depart`, {
      version: await version(),
      separationMonths: 6,
    });
    expectError(refused, 409, 'conflict');
    expect((refused.json() as { error: { details: { problem: string } } }).error.details.problem).toBe(
      'holdings_remain',
    );
    expect(await t.auditHead()).toBe(h);
    await departureOf('widget')!.handOver(t.ctx, await asPerson(org.sec.userId), keeper.userId, org.insiderA.userId, [
      w,
    ]);
    expect(await holdingsOf(t.ctx, t.ctx.db, keeper.userId)).toEqual([]);
    json(await org.sys.post(`/api/users/${keeper.userId}/depart`, { version: await version(), separationMonths: 6 }));
  });
});
