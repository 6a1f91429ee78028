import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, expectOk, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError } from '../../helpers/abuse.js';
import { department, json, person, type Person } from '../../helpers/people.js';
import type { ItemDetail, ItemSummary } from '../../../src/modules/classification/contracts/classification.js';
import type { RequestDetail } from '../../../src/platform/approvals/contracts.js';

/**
 * The journey of the issue, through the API: classify an item with approval; a person out of scope cannot
 * see it in list or search; they request access, it is approved, they read it; the grant expires and they
 * cannot; the auditor sees each step.
 */
describe.each(DB_KINDS)('classification journey on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let sec: Agent;
  let aud: Agent;
  let deptA: string;
  let deptB: string;
  let leader: Person;
  let officer: Person;
  let head: Person;
  let insider: Person;
  let outsider: Person;
  let lowCleared: Person;

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
    sec = await t.admin('secadmin');
    aud = await t.admin('auditor');
    deptA = await department(t, sys, '研发部');
    deptB = await department(t, sys, '财务部');
    leader = await person(t, 'leader', { roles: ['leadership'], clearance: 'core' });
    officer = await person(t, 'officer.a', { departmentId: deptA, roles: ['dept_officer'], clearance: 'important' });
    head = await person(t, 'head.a', { departmentId: deptA, roles: ['dept_head'], clearance: 'important' });
    insider = await person(t, 'insider.a', { departmentId: deptA, clearance: 'important' });
    outsider = await person(t, 'outsider.b', { departmentId: deptB, clearance: 'important' });
    lowCleared = await person(t, 'low.a', { departmentId: deptA, clearance: 'general' });
    await expectOk(
      await sec.post('/api/classifiers', { userId: leader.userId, kind: 'statutory', maxLevel: 'top_secret' }),
    );
  });
  afterAll(() => t.close());

  async function titles(a: Agent, q?: string): Promise<string[]> {
    const r = await a.get(`/api/items${q ? `?q=${encodeURIComponent(q)}` : ''}`);
    return json<{ items: ItemSummary[] }>(r).items.map((i) => i.title);
  }

  it('[CAR-05] walks classify -> need-to-know -> access request -> read -> expiry', async () => {
    // 1. The department officer proposes a secret item scoped to department A.
    const proposed = json<{ item: ItemDetail; requestId: string }>(
      await officer.post('/api/items', {
        title: '新型号发动机研制方案',
        content: '推力 120 kN，试车计划见附件。',
        category: 'research_result',
        level: 'secret',
        basis: '本单位保密事项一览表第3条',
        period: { value: 10, unit: 'years' },
        declassifyCondition: null,
        classifierId: leader.userId,
        origin: 'original',
        scope: [{ kind: 'department', ref: deptA }],
        reason: '研制方案涉及核心技术',
      }),
      201,
    );
    const item = proposed.item;
    expect(item).toMatchObject({
      status: 'proposed',
      level: 'secret',
      marking: { zh: '机密★10年', en: 'Secret★10 years' },
      secrecyUntil: null,
    });

    // 2. Chain for secret: department head, then the confidentiality office.
    const inbox = json<{ items: { id: string }[] }>(await head.get('/api/requests?box=inbox'));
    expect(inbox.items.map((r) => r.id)).toEqual([proposed.requestId]);
    let req = json<RequestDetail>(await head.get(`/api/requests/${proposed.requestId}`));
    expect(req.chain.map((s) => s.group)).toEqual(['dept_head', 'confidentiality_office']);
    expect(req.canDecide).toBe(true);
    // The proposer cannot approve their own request.
    expectError(
      await officer.post(`/api/requests/${req.id}/decide`, { version: req.version, decision: 'approve' }),
      403,
      'forbidden',
    );
    req = json<RequestDetail>(
      await head.post(`/api/requests/${req.id}/decide`, { version: req.version, decision: 'approve', comment: '同意' }),
    );
    expect(req).toMatchObject({ status: 'pending', currentStep: 1 });
    // A stale version is refused.
    expectError(
      await sec.post(`/api/requests/${req.id}/decide`, { version: 1, decision: 'approve' }),
      409,
      'stale_version',
    );
    req = json<RequestDetail>(
      await sec.post(`/api/requests/${req.id}/decide`, { version: req.version, decision: 'approve' }),
    );
    expect(req.status).toBe('approved');

    const inForce = json<ItemDetail>(await officer.get(`/api/items/${item.id}`));
    expect(inForce).toMatchObject({ status: 'in_force', markedOn: '2026-11-23', secrecyUntil: '2036-11-23' });

    // 3. Need-to-know: the insider sees it; the outsider and the under-cleared colleague do not, even by search.
    expect(await titles(insider)).toContain(item.title);
    expect(await titles(insider, '发动机')).toContain(item.title);
    expect(await titles(outsider)).not.toContain(item.title);
    expect(await titles(outsider, '发动机')).not.toContain(item.title);
    expect(await titles(lowCleared)).not.toContain(item.title);
    expect(json<{ total: number }>(await outsider.get('/api/items/count')).total).toBe(0);
    const h = await t.auditHead();
    expectError(await outsider.get(`/api/items/${item.id}`), 404, 'not_found');
    expectError(await outsider.get(`/api/items/${item.id}/content`), 404, 'not_found');
    const refusals = await auditRowsAfter(t, h);
    expect(refusals.map((e) => [e.action, e.result, e.actor_name])).toEqual([
      ['item.view', 'denied', 'outsider.b'],
      ['item.read', 'denied', 'outsider.b'],
    ]);
    // The sysadmin reads no classified content, in list or by id.
    expect(await titles(sys)).not.toContain(item.title);
    expectError(await sys.get(`/api/items/${item.id}`), 404, 'not_found');

    // 4. The outsider asks for read access by number; custodian then confidentiality office approve.
    const ask = json<{ requestId: string }>(
      await outsider.post('/api/access-requests', {
        itemNumber: item.number,
        actions: ['read'],
        days: 1,
        reason: '联合评审需要',
      }),
      201,
    );
    let ar = json<RequestDetail>(await officer.get(`/api/requests/${ask.requestId}`));
    expect(ar.chain.map((s) => s.group)).toEqual(['custodian', 'confidentiality_office']);
    ar = json<RequestDetail>(
      await officer.post(`/api/requests/${ar.id}/decide`, { version: ar.version, decision: 'approve' }),
    );
    ar = json<RequestDetail>(
      await sec.post(`/api/requests/${ar.id}/decide`, { version: ar.version, decision: 'approve' }),
    );
    expect(ar.status).toBe('approved');

    expect(await titles(outsider)).toContain(item.title);
    const content = json<{ content: string }>(await outsider.get(`/api/items/${item.id}/content`));
    expect(content.content).toContain('推力');

    // 5. The grant expires: the outsider cannot see or read the item any more.
    t.advance(25 * 3600_000);
    await expectOk(await outsider.login('outsider.b', STRONG_PASSWORD));
    expect(await titles(outsider)).not.toContain(item.title);
    expectError(await outsider.get(`/api/items/${item.id}/content`), 404, 'not_found');

    // 6. The auditor sees each step (where the organisation lets the auditor read the whole trail).
    await expectOk(await sec.login('secadmin', STRONG_PASSWORD));
    await expectOk(await sec.post('/api/auth/mfa/verify', { code: sec.totp() }));
    const rules = (await sec.get('/api/audit/settings')).json() as { version: number };
    await expectOk(
      await sec.put('/api/audit/settings', { version: rules.version, settings: { auditorReadsAll: true } }),
    );
    await expectOk(await aud.login('auditor', STRONG_PASSWORD));
    await expectOk(await aud.post('/api/auth/mfa/verify', { code: aud.totp() }));
    const events = json<{ items: { action: string; result: string; actorName: string | null }[] }>(
      await aud.get('/api/audit/events?pageSize=100'),
    );
    const steps = events.items.map((e) => `${e.action}:${e.result}:${e.actorName}`);
    for (const s of [
      'item.propose:success:officer.a',
      'approval.submit:success:officer.a',
      'approval.decide:success:head.a',
      'item.classify:success:sysadmin',
    ]) {
      if (s.startsWith('item.classify')) expect(steps.some((x) => x.startsWith('item.classify:success:'))).toBe(true);
      else expect(steps).toContain(s);
    }
    expect(steps).toContain('grant.create:success:secadmin');
    expect(steps).toContain('item.read:success:outsider.b');
    expect(steps).toContain('item.read:denied:outsider.b');
  });
});
