import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly, randomId } from '../../helpers/abuse.js';
import { department, json } from '../../helpers/people.js';
import {
  addPerson,
  approveAll,
  classify,
  notificationsOf,
  problemOf,
  proposal,
  propose,
  requestRow,
  setStatus,
  setClearance,
  setPolicy,
  setupOrg,
  signIn,
  visibleIds,
  type Org,
} from '../../helpers/classification-org.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';
import type { RequestDetail } from '../../../src/platform/approvals/contracts.js';

/** POST/GET/PATCH /api/items, /api/items/:id/{content,history}: proposing, chains, detail, reading, editing. */
describe.each(DB_KINDS)('secret items on %s', (kind) => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
  });
  afterAll(() => t.close());

  const itemCount = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('secret_items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const chainOf = async (a: Org['sec'], requestId: string) =>
    json<RequestDetail>(await a.get(`/api/requests/${requestId}`)).chain.map((s) => ({
      group: s.group,
      approvers: s.approvers.map((x) => x.name),
    }));

  describe('proposing', () => {
    it('department officers and heads, leadership and the security administrator may propose', async () => {
      for (const a of [org.officerA, org.headA, org.leader]) {
        const h = await t.auditHead();
        const { item, requestId } = await propose(a, proposal(org));
        expect(item).toMatchObject({
          status: 'proposed',
          level: 'confidential',
          custodianId: a.userId,
          markedOn: null,
          secrecyUntil: null,
          version: 1,
        });
        expect(item.number).toMatch(/^BM-2026-\d{6}$/);
        expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.actor_name])).toEqual([
          ['item.propose', a.username],
          ['approval.submit', a.username],
        ]);
        expect((await requestRow(t, requestId)).type).toBe('classification.classify');
      }
      // The security administrator proposes for a department (its heads approve).
      const bySec = await propose(
        org.sec,
        proposal(org, { departmentId: org.deptA, custodianId: org.officerA.userId }),
      );
      expect(bySec.item).toMatchObject({
        departmentId: org.deptA,
        custodianId: org.officerA.userId,
        createdBy: org.sec.userId,
      });
      expect(await chainOf(org.sec, bySec.requestId)).toEqual([{ group: 'dept_head', approvers: ['head.a'] }]);
    });

    it('plain employees, the sysadmin and the auditor may not propose (403, audited)', async () => {
      const n = await itemCount();
      for (const a of [org.insiderA, org.plainA, org.sys, org.aud]) {
        const h = await t.auditHead();
        await expectDenied(t, h, await a.post('/api/items', proposal(org)), {
          action: 'item.propose',
          actorName: a.username,
        });
      }
      expect(await itemCount()).toBe(n);
    });

    it('a proposer must be cleared for the level (403, audited)', async () => {
      const low = await addPerson(org, 'officer.low', {
        departmentId: org.deptA,
        roles: ['dept_officer'],
        clearance: 'general',
      });
      let h = await t.auditHead();
      const ev = await expectDenied(t, h, await low.post('/api/items', proposal(org, { level: 'secret' })), {
        action: 'item.propose',
        actorName: 'officer.low',
      });
      expect(JSON.parse(ev.details)).toMatchObject({ level: 'secret' });
      h = await t.auditHead();
      await expectDenied(t, h, await org.officerA.post('/api/items', proposal(org, { level: 'top_secret' })), {
        action: 'item.propose',
        actorName: 'officer.a',
      });
      await propose(low, proposal(org, { level: 'confidential' }));
    });

    it.each([
      [
        'a period beyond the maximum',
        { period: { value: 11, unit: 'years' } },
        'period_exceeds_maximum',
        /exceeds the maximum/,
      ],
      [
        'top secret beyond 30 years',
        { level: 'top_secret', period: { value: 31, unit: 'years' } },
        'period_exceeds_maximum',
        /exceeds the maximum/,
      ],
      [
        '12 months (a year or more counts in years)',
        { period: { value: 12, unit: 'months' } },
        'period_unit',
        /months \(1-11\)/,
      ],
      ['a period and a condition', { declassifyCondition: '项目结题后' }, 'period_and_condition', /not both/],
      ['neither period nor condition', { period: null }, 'term_required', /period or a declassification condition/],
      ['an empty condition', { period: null, declassifyCondition: '   ' }, 'condition_empty', /condition is empty/],
      [
        'an internal item with a period',
        { level: 'internal', scope: [] },
        'term_not_allowed',
        /carry no secrecy period/,
      ],
      [
        'a public item with a condition',
        { level: 'public', period: null, declassifyCondition: '公告后', scope: [] },
        'term_not_allowed',
        /carry no secrecy period/,
      ],
      ['a classified item without scope', { scope: [] }, 'scope_required', /need-to-know scope/],
      [
        'a scope listing an entry twice',
        {
          scope: [
            { kind: 'role', ref: 'dept_head' },
            { kind: 'role', ref: 'dept_head' },
          ],
        },
        'scope_duplicate',
        /same entry twice/,
      ],
      [
        'a custodian not cleared for the level',
        { level: 'secret', custodianId: 'lowA' },
        'custodian_not_cleared',
        /not cleared/,
      ],
    ])('refuses %s (400, naming the problem, audit unchanged)', async (_name, overrides, problem, message) => {
      const body = proposal(org, overrides);
      if (body.custodianId === 'lowA') body.custodianId = org.lowA.userId;
      const n = await itemCount();
      const h = await t.auditHead();
      const r = await org.seniorA.post('/api/items', body);
      await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
      expect(problemOf(r)).toBe(problem);
      expect((r.json() as { error: { message: string } }).error.message).toMatch(message);
      expect(await itemCount()).toBe(n);
    });

    it.each([
      ['0 months', { period: { value: 0, unit: 'months' } }],
      ['0 years', { period: { value: 0, unit: 'years' } }],
      ['a fractional period', { period: { value: 1.5, unit: 'years' } }],
      ['weeks', { period: { value: 3, unit: 'weeks' } }],
      ['an unknown level', { level: 'ultra' }],
      ['an unknown role in scope', { scope: [{ kind: 'role', ref: 'ceo' }] }],
      ['a department that is not an id', { scope: [{ kind: 'department', ref: 'R&D' }] }],
      ['a person who does not exist', { scope: [{ kind: 'user', ref: '00000000-0000-4000-8000-000000000000' }] }],
      ['a derivative without its source', { origin: 'derivative' }],
      ['an empty title', { title: '   ' }],
      ['an unknown field', { secret: true }],
    ])('refuses %s (400, audit unchanged)', async (_name, overrides) => {
      const n = await itemCount();
      const h = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h,
        await org.officerA.post('/api/items', proposal(org, overrides)),
        400,
        'validation_failed',
      );
      expect(await itemCount()).toBe(n);
    });

    // Regression (was a bug): departmentId is not checked; the insert fails on the foreign key and the server answers 500.
    it('refuses a department that does not exist (400, audit unchanged)', async () => {
      const n = await itemCount();
      const h = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h,
        await org.officerA.post('/api/items', proposal(org, { departmentId: randomId() })),
        400,
        'validation_failed',
      );
      expect(await itemCount()).toBe(n);
    });

    // Regression (was a bug): a derivative classification may name a source item the proposer cannot see: it is accepted (201) while
    // an unknown id answers 404, so the answer reveals that a hidden item exists.
    it('a derivative source the proposer may not see answers like an unknown one (404)', async () => {
      const hidden = await classify(org, org.headB, {
        scope: [{ kind: 'department', ref: org.deptB }],
        classifierId: org.leader.userId,
      });
      const unknown = await org.officerA.post(
        '/api/items',
        proposal(org, { origin: 'derivative', sourceItemId: randomId() }),
      );
      expectError(unknown, 404, 'not_found');
      const r = await org.officerA.post('/api/items', proposal(org, { origin: 'derivative', sourceItemId: hidden.id }));
      expectError(r, 404, 'not_found');
    });

    it.each([
      [{ level: 'secret', period: { value: 10, unit: 'years' } }, '机密★10年', 'Secret★10 years'],
      [{ level: 'confidential', period: { value: 6, unit: 'months' } }, '秘密★6个月', 'Confidential★6 months'],
      [{ level: 'confidential', period: { value: 1, unit: 'months' } }, '秘密★1个月', 'Confidential★1 month'],
      [{ level: 'top_secret', period: { value: 1, unit: 'years' } }, '绝密★1年', 'Top secret★1 year'],
      [
        { level: 'secret', period: null, declassifyCondition: '新产品发布后' },
        '机密★新产品发布后',
        'Secret★新产品发布后',
      ],
      [{ level: 'internal', period: null, scope: [], classifierId: null }, '内部', 'Internal'],
    ])('[CAR-01] marks %j as %s', async (overrides, zh, en) => {
      const { item } = await propose(org.seniorA, proposal(org, overrides));
      expect(item.marking).toEqual({ zh, en });
    });

    it('open items carry no term and take effect at once, open to everyone', async () => {
      const { item, requestId } = await propose(
        org.officerA,
        proposal(org, { level: 'public', period: null, scope: [], classifierId: null, content: '公开内容' }),
      );
      expect(item).toMatchObject({
        status: 'in_force',
        period: null,
        declassifyCondition: null,
        markedOn: '2026-11-23',
        secrecyUntil: null,
      });
      expect(await requestRow(t, requestId)).toMatchObject({ status: 'approved', chain: '[]' });
      for (const a of [org.plainA, org.outsiderB, org.sys, org.aud]) {
        expect(await visibleIds(a)).toContain(item.id);
        expect(json<{ content: string }>(await a.get(`/api/items/${item.id}/content`)).content).toBe('公开内容');
      }
    });
  });

  describe('approval chains', () => {
    it('[PLAN-12] confidential: department head; secret: + confidentiality office; top secret: + leadership', async () => {
      const c = await propose(org.officerA, proposal(org, { level: 'confidential' }));
      expect(await chainOf(org.officerA, c.requestId)).toEqual([{ group: 'dept_head', approvers: ['head.a'] }]);
      const s = await propose(org.officerA, proposal(org, { level: 'secret' }));
      expect(await chainOf(org.officerA, s.requestId)).toEqual([
        { group: 'dept_head', approvers: ['head.a'] },
        { group: 'confidentiality_office', approvers: ['安全保密管理员'] },
      ]);
      const ts = await propose(org.seniorA, proposal(org, { level: 'top_secret' }));
      expect(await chainOf(org.seniorA, ts.requestId)).toEqual([
        { group: 'dept_head', approvers: ['head.a'] },
        { group: 'confidentiality_office', approvers: ['安全保密管理员'] },
        { group: 'leadership', approvers: ['leader'] },
      ]);
      // The head proposing: the head of the parent department approves (nobody approves their own proposal).
      const byHead = await propose(org.headA, proposal(org, { level: 'secret' }));
      expect((await chainOf(org.headA, byHead.requestId))[0]).toEqual({ group: 'dept_head', approvers: ['chief'] });
    });

    it('refuses a proposal when a step has nobody eligible (409, naming the step; nothing stored)', async () => {
      const sys = org.sys;
      const lab = await department(t, sys, '实验室');
      const labOfficer = await addPerson(org, 'lab.officer', {
        departmentId: lab,
        roles: ['dept_officer'],
        clearance: 'core',
      });
      const n = await itemCount();
      // Top secret: the root's head is not cleared for it and the lab has none.
      let h = await t.auditHead();
      let r = await labOfficer.post(
        '/api/items',
        proposal(org, { level: 'top_secret', scope: [{ kind: 'department', ref: lab }] }),
      );
      await expectRefusedQuietly(t, h, r, 409, 'conflict');
      expect((r.json() as { error: { details: unknown; message: string } }).error).toMatchObject({
        details: { problem: 'no_approver', step: 0, group: 'dept_head' },
        message: expect.stringMatching(/step 1/),
      });
      // Leadership proposing top secret: the only leader cannot approve their own proposal.
      h = await t.auditHead();
      r = await org.leader.post('/api/items', proposal(org, { level: 'top_secret', departmentId: org.deptA }));
      await expectRefusedQuietly(t, h, r, 409, 'conflict');
      expect((r.json() as { error: { details: unknown } }).error.details).toEqual({
        problem: 'no_approver',
        step: 2,
        group: 'leadership',
      });
      // The security administrator proposing secret: the confidentiality office is itself alone.
      h = await t.auditHead();
      r = await org.sec.post('/api/items', proposal(org, { level: 'secret', departmentId: org.deptA }));
      await expectRefusedQuietly(t, h, r, 409, 'conflict');
      expect((r.json() as { error: { details: unknown } }).error.details).toEqual({
        problem: 'no_approver',
        step: 1,
        group: 'confidentiality_office',
      });
      expect(await itemCount()).toBe(n);
    });

    it('a disabled head is not named; the head of the parent department is', async () => {
      const solo = await department(t, org.sys, '独立组');
      const soloHead = await addPerson(org, 'solo.head', {
        departmentId: solo,
        roles: ['dept_head'],
        clearance: 'important',
      });
      const soloOfficer = await addPerson(org, 'solo.officer', {
        departmentId: solo,
        roles: ['dept_officer'],
        clearance: 'important',
      });
      const scope = [{ kind: 'department', ref: solo }];
      const before = await propose(soloOfficer, proposal(org, { scope }));
      expect(await chainOf(soloOfficer, before.requestId)).toEqual([{ group: 'dept_head', approvers: ['solo.head'] }]);
      await setStatus(org, soloHead.userId, 'disable');
      expect((await soloHead.get('/api/items')).statusCode).toBe(401);
      const after = await propose(soloOfficer, proposal(org, { scope }));
      expect(await chainOf(soloOfficer, after.requestId)).toEqual([{ group: 'dept_head', approvers: ['chief'] }]);
    });

    it('the classification takes effect only when the last step approves', async () => {
      const { item, requestId } = await propose(
        org.officerA,
        proposal(org, { level: 'secret', period: { value: 10, unit: 'years' } }),
      );
      let req = json<RequestDetail>(
        await org.headA.post(`/api/requests/${requestId}/decide`, { version: 1, decision: 'approve' }),
      );
      expect(req).toMatchObject({ status: 'pending', currentStep: 1 });
      expect(json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`))).toMatchObject({
        status: 'proposed',
        markedOn: null,
        secrecyUntil: null,
        nextReviewOn: null,
      });
      expect(await visibleIds(org.outsiderB)).not.toContain(item.id);
      const h = await t.auditHead();
      req = json<RequestDetail>(
        await org.sec.post(`/api/requests/${requestId}/decide`, { version: req.version, decision: 'approve' }),
      );
      expect(req.status).toBe('approved');
      expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.target_id])).toEqual([
        ['approval.decide', requestId],
        ['item.classify', item.id],
      ]);
      expect(json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`))).toMatchObject({
        status: 'in_force',
        markedOn: '2026-11-23',
        secrecyUntil: '2036-11-23',
        nextReviewOn: '2027-11-23',
        pendingRequest: null,
      });
      const months = await classify(org, org.officerA, { period: { value: 6, unit: 'months' } });
      expect(months).toMatchObject({ secrecyUntil: '2027-05-23' });
      const cond = await classify(org, org.officerA, { period: null, declassifyCondition: '合同终止后' });
      expect(cond).toMatchObject({ status: 'in_force', secrecyUntil: null, declassifyCondition: '合同终止后' });
    });

    it('rejected and withdrawn proposals never take effect', async () => {
      const rej = await propose(org.officerA, proposal(org));
      json(
        await org.headA.post(`/api/requests/${rej.requestId}/decide`, {
          version: 1,
          decision: 'reject',
          comment: '依据不足',
        }),
      );
      const wd = await propose(org.officerA, proposal(org));
      json(await org.officerA.post(`/api/requests/${wd.requestId}/withdraw`, { version: 1 }));
      for (const [id, status] of [
        [rej.item.id, 'rejected'],
        [wd.item.id, 'withdrawn'],
      ] as const) {
        const item = json<ItemDetail>(await org.officerA.get(`/api/items/${id}`));
        expect(item).toMatchObject({ status, markedOn: null, secrecyUntil: null, pendingRequest: null });
        expect(item.abilities).toMatchObject({
          'item.edit': false,
          'item.reclassify': false,
          'item.request_access': false,
        });
        let h = await t.auditHead();
        await expectDenied(t, h, await org.officerA.patch(`/api/items/${id}`, { version: item.version, title: '改' }), {
          action: 'item.update',
          actorName: 'officer.a',
          reason: 'forbidden',
        });
        h = await t.auditHead();
        await expectDenied(
          t,
          h,
          await org.officerA.post(`/api/items/${id}/changes`, {
            type: 'declassify',
            reason: '不再需要',
            declassifyReason: 'decision',
          }),
          {
            action: 'item.request_declassify',
            actorName: 'officer.a',
          },
        );
        h = await t.auditHead();
        expectError(
          await org.insiderA.post('/api/access-requests', { itemId: id, actions: ['read'], days: 1, reason: '需要' }),
          409,
          'conflict',
        );
        expect(
          json<{ items: { targetId: string }[] }>(
            await org.officerA.get(`/api/requests?box=mine&status=${status}`),
          ).items.map((r) => r.targetId),
        ).toContain(id);
      }
    });
  });

  describe('detail, content and history', () => {
    let item: ItemDetail;
    beforeAll(async () => {
      item = await classify(org, org.officerA, {
        level: 'secret',
        title: '导弹制导算法',
        content: '制导律参数 K=3.7',
        period: { value: 10, unit: 'years' },
      });
    });

    it('[CAR-05] the custodian and people in scope (sub-departments included) see and read it; reads are audited', async () => {
      const d = json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`));
      expect(d).toMatchObject({
        scope: [{ kind: 'department', ref: org.deptA, label: '研发部' }],
        classifierName: 'leader',
        custodianName: 'officer.a',
        departmentName: '研发部',
      });
      expect(d.abilities).toMatchObject({
        'item.view_metadata': true,
        'item.read': true,
        'item.edit': true,
        'item.reclassify': true,
        'item.copy': true,
      });
      for (const a of [org.insiderA, org.memberSubA]) {
        expect(json<ItemDetail>(await a.get(`/api/items/${item.id}`)).abilities).toMatchObject({
          'item.read': true,
          'item.edit': false,
          'item.copy': false,
        });
        const h = await t.auditHead();
        expect(json<{ id: string; content: string }>(await a.get(`/api/items/${item.id}/content`))).toEqual({
          id: item.id,
          content: '制导律参数 K=3.7',
        });
        const ev = await auditRowsAfter(t, h);
        expect(ev.map((e) => [e.action, e.result, e.actor_name, e.target_id])).toEqual([
          ['item.read', 'success', a.username, item.id],
        ]);
        expect(JSON.parse(ev[0]!.details)).toEqual({ number: item.number, level: 'secret', viaGrant: false });
      }
      // Viewing metadata is not a read of content: not audited.
      const h = await t.auditHead();
      json(await org.insiderA.get(`/api/items/${item.id}`));
      json(await org.insiderA.get(`/api/items/${item.id}/history`));
      expect(await t.auditHead()).toBe(h);
    });

    it('[CAR-05] out of scope, not cleared, or no such item: 404 "not found or no access", audited as denied', async () => {
      for (const a of [org.outsiderB, org.lowA, org.plainA, org.headB, org.sys, org.aud]) {
        for (const [path, action] of [
          ['', 'item.view'],
          ['/content', 'item.read'],
          ['/history', 'item.view'],
        ] as const) {
          const h = await t.auditHead();
          const r = await a.get(`/api/items/${item.id}${path}`);
          expectError(r, 404, 'not_found');
          expect((r.json() as { error: { message: string } }).error.message).toBe('Not found or no access');
          const ev = await auditRowsAfter(t, h);
          expect(ev.map((e) => [e.action, e.result, e.actor_name, e.target_id])).toEqual([
            [action, 'denied', a.username, item.id],
          ]);
          expect(JSON.parse(ev[0]!.details)).toEqual({ reason: 'not_found_or_no_access' });
        }
      }
      const unknown = randomId();
      const h = await t.auditHead();
      expectError(await org.insiderA.get(`/api/items/${unknown}`), 404, 'not_found');
      expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, e.target_id])).toEqual([
        ['item.view', 'denied', unknown],
      ]);
      const h2 = await t.auditHead();
      await expectRefusedQuietly(t, h2, await org.insiderA.get('/api/items/not-an-id'), 400, 'validation_failed');
      await expectRefusedQuietly(
        t,
        h2,
        await org.insiderA.get('/api/items/not-an-id/content'),
        400,
        'validation_failed',
      );
    });

    it('a department scope covers sub-departments where they are now: moving a department moves who may know', async () => {
      const dept = async () =>
        json<{ items: { id: string; version: number }[] }>(await org.sys.get('/api/departments')).items.find(
          (d) => d.id === org.subA,
        )!;
      expect(await visibleIds(org.memberSubA)).toContain(item.id);
      json(
        await org.sys.patch(`/api/departments/${org.subA}`, {
          version: (await dept()).version,
          parentId: t.rootDepartmentId,
        }),
      );
      expect(await visibleIds(org.memberSubA)).not.toContain(item.id);
      expectError(await org.memberSubA.get(`/api/items/${item.id}/content`), 404, 'not_found');
      json(
        await org.sys.patch(`/api/departments/${org.subA}`, { version: (await dept()).version, parentId: org.deptA }),
      );
      expect(await visibleIds(org.memberSubA)).toContain(item.id);
    });

    it('[CAR-05] the security administrator sees the metadata but may not read without need-to-know (403, audited)', async () => {
      const d = json<ItemDetail>(await org.sec.get(`/api/items/${item.id}`));
      expect(d.abilities).toMatchObject({ 'item.view_metadata': true, 'item.read': false });
      expect(await visibleIds(org.sec)).toContain(item.id);
      const h = await t.auditHead();
      await expectDenied(t, h, await org.sec.get(`/api/items/${item.id}/content`), {
        action: 'item.read',
        actorName: 'secadmin',
        targetId: item.id,
        reason: 'forbidden',
      });
    });

    it('the history lists what happened, in order', async () => {
      const hist = json<{
        items: { event: string; actorName: string | null; requestId: string | null; details: unknown }[];
      }>(await org.insiderA.get(`/api/items/${item.id}/history`));
      expect(hist.items.map((e) => [e.event, e.actorName])).toEqual([
        ['proposed', 'officer.a'],
        ['classified', '安全保密管理员'],
      ]);
      expect(hist.items[1]!.details).toEqual({ level: 'secret', markedOn: '2026-11-23', secrecyUntil: '2036-11-23' });
      expect(hist.items[1]!.requestId).not.toBeNull();
    });

    // Regression (was a bug): the history is ordered by (at, id) and ids are random UUIDs, so events recorded at the same instant come
    // back in random order. An open item is proposed and classified in one transaction (same instant), so its
    // history often reads "classified" before "proposed"; here the edit shares the instant too.
    it('events recorded at the same instant keep the order they happened in', async () => {
      for (let i = 0; i < 6; i++) {
        const { item } = await propose(
          org.officerA,
          proposal(org, { level: 'internal', period: null, scope: [], classifierId: null }),
        );
        json(await org.officerA.patch(`/api/items/${item.id}`, { version: item.version, basis: `第${i}条` }));
        const hist = json<{ items: { event: string }[] }>(await org.officerA.get(`/api/items/${item.id}/history`));
        expect(hist.items.map((e) => e.event)).toEqual(['proposed', 'classified', 'edited']);
      }
    });
  });

  describe('editing', () => {
    it('the custodian edits; the audit records what changed but never the content itself', async () => {
      const item = await classify(org, org.officerA, { title: '旧标题', content: '旧正文' });
      t.advance(1);
      const h = await t.auditHead();
      const d = json<ItemDetail>(
        await org.officerA.patch(`/api/items/${item.id}`, {
          version: item.version,
          title: '新标题 Falcon',
          content: '绝密新正文 XYZZY',
          category: 'technology_process',
        }),
      );
      expect(d).toMatchObject({ title: '新标题 Falcon', category: 'technology_process', version: item.version + 1 });
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => [e.action, e.target_id, e.actor_name])).toEqual([['item.update', item.id, 'officer.a']]);
      expect(JSON.parse(ev[0]!.details)).toEqual({
        changed: {
          title: { from: '旧标题', to: '新标题 Falcon' },
          content: { changed: true },
          category: { from: 'research_result', to: 'technology_process' },
        },
      });
      expect(ev[0]!.details).not.toMatch(/XYZZY|旧正文/);
      const hist = json<{ items: { event: string; details: unknown }[] }>(
        await org.officerA.get(`/api/items/${item.id}/history`),
      );
      expect(hist.items.map((e) => e.event)).toEqual(['proposed', 'classified', 'edited']);
      expect(JSON.stringify(hist.items[2]!.details)).not.toMatch(/XYZZY|旧正文/);
      expect(json<{ content: string }>(await org.insiderA.get(`/api/items/${item.id}/content`)).content).toBe(
        '绝密新正文 XYZZY',
      );
      // The title is searchable under its new words only.
      expect(await visibleIds(org.insiderA, 'q=falcon')).toContain(item.id);
      expect(await visibleIds(org.insiderA, `q=${encodeURIComponent('旧标题')}`)).not.toContain(item.id);
    });

    it('[CAR-05] narrowing the scope of an item in force applies at once and is audited; widening it is refused (it needs approval)', async () => {
      const item = await classify(org, org.officerA, {
        scope: [
          { kind: 'department', ref: org.deptA },
          { kind: 'user', ref: org.outsiderB.userId },
        ],
      });
      expect(await visibleIds(org.outsiderB)).toContain(item.id);
      // Widening: refused before anything is written, whatever else the edit carries.
      let h = await t.auditHead();
      for (const scope of [
        [
          { kind: 'department', ref: org.deptA },
          { kind: 'user', ref: org.outsiderB.userId },
          { kind: 'role', ref: 'leadership' },
        ],
        [{ kind: 'department', ref: org.deptB }],
      ]) {
        const r = await org.officerA.patch(`/api/items/${item.id}`, { version: item.version, title: '改名', scope });
        await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
        expect((r.json() as { error: { details: unknown } }).error.details).toEqual({
          problem: 'scope_widening_needs_approval',
          field: 'scope',
        });
      }
      expect(json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`))).toMatchObject({
        title: item.title,
        version: item.version,
      });
      expect(await visibleIds(org.headB)).not.toContain(item.id);

      // Narrowing: department A goes, the person from B stays.
      h = await t.auditHead();
      const scope = [{ kind: 'user', ref: org.outsiderB.userId }];
      const d = json<ItemDetail>(await org.officerA.patch(`/api/items/${item.id}`, { version: item.version, scope }));
      expect(d.scope.map((s) => [s.kind, s.label])).toEqual([['user', 'outsider.b']]);
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => e.action)).toEqual(['item.update']);
      expect(JSON.parse(ev[0]!.details)).toEqual({
        changed: { scope: { added: [], removed: [{ kind: 'department', ref: org.deptA }] } },
      });
      expect(await visibleIds(org.outsiderB)).toContain(item.id);
      expect(json<{ content: string }>(await org.outsiderB.get(`/api/items/${item.id}/content`)).content).toMatch(
        /^正文 /,
      );
      expect(await visibleIds(org.insiderA)).not.toContain(item.id);
      expectError(await org.insiderA.get(`/api/items/${item.id}`), 404, 'not_found');
      // The custodian always keeps access.
      expect(await visibleIds(org.officerA)).toContain(item.id);
    });

    it('a proposal keeps its scope once an approver has approved a step: widening is refused, narrowing still applies', async () => {
      const { item, requestId } = await propose(
        org.officerA,
        proposal(org, {
          level: 'secret',
          scope: [
            { kind: 'department', ref: org.deptA },
            { kind: 'user', ref: org.headB.userId },
          ],
        }),
      );
      json(
        await org.headA.post(`/api/requests/${requestId}/decide`, {
          version: (await requestRow(t, requestId)).version,
          decision: 'approve',
        }),
      );
      const h = await t.auditHead();
      const r = await org.officerA.patch(`/api/items/${item.id}`, {
        version: item.version,
        scope: [
          { kind: 'department', ref: org.deptA },
          { kind: 'user', ref: org.headB.userId },
          { kind: 'user', ref: org.outsiderB.userId },
        ],
      });
      await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
      expect((r.json() as { error: { details: unknown } }).error.details).toEqual({
        problem: 'scope_frozen_in_approval',
        field: 'scope',
      });
      const d = json<ItemDetail>(
        await org.officerA.patch(`/api/items/${item.id}`, {
          version: item.version,
          scope: [{ kind: 'department', ref: org.deptA }],
        }),
      );
      expect(d.scope.map((s) => s.kind)).toEqual(['department']);
    });

    it("a proposal's title, content, category and basis freeze once an approver has approved a step; edits before make open decisions stale (409)", async () => {
      const { item, requestId } = await propose(org.officerA, proposal(org, { level: 'secret' }));
      // Before any approval the custodian may edit; the head's decision page loaded before it is stale.
      const seen = (await requestRow(t, requestId)).version;
      const edited = json<ItemDetail>(
        await org.officerA.patch(`/api/items/${item.id}`, {
          version: item.version,
          basis: '本单位保密事项一览表第4条',
        }),
      );
      expect((await requestRow(t, requestId)).version).toBe(seen + 1);
      expectError(
        await org.headA.post(`/api/requests/${requestId}/decide`, { version: seen, decision: 'approve' }),
        409,
        'stale_version',
      );
      json(await org.headA.post(`/api/requests/${requestId}/decide`, { version: seen + 1, decision: 'approve' }));
      for (const body of [
        { title: '改过的标题' },
        { content: '改过的正文' },
        { category: 'finance_report' },
        { basis: '另一依据' },
        { title: edited.title, basis: '另一依据' },
      ]) {
        const h = await t.auditHead();
        const r = await org.officerA.patch(`/api/items/${item.id}`, { version: edited.version, ...body });
        await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
        expect(problemOf(r)).toBe('proposal_frozen_in_approval');
      }
      const after = json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`));
      expect(after).toMatchObject({
        title: edited.title,
        basis: '本单位保密事项一览表第4条',
        category: edited.category,
        version: edited.version,
      });
      // Sending the values it has changes nothing and is accepted, and leaves the decision pages current.
      const current = (await requestRow(t, requestId)).version;
      json(await org.officerA.patch(`/api/items/${item.id}`, { version: edited.version, title: edited.title }));
      expect((await requestRow(t, requestId)).version).toBe(current);
      expect((await approveAll(org, requestId)).status).toBe('approved');
    });

    it('a proposal is judged again at its last approval: a lowered maximum, a revoked authority or an uncleared custodian stop it (409); nothing applies', async () => {
      const last = async (requestId: string) => {
        const r = await requestRow(t, requestId);
        const approver = org.byId.get(JSON.parse(r.chain)[r.current_step].approvers[0])!;
        return approver.post(`/api/requests/${requestId}/decide`, { version: r.version, decision: 'approve' });
      };
      const headFirst = async (body: Record<string, unknown>) => {
        const { item, requestId } = await propose(org.officerA, proposal(org, body));
        json(await last(requestId)); // the department head; the confidentiality office decides last
        return { item, requestId };
      };
      const refused = async (requestId: string, itemId: string, problem: string) => {
        const h = await t.auditHead();
        const r = await last(requestId);
        expectError(r, 409, 'conflict');
        expect((r.json() as { error: { details: unknown } }).error.details).toEqual({ problem, since: 'submission' });
        // The approval rolled back with its effect, and is recorded as refused.
        expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, JSON.parse(e.details)])).toEqual([
          ['approval.decide', 'denied', { reason: 'no_longer_applies', problem }],
        ]);
        expect(await requestRow(t, requestId)).toMatchObject({ status: 'pending' });
        expect(json<ItemDetail>(await org.officerA.get(`/api/items/${itemId}`))).toMatchObject({
          status: 'proposed',
          markedOn: null,
        });
      };

      // The maximum for secret is lowered below the proposed period while it waits.
      const p1 = await headFirst({ level: 'secret', period: { value: 15, unit: 'years' } });
      await setPolicy(org, {
        maxYears: { top_secret: 30, secret: 10, confidential: 10, core_commercial: 20, ordinary_commercial: 10 },
      });
      await refused(p1.requestId, p1.item.id, 'period_exceeds_maximum');
      await setPolicy(org, {
        maxYears: { top_secret: 30, secret: 20, confidential: 10, core_commercial: 20, ordinary_commercial: 10 },
      });
      json(await last(p1.requestId));

      // The classifier's authority is revoked while it waits; a rejection still ends it.
      const designated = await addPerson(org, 'designated.a', { departmentId: org.deptA, clearance: 'core' });
      const appointed = json<{ id: string; version: number }>(
        await org.sec.post('/api/classifiers', { userId: designated.userId, kind: 'designated', maxLevel: 'secret' }),
        201,
      );
      const p2 = await headFirst({ level: 'secret', classifierId: designated.userId });
      json(await org.sec.post(`/api/classifiers/${appointed.id}/revoke`, { version: appointed.version }));
      await refused(p2.requestId, p2.item.id, 'classifier_not_authorised');
      const r2 = await requestRow(t, p2.requestId);
      json(await org.sec.post(`/api/requests/${p2.requestId}/decide`, { version: r2.version, decision: 'reject' }));
      expect(json<ItemDetail>(await org.officerA.get(`/api/items/${p2.item.id}`))).toMatchObject({
        status: 'rejected',
      });

      // The custodian loses clearance for the level while it waits.
      const keeper = await addPerson(org, 'keeper.a', { departmentId: org.deptA, clearance: 'important' });
      const p3 = await headFirst({ level: 'secret', custodianId: keeper.userId });
      await setClearance(org, keeper.userId, 'general');
      await refused(p3.requestId, p3.item.id, 'custodian_not_cleared');
    });

    it('[CAR-05] people named anew in a scope must be active and cleared for the level (400 naming them); those named before may stay', async () => {
      let h = await t.auditHead();
      // low.a is cleared for confidential only, plain.a not at all.
      const r = await org.officerA.post(
        '/api/items',
        proposal(org, {
          level: 'secret',
          scope: [
            { kind: 'department', ref: org.deptA },
            { kind: 'user', ref: org.lowA.userId },
            { kind: 'user', ref: org.plainA.userId },
          ],
        }),
      );
      await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
      expect((r.json() as { error: { details: unknown } }).error.details).toEqual({
        field: 'scope',
        problem: 'scope_person_not_cleared',
        names: 'low.a、plain.a',
      });
      // Named on a confidential item, low.a may stay when the scope is narrowed around them.
      const item = await classify(org, org.officerA, {
        scope: [
          { kind: 'department', ref: org.deptA },
          { kind: 'user', ref: org.lowA.userId },
        ],
      });
      await setClearance(org, org.lowA.userId, null);
      h = await t.auditHead();
      const d = json<ItemDetail>(
        await org.officerA.patch(`/api/items/${item.id}`, {
          version: item.version,
          scope: [{ kind: 'user', ref: org.lowA.userId }],
        }),
      );
      expect(d.scope.map((s) => s.ref)).toEqual([org.lowA.userId]);
      await setClearance(org, org.lowA.userId, 'general');
    });

    it('an edit made against another version is refused before it is judged (409)', async () => {
      const item = await classify(org, org.officerA);
      const h = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h,
        await org.officerA.patch(`/api/items/${item.id}`, { version: item.version + 1, title: '新标题' }),
        409,
        'stale_version',
      );
    });

    it('widening the scope of a proposal (not in force yet) applies at once and is reported to the security administrator', async () => {
      const { item } = await propose(org.officerA, proposal(org));
      const notes = (await notificationsOf(t, org.sec.userId, 'scopeWidened')).length;
      const h = await t.auditHead();
      const scope = [
        { kind: 'user', ref: org.outsiderB.userId },
        { kind: 'role', ref: 'leadership' },
      ];
      const d = json<ItemDetail>(await org.officerA.patch(`/api/items/${item.id}`, { version: item.version, scope }));
      expect(d.scope.map((s) => [s.kind, s.label])).toEqual(
        expect.arrayContaining([
          ['user', 'outsider.b'],
          ['role', null],
        ]),
      );
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => e.action)).toEqual(['item.update']);
      expect(JSON.parse(ev[0]!.details)).toEqual({
        changed: { scope: { added: scope, removed: [{ kind: 'department', ref: org.deptA }] } },
      });
      expect(await notificationsOf(t, org.sec.userId, 'scopeWidened')).toHaveLength(notes + 1);
    });

    it('only the custodian edits: in scope 403, out of scope 404, both audited', async () => {
      const item = await classify(org, org.officerA);
      for (const a of [org.insiderA, org.headA, org.sec]) {
        const h = await t.auditHead();
        await expectDenied(t, h, await a.patch(`/api/items/${item.id}`, { version: item.version, title: 'x' }), {
          action: 'item.update',
          actorName: a.username,
          reason: 'forbidden',
        });
      }
      for (const a of [org.outsiderB, org.sys]) {
        const h = await t.auditHead();
        expectError(await a.patch(`/api/items/${item.id}`, { version: item.version, title: 'x' }), 404, 'not_found');
        expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([['item.update', 'denied']]);
      }
      expect(json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`))).toMatchObject({
        title: item.title,
        version: item.version,
      });
    });

    it('refuses bad edits and stale versions, changing nothing', async () => {
      const item = await classify(org, org.officerA);
      const h = await t.auditHead();
      for (const body of [
        { version: item.version, scope: [] },
        { version: item.version, scope: [{ kind: 'user', ref: randomId() }] },
        {
          version: item.version,
          scope: [
            { kind: 'department', ref: org.deptA },
            { kind: 'department', ref: org.deptA },
          ],
        },
        { version: item.version, title: '' },
        { version: item.version, level: 'public' },
        { title: 'no version' },
      ]) {
        await expectRefusedQuietly(
          t,
          h,
          await org.officerA.patch(`/api/items/${item.id}`, body),
          400,
          'validation_failed',
        );
      }
      await expectRefusedQuietly(
        t,
        h,
        await org.officerA.patch(`/api/items/${item.id}`, { version: item.version + 1, title: '过期' }),
        409,
        'stale_version',
      );
      expect(json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`))).toMatchObject({
        title: item.title,
        version: item.version,
        scope: [{ ref: org.deptA }],
      });
    });

    // BUG (PostgreSQL): PATCH rewrites the search terms before its `WHERE version = ?` check; two concurrent edits of
    // the same version both delete and re-insert the item's terms and the loser fails on the terms' primary key
    // with 500 instead of 409 stale_version (flaky per race, so the race is repeated).
    it('two concurrent edits of the same version: one wins, the other 409', async () => {
      let item = await classify(org, org.officerA);
      for (let i = 0; i < 15; i++) {
        const h = await t.auditHead();
        const [r1, r2] = await Promise.all([
          org.officerA.patch(`/api/items/${item.id}`, { version: item.version, title: `甲方案 ${i}` }),
          org.officerA.patch(`/api/items/${item.id}`, { version: item.version, title: `乙计划 ${i}` }),
        ]);
        expect([r1.statusCode, r2.statusCode].sort(), `${r1.body} ${r2.body}`).toEqual([200, 409]);
        expect(await t.auditHead()).toBe(h + 1);
        item = json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`));
        expect(await visibleIds(org.insiderA, `q=${encodeURIComponent(item.title.slice(0, 2))}`)).toContain(item.id);
      }
    });
  });

  describe('people who may not act', () => {
    it('[PER-07] disabled and departed people can do nothing; enabled again, they see what they saw', async () => {
      const item = await classify(org, org.officerA);
      const temp = await addPerson(org, 'temp.a', { departmentId: org.deptA, clearance: 'important' });
      const gone = await addPerson(org, 'gone.a', { departmentId: org.deptA, clearance: 'important' });
      expect(await visibleIds(temp)).toContain(item.id);
      await setStatus(org, temp.userId, 'disable');
      await setStatus(org, gone.userId, 'depart');
      for (const a of [temp, gone]) {
        expect((await a.get('/api/items')).statusCode).toBe(401);
        expect((await a.get(`/api/items/${item.id}/content`)).statusCode).toBe(401);
        expectError(await a.login(a.username, STRONG_PASSWORD), 401, 'invalid_credentials');
        expect(
          (await a.post('/api/access-requests', { itemId: item.id, actions: ['read'], days: 1, reason: 'x' }))
            .statusCode,
        ).toBe(401);
      }
      await setStatus(org, temp.userId, 'enable');
      await signIn(t, temp);
      expect(await visibleIds(temp)).toContain(item.id);
    });

    it('the sysadmin and the auditor list and read no classified content, only open items', async () => {
      const secret = await classify(org, org.officerA, { level: 'secret', title: '雷达 Radar 方案' });
      const open = await classify(org, org.officerA, {
        level: 'internal',
        title: '内部 Radar 通知',
        period: null,
        scope: [],
        classifierId: null,
      });
      for (const a of [org.sys, org.aud]) {
        const ids = await visibleIds(a);
        expect(ids).toContain(open.id);
        expect(ids).not.toContain(secret.id);
        expect(await visibleIds(a, 'q=radar')).toEqual([open.id]);
        const levels = await t.ctx.db
          .selectFrom('secret_items')
          .select(['id', 'level', 'status'])
          .where('id', 'in', ids)
          .execute();
        expect(levels.every((l) => l.level === 'internal' || l.level === 'public' || l.status === 'declassified')).toBe(
          true,
        );
        expect(json<ItemDetail>(await a.get(`/api/items/${open.id}`)).abilities).toMatchObject({
          'item.read': true,
          'item.edit': false,
        });
        expectError(await a.get(`/api/items/${secret.id}/content`), 404, 'not_found');
        // They never ask for access (item.ask_access): refused before the item is looked up, saying why, the same
        // answer whatever the item — it reveals nothing about it.
        for (const r of [
          await a.post('/api/access-requests', { itemId: secret.id, actions: ['read'], days: 1, reason: '审计需要' }),
          await a.post(`/api/items/${secret.id}/emergency-access`, { reason: '紧急情况需要查看内容' }),
          await a.post(`/api/items/${randomId()}/emergency-access`, { reason: '紧急情况需要查看内容' }),
        ]) {
          expectError(r, 403, 'forbidden');
          expect(problemOf(r)).toBe('access_role_excluded');
        }
      }
    });
  });
});
