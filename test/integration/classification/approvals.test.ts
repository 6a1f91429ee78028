import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly, randomId } from '../../helpers/abuse.js';
import { department, json, type Person } from '../../helpers/people.js';
import {
  addPerson,
  classify,
  notificationsOf,
  problemOf,
  proposal,
  propose,
  requestRow,
  chains,
  setChains,
  setClearance,
  setPolicy,
  setupOrg,
  signInAll,
  type Org,
} from '../../helpers/classification-org.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';
import type { RequestDetail, RequestSummary } from '../../../src/platform/approvals/contracts.js';

/** /api/requests: inbox, mine, decided, counts, detail, decide and withdraw; any/all steps, races, expiry. */
describe.each(DB_KINDS)('approval requests on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  let deptC: string;
  let headC1: Person;
  let headC2: Person;
  let officerC: Person;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    deptC = await department(t, org.sys, '测试部');
    headC1 = await addPerson(org, 'head.c1', { departmentId: deptC, roles: ['dept_head'], clearance: 'important' });
    headC2 = await addPerson(org, 'head.c2', { departmentId: deptC, roles: ['dept_head'], clearance: 'important' });
    officerC = await addPerson(org, 'officer.c', {
      departmentId: deptC,
      roles: ['dept_officer'],
      clearance: 'important',
    });
  });
  afterAll(() => t.close());

  const proposeC = (overrides: Record<string, unknown> = {}) =>
    propose(officerC, proposal(org, { scope: [{ kind: 'department', ref: deptC }], ...overrides }));
  const detail = async (a: Org['sec'], id: string) => json<RequestDetail>(await a.get(`/api/requests/${id}`));
  const decide = async (a: Org['sec'], id: string, decision: 'approve' | 'reject', comment?: string) =>
    a.post(`/api/requests/${id}/decide`, {
      version: (await requestRow(t, id)).version,
      decision,
      ...(comment ? { comment } : {}),
    });
  const box = async (a: Org['sec'], query: string) =>
    json<{ items: RequestSummary[]; total: number }>(await a.get(`/api/requests?${query}`));
  const counts = async (a: Org['sec']) =>
    json<{ inbox: number; minePending: number }>(await a.get('/api/requests/counts'));

  it('lists inbox, mine and decided boxes with filters and paging; the counts agree', async () => {
    const r1 = await proposeC();
    t.advance(1);
    const r2 = await proposeC();
    t.advance(1);
    const r3 = await proposeC({ level: 'secret' });
    for (const h of [headC1, headC2]) {
      expect((await box(h, 'box=inbox')).items.map((r) => r.id)).toEqual([r3.requestId, r2.requestId, r1.requestId]);
      expect(await counts(h)).toEqual({ inbox: 3, minePending: 0 });
    }
    expect(await counts(officerC)).toEqual({ inbox: 0, minePending: 3 });
    json(await decide(headC1, r1.requestId, 'approve'));
    json(await decide(headC2, r2.requestId, 'reject', '依据不充分'));
    json(await decide(headC1, r3.requestId, 'approve'));
    expect((await box(headC1, 'box=inbox')).total).toBe(0);
    expect((await box(headC1, 'box=decided')).items.map((r) => [r.id, r.status])).toEqual([
      [r3.requestId, 'pending'],
      [r1.requestId, 'approved'],
    ]);
    expect((await box(headC2, 'box=decided')).items.map((r) => [r.id, r.status])).toEqual([[r2.requestId, 'rejected']]);
    expect((await box(org.sec, 'box=inbox')).items.map((r) => r.id)).toContain(r3.requestId);
    expect(await counts(headC1)).toEqual({ inbox: 0, minePending: 0 });

    const mine = await box(officerC, 'box=mine');
    expect(mine).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(mine.items[0]).toMatchObject({
      id: r3.requestId,
      type: 'classification.classify',
      targetType: 'secret_item',
      targetId: r3.item.id,
      targetLevel: 'secret',
      requesterName: 'officer.c',
      currentStep: 1,
      stepCount: 2,
    });
    expect((await box(officerC, 'box=mine&status=pending')).items.map((r) => r.id)).toEqual([r3.requestId]);
    expect((await box(officerC, 'box=mine&status=rejected')).items.map((r) => r.id)).toEqual([r2.requestId]);
    expect((await box(officerC, 'box=mine&type=classification.classify&order=asc')).items.map((r) => r.id)).toEqual([
      r1.requestId,
      r2.requestId,
      r3.requestId,
    ]);
    expect((await box(officerC, 'box=mine&type=classification.access_grant')).total).toBe(0);
    expect(await counts(officerC)).toMatchObject({ minePending: 1 });
    const p1 = await box(officerC, 'box=mine&pageSize=2&page=1');
    const p2 = await box(officerC, 'box=mine&pageSize=2&page=2');
    expect([...p1.items, ...p2.items].map((r) => r.id)).toEqual(mine.items.map((r) => r.id));
    expect(p2.total).toBe(3);
    expect(await counts(org.plainA)).toEqual({ inbox: 0, minePending: 0 });
    expect((await box(org.plainA, 'box=mine')).items).toEqual([]);

    const h = await t.auditHead();
    for (const q of [
      '',
      'box=all',
      'box=inbox&pageSize=0',
      'box=inbox&pageSize=101',
      'box=inbox&status=lost',
      'box=inbox&type=copy',
      'box=inbox&extra=1',
      'box=inbox&page=0',
    ]) {
      await expectRefusedQuietly(t, h, await officerC.get(`/api/requests?${q}`), 400, 'validation_failed');
    }
  });

  it('"mine" counts agree with the "mine" list when someone asked on my behalf', async () => {
    const item = await classify(org, org.officerA);
    json(
      await org.headA.post('/api/access-requests', {
        itemId: item.id,
        subjectId: org.lowA.userId,
        actions: ['read'],
        days: 3,
        reason: '协助工作',
      }),
      201,
    );
    const pending = await box(org.lowA, 'box=mine&status=pending');
    expect(pending.total).toBe(1);
    expect((await counts(org.lowA)).minePending).toBe(pending.total);
  });

  it('the menus follow the policy: the sysadmin and the auditor take no part in requests; heads and officers ask for their team', async () => {
    const abilities = async (a: Org['sec']) =>
      json<{ abilities: Record<string, boolean> }>(await a.get('/api/auth/me')).abilities;
    for (const a of [org.sys, org.aud])
      expect(await abilities(a)).toMatchObject({
        'approval.participate': false,
        'item.request_for_team': false,
        'item.propose': false,
      });
    expect(await abilities(org.plainA)).toMatchObject({
      'approval.participate': true,
      'item.request_for_team': false,
      'item.propose': false,
    });
    for (const a of [org.headA, org.officerA, org.leader])
      expect(await abilities(a)).toMatchObject({
        'approval.participate': true,
        'item.request_for_team': true,
        'item.propose': true,
      });
    expect(await abilities(org.sec)).toMatchObject({
      'approval.participate': true,
      'item.propose': true,
      'classification.manage': true,
      'review.manage': true,
    });
  });

  it('shows a request to its requester, subject and approvers only; others get 404, audited', async () => {
    const { requestId, item } = await proposeC({ level: 'secret' });
    for (const a of [officerC, headC1, headC2, org.sec]) {
      const d = await detail(a, requestId);
      expect(d).toMatchObject({
        id: requestId,
        targetId: item.id,
        status: 'pending',
        decisions: [],
        canWithdraw: a === officerC,
        canDecide: a === headC1 || a === headC2,
      });
      expect(d.chain.map((s) => [s.group, s.mode, s.approvers.map((x) => x.name)])).toEqual([
        ['dept_head', 'any', ['head.c1', 'head.c2']],
        ['confidentiality_office', 'any', ['安全保密管理员']],
      ]);
    }
    for (const a of [org.headA, org.leader, org.sys, org.aud, org.insiderA]) {
      const h = await t.auditHead();
      expectError(await a.get(`/api/requests/${requestId}`), 404, 'not_found');
      expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, e.actor_name, e.target_id])).toEqual([
        ['approval.view', 'denied', a.username, requestId],
      ]);
    }
    const unknown = randomId();
    const h = await t.auditHead();
    expectError(await officerC.get(`/api/requests/${unknown}`), 404, 'not_found');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.target_id])).toEqual([['approval.view', unknown]]);
    const h2 = await t.auditHead();
    await expectRefusedQuietly(t, h2, await officerC.get('/api/requests/REQ-2026-000001'), 400, 'validation_failed');
    // Deciding or withdrawing a request one is not on: 404 too.
    for (const path of ['decide', 'withdraw']) {
      const h3 = await t.auditHead();
      const body = path === 'decide' ? { version: 1, decision: 'approve' } : { version: 1 };
      expectError(await org.headA.post(`/api/requests/${requestId}/${path}`, body), 404, 'not_found');
      expect((await auditRowsAfter(t, h3)).map((e) => [e.action, e.result])).toEqual([[`approval.${path}`, 'denied']]);
    }
  });

  it("approvers read the particulars they decide on (never the content), even from outside the item's scope", async () => {
    const { requestId, item } = await propose(
      org.seniorA,
      proposal(org, {
        level: 'top_secret',
        period: { value: 25, unit: 'years' },
        basis: '依据第七条',
        scope: [{ kind: 'user', ref: org.seniorA.userId }],
      }),
    );
    const r = await requestRow(t, requestId);
    expect(JSON.parse(r.chain).map((s: { group: string }) => s.group)).toEqual([
      'dept_head',
      'confidentiality_office',
      'leadership',
    ]);
    // The leader is on the chain but not in the scope: the item itself is not theirs to open.
    expectError(await org.leader.get(`/api/items/${item.id}`), 404, 'not_found');
    for (const a of [org.leader, org.sec, org.headA, org.seniorA]) {
      const d = await detail(a, requestId);
      expect(d.targetDetails).toMatchObject({
        level: 'top_secret',
        status: 'proposed',
        marking: { zh: '绝密★25年' },
        period: { value: 25, unit: 'years' },
        basis: '依据第七条',
        classifierName: 'leader',
        custodianName: 'senior.a',
        scope: [{ kind: 'user', ref: org.seniorA.userId, label: 'senior.a' }],
      });
      expect(JSON.stringify(d)).not.toContain('正文');
    }
  });

  it('nobody approves their own request or one for their own benefit (403, audited)', async () => {
    const { requestId } = await proposeC();
    let h = await t.auditHead();
    await expectDenied(t, h, await decide(officerC, requestId, 'approve'), {
      action: 'approval.decide',
      actorName: 'officer.c',
      targetId: requestId,
      reason: 'self_approval',
    });
    // The head asks access for a colleague: the colleague (subject) cannot approve it either.
    const item = await classify(org, org.officerA);
    const { requestId: access } = json<{ requestId: string }>(
      await org.headA.post('/api/access-requests', {
        itemId: item.id,
        subjectId: org.memberSubA.userId,
        actions: ['read'],
        days: 2,
        reason: '协助',
      }),
      201,
    );
    const d = await detail(org.memberSubA, access);
    expect(d).toMatchObject({
      subjectId: org.memberSubA.userId,
      requesterId: org.headA.userId,
      canDecide: false,
      canWithdraw: false,
    });
    expect(d.chain.flatMap((s) => s.approvers.map((a) => a.id))).not.toContain(org.memberSubA.userId);
    for (const a of [org.memberSubA, org.headA]) {
      h = await t.auditHead();
      await expectDenied(t, h, await decide(a, access, 'approve'), {
        action: 'approval.decide',
        actorName: a.username,
        reason: 'self_approval',
      });
    }
    // An approver of a later step cannot decide the current one.
    const { requestId: secret } = await proposeC({ level: 'secret' });
    h = await t.auditHead();
    await expectDenied(t, h, await decide(org.sec, secret, 'approve'), {
      action: 'approval.decide',
      actorName: 'secadmin',
      reason: 'not_current_approver',
    });
    expect(await requestRow(t, secret)).toMatchObject({ status: 'pending', current_step: 0, version: 1 });
  });

  it('the approver must hold the clearance when deciding: lowered after submission, refused; restored, allowed', async () => {
    const { requestId, item } = await propose(org.officerA, proposal(org, { level: 'secret' }));
    expect((await detail(org.headA, requestId)).canDecide).toBe(true);
    await setClearance(org, org.headA.userId, 'general');
    // Below the item's level now: no decision, no title or particulars (the number only), not in the inbox.
    expect(await detail(org.headA, requestId)).toMatchObject({
      canDecide: false,
      targetTitle: null,
      targetLevel: null,
      targetDetails: null,
    });
    const inbox = json<{ items: RequestSummary[] }>(await org.headA.get('/api/requests?box=inbox&pageSize=100'));
    expect(inbox.items.map((x) => x.id)).not.toContain(requestId);
    const h = await t.auditHead();
    await expectDenied(t, h, await decide(org.headA, requestId, 'approve'), {
      action: 'approval.decide',
      actorName: 'head.a',
      reason: 'not_current_approver',
    });
    await setClearance(org, org.headA.userId, null);
    expectError(await decide(org.headA, requestId, 'approve'), 403, 'forbidden');
    await setClearance(org, org.headA.userId, 'core');
    expect(json<RequestDetail>(await decide(org.headA, requestId, 'approve'))).toMatchObject({
      status: 'pending',
      currentStep: 1,
    });
    expect(json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`)).status).toBe('proposed');
  });

  it('an approver named at submission who has lost the role decides nothing (403, audited); given it back, they may', async () => {
    const head = org.headA;
    const { requestId } = await propose(org.officerA, proposal(org));
    expect((await detail(head, requestId)).canDecide).toBe(true);
    const roles = async (businessRoles: string[]) => {
      const u = json<{ version: number }>(await org.sys.get(`/api/users/${head.userId}`));
      json(await org.sys.patch(`/api/users/${head.userId}`, { version: u.version, businessRoles }));
    };
    const inbox = async () => {
      const list = json<{ items: RequestSummary[]; total: number }>(
        await head.get('/api/requests?box=inbox&pageSize=100'),
      );
      return {
        listed: list.items.some((x) => x.id === requestId),
        total: list.total,
        counted: json<{ inbox: number }>(await head.get('/api/requests/counts')).inbox,
      };
    };
    const before = await inbox();
    expect(before).toMatchObject({ listed: true, counted: before.total });
    await roles(['employee']);
    expect((await detail(head, requestId)).canDecide).toBe(false);
    // Not theirs to decide any more: out of the inbox, and the count says what the list shows.
    const after = await inbox();
    expect(after).toMatchObject({ listed: false, counted: after.total });
    expect(after.total).toBeLessThan(before.total);
    const h = await t.auditHead();
    const r = await decide(head, requestId, 'approve');
    await expectDenied(t, h, r, { action: 'approval.decide', actorName: head.username, reason: 'no_longer_in_group' });
    expect(problemOf(r)).toBe('no_longer_in_group');
    expect(await requestRow(t, requestId)).toMatchObject({ status: 'pending', current_step: 0 });
    await roles(['dept_head']);
    expect(await inbox()).toEqual(before);
    expect(json<RequestDetail>(await decide(head, requestId, 'approve'))).toMatchObject({ status: 'approved' });
  });

  describe('steps that need every approver', () => {
    let restore: () => Promise<unknown>;
    beforeAll(async () => {
      const classify = (await chains(org.sec)).chains['classification.classify']!;
      await setChains(org, {
        'classification.classify': { ...classify, confidential: [{ group: 'dept_head', mode: 'all' }] },
      });
      restore = () => setChains(org, { 'classification.classify': classify });
    });
    afterAll(() => restore());

    it('an "all" step completes only when each approver has approved', async () => {
      const { requestId, item } = await proposeC();
      let d = json<RequestDetail>(await decide(headC1, requestId, 'approve', '同意'));
      expect(d).toMatchObject({
        status: 'pending',
        currentStep: 0,
        canDecide: false,
        decisions: [{ step: 0, approverName: 'head.c1', decision: 'approved', comment: '同意' }],
      });
      expect(json<ItemDetail>(await officerC.get(`/api/items/${item.id}`)).status).toBe('proposed');
      expect((await box(headC1, 'box=inbox')).items.map((r) => r.id)).not.toContain(requestId);
      expect((await box(headC2, 'box=inbox')).items.map((r) => r.id)).toContain(requestId);
      // Deciding twice is refused.
      expectError(await decide(headC1, requestId, 'approve'), 403, 'forbidden');
      d = json<RequestDetail>(await decide(headC2, requestId, 'approve'));
      expect(d).toMatchObject({ status: 'approved', currentStep: 1 });
      expect(d.decisions.map((x) => x.approverName).sort()).toEqual(['head.c1', 'head.c2']);
      expect(json<ItemDetail>(await officerC.get(`/api/items/${item.id}`)).status).toBe('in_force');
    });

    it('one rejection in an "all" step ends the request; the proposal never takes effect', async () => {
      const { requestId, item } = await proposeC();
      json(await decide(headC1, requestId, 'approve'));
      expect(json<RequestDetail>(await decide(headC2, requestId, 'reject'))).toMatchObject({ status: 'rejected' });
      expect(json<ItemDetail>(await officerC.get(`/api/items/${item.id}`))).toMatchObject({
        status: 'rejected',
        markedOn: null,
      });
      expect(
        (await notificationsOf(t, officerC.userId, 'requestDecided')).map((n) => JSON.parse(n.body)),
      ).toContainEqual({
        number: expect.any(String),
        type: 'classification.classify',
        status: 'rejected',
        about: expect.stringContaining(item.number),
      });
    });
  });

  it('refuses stale versions and bad bodies without an audit entry', async () => {
    const { requestId } = await proposeC();
    const h = await t.auditHead();
    await expectRefusedQuietly(
      t,
      h,
      await headC1.post(`/api/requests/${requestId}/decide`, { version: 2, decision: 'approve' }),
      409,
      'stale_version',
    );
    await expectRefusedQuietly(
      t,
      h,
      await officerC.post(`/api/requests/${requestId}/withdraw`, { version: 3 }),
      409,
      'stale_version',
    );
    for (const body of [
      { version: 1, decision: 'maybe' },
      { version: 0, decision: 'approve' },
      { decision: 'approve' },
      { version: 1, decision: 'approve', comment: 'x'.repeat(1001) },
      { version: 1, decision: 'approve', extra: 1 },
    ]) {
      await expectRefusedQuietly(
        t,
        h,
        await headC1.post(`/api/requests/${requestId}/decide`, body),
        400,
        'validation_failed',
      );
    }
    await expectRefusedQuietly(
      t,
      h,
      await officerC.post(`/api/requests/${requestId}/withdraw`, {}),
      400,
      'validation_failed',
    );
    expect(await requestRow(t, requestId)).toMatchObject({ status: 'pending', version: 1 });
  });

  async function race(decisions: readonly ['approve' | 'reject', 'approve' | 'reject'] | 'withdraw') {
    const { requestId, item } = await proposeC();
    t.advance(1);
    const h = await t.auditHead();
    const [r1, r2] = await Promise.all([
      headC1.post(`/api/requests/${requestId}/decide`, {
        version: 1,
        decision: decisions === 'withdraw' ? 'approve' : decisions[0],
      }),
      decisions === 'withdraw'
        ? officerC.post(`/api/requests/${requestId}/withdraw`, { version: 1 })
        : headC2.post(`/api/requests/${requestId}/decide`, { version: 1, decision: decisions[1] }),
    ]);
    const outcome =
      decisions === 'withdraw'
        ? r1.statusCode === 200
          ? 'approve'
          : 'withdraw'
        : r1.statusCode === 200
          ? decisions[0]
          : decisions[1];
    return { requestId, item, h, r1, r2, outcome };
  }

  it('two approvers deciding at once: one decision counts and the effect applies once', async () => {
    for (const decisions of [['approve', 'approve'], ['approve', 'reject'], 'withdraw'] as const) {
      const { requestId, item, h, r1, r2, outcome } = await race(decisions);
      expect(
        [r1.statusCode, r2.statusCode].filter((s) => s === 200),
        `${r1.body} ${r2.body}`,
      ).toHaveLength(1);
      const ev = await auditRowsAfter(t, h);
      expect(
        ev.filter(
          (e) => (e.action === 'approval.decide' || e.action === 'approval.withdraw') && e.result === 'success',
        ),
      ).toHaveLength(1);
      expect(ev.filter((e) => e.action === 'item.classify')).toHaveLength(outcome === 'approve' ? 1 : 0);
      const req = await detail(officerC, requestId);
      expect(req).toMatchObject({
        status: { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' }[outcome],
        version: 2,
      });
      expect(req.decisions).toHaveLength(outcome === 'withdraw' ? 0 : 1);
      const hist = json<{ items: { event: string }[] }>(await officerC.get(`/api/items/${item.id}/history`));
      expect(hist.items.map((e) => e.event)).toEqual([
        'proposed',
        { approve: 'classified', reject: 'rejected', withdraw: 'withdrawn' }[outcome],
      ]);
    }
  });

  // BUG (PostgreSQL): the two transactions lock in opposite orders (own task row, then the request row; the winner
  // then closes the other's task row), so PostgreSQL aborts one with a deadlock and the loser gets 500 instead
  // of 409 (about every other race; the race is repeated). Also when the requester withdraws while an approver decides.
  it('the loser of a race is answered 409 (stale version or already decided)', async () => {
    for (let i = 0; i < 16; i++) {
      const decisions = ([['approve', 'approve'], ['approve', 'reject'], 'withdraw'] as const)[i % 3]!;
      const { r1, r2 } = await race(decisions);
      expect([r1.statusCode, r2.statusCode].sort(), `${r1.body} ${r2.body}`).toEqual([200, 409]);
      expect(['stale_version', 'conflict']).toContain(errorCode(r1.statusCode === 200 ? r2 : r1));
    }
  });

  it('a decided request cannot be decided again (409, audited as denied); the requester is told of the outcome', async () => {
    const { requestId } = await proposeC();
    const before = (await notificationsOf(t, officerC.userId, 'requestDecided')).length;
    json(await decide(headC1, requestId, 'approve'));
    expect(await notificationsOf(t, officerC.userId, 'requestDecided')).toHaveLength(before + 1);
    const h = await t.auditHead();
    const again = await decide(headC2, requestId, 'reject');
    expectError(again, 409, 'conflict');
    expect((again.json() as { error: { details: unknown } }).error.details).toEqual({ problem: 'already_decided' });
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, JSON.parse(e.details).reason])).toEqual([
      ['approval.decide', 'denied', 'not_pending'],
    ]);
    // Approvers of a new step hear of it.
    const { requestId: secret } = await proposeC({ level: 'secret' });
    const n = (await notificationsOf(t, org.sec.userId, 'approvalPending')).length;
    json(await decide(headC2, secret, 'approve'));
    expect(await notificationsOf(t, org.sec.userId, 'approvalPending')).toHaveLength(n + 1);
  });

  it('only the requester withdraws (others on it 403, others 404, both audited); a withdrawn proposal never takes effect', async () => {
    const { requestId, item } = await proposeC();
    let h = await t.auditHead();
    await expectDenied(t, h, await headC1.post(`/api/requests/${requestId}/withdraw`, { version: 1 }), {
      action: 'approval.withdraw',
      actorName: 'head.c1',
      targetId: requestId,
    });
    h = await t.auditHead();
    expectError(await org.outsiderB.post(`/api/requests/${requestId}/withdraw`, { version: 1 }), 404, 'not_found');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([['approval.withdraw', 'denied']]);
    h = await t.auditHead();
    const d = json<RequestDetail>(await officerC.post(`/api/requests/${requestId}/withdraw`, { version: 1 }));
    expect(d).toMatchObject({ status: 'withdrawn', canWithdraw: false, canDecide: false });
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.actor_name])).toEqual([
      ['approval.withdraw', 'officer.c'],
    ]);
    expect(json<ItemDetail>(await officerC.get(`/api/items/${item.id}`)).status).toBe('withdrawn');
    expect((await box(headC1, 'box=inbox')).items.map((r) => r.id)).not.toContain(requestId);
    expectError(await officerC.post(`/api/requests/${requestId}/withdraw`, { version: 2 }), 409, 'conflict');
    expectError(await decide(headC1, requestId, 'approve'), 409, 'conflict');
    // The subject of an access request cannot withdraw what someone else asked.
    const it2 = await classify(org, org.officerA);
    const { requestId: access } = json<{ requestId: string }>(
      await org.headA.post('/api/access-requests', {
        itemId: it2.id,
        subjectId: org.insiderA.userId,
        actions: ['read'],
        days: 2,
        reason: '协助',
      }),
      201,
    );
    h = await t.auditHead();
    await expectDenied(t, h, await org.insiderA.post(`/api/requests/${access}/withdraw`, { version: 1 }), {
      action: 'approval.withdraw',
      actorName: 'insider.a',
    });
    json(await org.headA.post(`/api/requests/${access}/withdraw`, { version: 1 }));
  });

  it('an expired request can no longer be decided (409)', async () => {
    await setPolicy(org, { requestTtlDays: 1 });
    const { requestId, item } = await proposeC();
    expect((await requestRow(t, requestId)).expires_at).toBe(
      new Date(t.ctx.now().getTime() + 86_400_000).toISOString(),
    );
    t.advance(86_400_000 + 1000);
    await signInAll(t, headC1, officerC);
    expect((await detail(headC1, requestId)).canDecide).toBe(false);
    const h = await t.auditHead();
    const r = await decide(headC1, requestId, 'approve');
    await expectRefusedQuietly(t, h, r, 409, 'conflict');
    expect((r.json() as { error: { message: string; details: unknown } }).error).toMatchObject({
      message: expect.stringMatching(/expired/),
      details: { problem: 'request_expired' },
    });
    expect(json<ItemDetail>(await officerC.get(`/api/items/${item.id}`)).status).toBe('proposed');
  });
});
