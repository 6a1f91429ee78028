/**
 * Notices that name things and resolve themselves (issue 17, the rest): item and carrier notices give the title
 * beside the number to a recipient whose `can` lets them know the thing, the number alone to others; the
 * to-dos without a task before — a return that did not match the register, old telegrams to clear, an overdue
 * circulation, a departed person's holdings to hand over, a password about to expire, an item whose secrecy is
 * ending — are done when their task is done or gone, whoever did it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, STRONG_PASSWORD, type Agent, type TestApp } from '../../helpers/api.js';
import { json } from '../../helpers/people.js';
import { addPerson, classify } from '../../helpers/classification-org.js';
import { carrier, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import { circulateTo, lendTo } from '../../helpers/carrier-flows.js';
import { detail, move } from '../../helpers/carrier-movements.js';
import { doneStates } from '../../helpers/notifications.js';
import type { NotificationName } from '../../../src/platform/contracts/notifications.js';
import { remindCarriers, remindTelegramCleanup } from '../../../src/modules/carriers/jobs.js';
import { remindPasswordExpiry } from '../../../src/modules/identity/jobs.js';
import { classificationJobs } from '../../../src/modules/classification/jobs.js';
import { todayOf } from '../../../src/platform/organisation.js';

const DAY = 86_400_000;

describe.each(DB_KINDS)('notices that name things and resolve on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
  });
  afterAll(() => t.close());

  /** The zh-CN bodies of a person's notices of a kind, as their inbox renders them (oldest first). */
  const bodies = async (a: Agent, notice: NotificationName) =>
    json<{ items: { kind: string; texts: Record<'zh-CN' | 'en-US', { body: string }> }[] }>(
      await a.get('/api/notifications?pageSize=100'),
    )
      .items.filter((n) => n.kind === notice)
      .map((n) => n.texts['zh-CN'].body)
      .reverse();
  const sinceDays = (days: number) => new Date(t.ctx.now().getTime() - days * DAY).toISOString();

  it('an item handed over names its title to both custodians, who both know it', async () => {
    const keeper = await addPerson(org, 'keeper.b', { departmentId: org.deptB, clearance: 'important' });
    const item = await classify(org, org.officerA, { title: '移交事项甲' });
    json(
      await org.sec.post(`/api/items/${item.id}/custody`, {
        version: item.version,
        custodianId: keeper.userId,
        reason: '原保管人调岗',
      }),
    );
    for (const a of [keeper, org.officerA])
      expect(await bodies(a, 'custodyTransferred')).toEqual([
        `保密事项 ${item.number} “移交事项甲” 的保管人已变更，详见事项历史`,
      ]);
  });

  it('a carrier handed out of the old custodian’s knowledge: the new custodian reads its title, the old one its number', async () => {
    const [c] = await registerCarrier(org, { scope: [], title: '财务审计底稿' });
    const r = await move(t, org.headA, c!.id, '/transfer', {
      custodianId: org.outsiderB.userId,
      locationId: org.safeB.id,
      reason: '岗位调整',
    });
    expect(r.statusCode, r.body).toBe(204);
    expect(await bodies(org.outsiderB, 'carrierHandedOver')).toEqual([
      `涉密载体 ${c!.number} “财务审计底稿” 的保管人已变更，详见载体记录`,
    ]);
    expect((await org.officerA.get(`/api/carriers/${c!.id}`)).statusCode).toBe(404);
    expect(await bodies(org.officerA, 'carrierHandedOver')).toEqual([
      `涉密载体 ${c!.number} 的保管人已变更，详见载体记录`,
    ]);
  });

  it('a return that does not match the register asks the office to check; correcting the register settles it', async () => {
    const [c] = await registerCarrier(org, { title: '缺页文件' });
    const lent = await lendTo(t, org.officerA, c!.id, org.insiderA, null);
    detail(
      await move(t, org.officerA, c!.id, `/loans/${lent.loan!.id}/return`, {
        pages: 11,
        quantity: 1,
        note: '缺第12页',
      }),
    );
    expect(await doneStates(t, org.sec.userId, 'returnDiscrepancy')).toEqual([false]);
    const now = await carrier(org.officerA, c!.id);
    json(
      await org.officerA.put(`/api/carriers/${c!.id}`, {
        version: now.version,
        title: now.title,
        pages: 11,
        originator: '研发部',
        scope: [{ kind: 'department', ref: org.deptA }],
      }),
    );
    expect(await doneStates(t, org.sec.userId, 'returnDiscrepancy')).toEqual([true]);
  });

  it('old telegrams to clear: the to-do is done once none is left in the custodian’s store', async () => {
    const [a] = await registerCarrier(org, { kind: 'telegram', title: '上级来电' });
    await t.ctx.db
      .updateTable('carriers')
      .set({ created_at: sinceDays(100) })
      .where('id', '=', a!.id)
      .execute();
    await remindTelegramCleanup(t.ctx);
    expect(await doneStates(t, org.officerA.userId, 'telegramCleanup')).toEqual([false]);
    // Handed to a colleague: none is left with officer.a (the colleague's turn comes with the next run).
    const r = await move(t, org.headA, a!.id, '/transfer', {
      custodianId: org.insiderA.userId,
      locationId: org.safeA.id,
      reason: '岗位调整',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(await doneStates(t, org.officerA.userId, 'telegramCleanup')).toEqual([true]);
    // The next run leaves it done, and asks the new custodian.
    await remindTelegramCleanup(t.ctx);
    expect(await doneStates(t, org.officerA.userId, 'telegramCleanup')).toEqual([true]);
    expect(await doneStates(t, org.insiderA.userId, 'telegramCleanup')).toEqual([false]);
  });

  it('an overdue circulation: each reader’s notice is done as they sign off, the custodian’s at the last', async () => {
    const [c] = await registerCarrier(org, { title: '传阅通知' });
    const today = await todayOf(t.ctx);
    const circ = await circulateTo(t, org.officerA, c!.id, [org.insiderA, org.memberSubA], today);
    await t.ctx.db
      .updateTable('carrier_circulations')
      .set({ due_on: '2000-01-01' })
      .where('id', '=', circ.circulation!.id)
      .execute();
    await remindCarriers(t.ctx);
    const sign = (a: Agent) => move(t, a, c!.id, `/circulations/${circ.circulation!.id}/sign`);
    expect((await sign(org.insiderA)).statusCode).toBe(200);
    expect(await doneStates(t, org.insiderA.userId, 'circulationOverdue')).toEqual([true]);
    expect(await doneStates(t, org.memberSubA.userId, 'circulationOverdue')).toEqual([false]);
    expect(await doneStates(t, org.officerA.userId, 'circulationOverdue')).toEqual([false]);
    expect((await sign(org.memberSubA)).statusCode).toBe(200);
    expect(await doneStates(t, org.memberSubA.userId, 'circulationOverdue')).toEqual([true]);
    expect(await doneStates(t, org.officerA.userId, 'circulationOverdue')).toEqual([true]);
  });

  it('a departed person’s holdings: the office’s to-do is done when the last is handed over; none, no to-do', async () => {
    const [holder, empty] = await Promise.all([
      addPerson(org, 'holder.a', { departmentId: org.deptA, clearance: 'important' }),
      addPerson(org, 'empty.a', { departmentId: org.deptA, clearance: 'important' }),
    ]);
    const item = await classify(org, org.officerA, { custodianId: holder.userId, title: '离岗保管事项' });
    const depart = async (userId: string) => {
      const u = json<{ version: number }>(await org.sys.get(`/api/users/${userId}`));
      json(await org.sys.post(`/api/users/${userId}/depart`, { version: u.version, separationMonths: 6 }));
    };
    await depart(holder.userId);
    t.advance(1); // the inbox lists the newest first
    await depart(empty.userId);
    const notices = async () =>
      json<{ items: { kind: string; link: string; todo: boolean; doneAt: string | null }[] }>(
        await org.sec.get('/api/notifications?pageSize=100'),
      )
        .items.filter((n) => n.kind === 'userDeparted')
        .map((n) => [n.link, n.todo, n.doneAt !== null]);
    expect(await notices()).toEqual([
      ['/users?q=empty.a', false, false],
      ['/users?q=holder.a', true, false],
    ]);
    json(
      await org.sec.post(`/api/users/${holder.userId}/hand-over`, {
        module: 'classification',
        toId: org.officerA.userId,
        holdingIds: [item.id],
      }),
    );
    expect(await notices()).toEqual([
      ['/users?q=empty.a', false, false],
      ['/users?q=holder.a', true, true],
    ]);
  });

  it('a password about to expire: the reminder is done once the password is changed', async () => {
    await t.ctx.db
      .updateTable('users')
      .set({ password_changed_at: sinceDays(55) })
      .where('id', '=', org.lowA.userId)
      .execute();
    expect(await remindPasswordExpiry(t.ctx)).toBeGreaterThan(0);
    expect(await doneStates(t, org.lowA.userId, 'passwordExpiring')).toEqual([false]);
    json(
      await org.lowA.post('/api/auth/password', { currentPassword: STRONG_PASSWORD, newPassword: 'Another-Horse-43!' }),
    );
    expect(await doneStates(t, org.lowA.userId, 'passwordExpiring')).toEqual([true]);
  });

  it('emergency access: the office reads the title and has a review to do, done at the review; the auditor reads the number', async () => {
    const item = await classify(org, org.officerA, { level: 'secret', title: '应急机密事项' });
    const g = json<{ id: string; version: number }>(
      await org.outsiderB.post(`/api/items/${item.id}/emergency-access`, { reason: '生产事故紧急处置需要查看' }),
      201,
    );
    expect((await bodies(org.sec, 'emergencyAccess')).at(-1)).toContain(`${item.number} “应急机密事项”`);
    expect((await bodies(org.aud, 'emergencyAccess')).at(-1)).toBe(
      `outsider.b 对保密事项 ${item.number} 进行了应急访问（4 小时），请复核`,
    );
    expect((await doneStates(t, org.sec.userId, 'emergencyAccess')).at(-1)).toBe(false);
    const auditorOwn = await t.ctx.db
      .selectFrom('notifications')
      .select('task_key')
      .where('user_id', '=', org.aud.userId)
      .where('kind', '=', 'emergencyAccess')
      .execute();
    expect(auditorOwn.map((n) => n.task_key)).toEqual([null]);
    json(await org.sec.post(`/api/grants/${g.id}/review`, { version: g.version, verdict: 'unjustified' }));
    expect((await doneStates(t, org.sec.userId, 'emergencyAccess')).at(-1)).toBe(true);
    // The revoked grantee no longer knows the item: the number alone.
    expect(await bodies(org.outsiderB, 'emergencyUnjustified')).toEqual([
      `对保密事项 ${item.number} 的应急访问经复核不合理，授权已撤销`,
    ]);
  });

  // Last: the clock moves a month on.
  it('secrecy ending: the reminder names the item and is done once the item is declassified', async () => {
    const item = await classify(org, org.officerA, { title: '短期事项', period: { value: 1, unit: 'months' } });
    const run = (name: string) =>
      classificationJobs()
        .find((j) => j.name === name)!
        .run(t.ctx);
    await run('classification.expiry-reminder');
    expect(await doneStates(t, org.officerA.userId, 'itemExpiring')).toEqual([false]);
    expect((await bodies(org.officerA, 'itemExpiring'))[0]).toContain(`${item.number} “短期事项”`);
    t.advance(32 * DAY);
    await run('classification.declassify-expired');
    expect(await doneStates(t, org.officerA.userId, 'itemExpiring')).toEqual([true]);
  });
});
