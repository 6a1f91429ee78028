/**
 * The trail names more of its objects and finds events by them (issue 17, gap 2): courses, settings, roles are
 * named through their modules' resolvers; the 「对象」 filter finds events by an object's number or title or a
 * person's name — only objects the viewer may see, so a search reveals nothing the trail would not show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent } from '../../helpers/api.js';
import {
  addPerson,
  approveAll,
  classify,
  proposal,
  propose,
  setupOrg,
  type Org,
} from '../../helpers/classification-org.js';
import { courseBody } from '../../helpers/training-course.js';
import type { AuditEvent } from '../../../src/modules/audit/contracts/audit.js';
import { dictionary } from '../../../src/modules/audit/services/audit-dictionary.js';
import { matchTargets } from '../../../src/modules/audit/services/audit-targets.js';
import { findUserById, toActor } from '../../../src/modules/identity/index.js';
import { withAccess } from '../../../src/platform/organisation.js';
import { localIsoOf } from '../../../src/kernel/local-time.js';
import { CLASSIFICATION_AUDIT } from '../../../src/modules/classification/services/audit-targets.js';

describe.each(DB_KINDS)('audit objects named and found on %s', (kind) => {
  let org: Org;
  let userId: string;
  let item: { id: string; number: string; title: string };
  let course: { id: string; title: string };

  beforeAll(async () => {
    org = await setupOrg(await startTestApp(kind));
    const r = await org.sys.post('/api/users', { username: 'liuyang', displayName: '刘洋', departmentId: org.deptA });
    expect(r.statusCode, r.body).toBe(201);
    userId = (r.json() as { user: { id: string } }).user.id;
    const author = await addPerson(org, 'wangfang', {
      displayName: '王芳',
      departmentId: org.deptA,
      clearance: 'core',
      roles: ['dept_officer'],
    });
    item = (await propose(author, proposal(org, { title: '新型号设计方案' }))).item;
    const c = await org.sec.post('/api/training/courses', courseBody({ title: '涉密载体管理课程' }));
    expect(c.statusCode, c.body).toBe(201);
    course = c.json() as { id: string; title: string };
    const cur = (await org.sec.get('/api/audit/settings')).json() as { version: number };
    const s = await org.sec.put('/api/audit/settings', { version: cur.version, settings: { auditorReadsAll: false } });
    expect(s.statusCode, s.body).toBe(200);
  });
  afterAll(() => org.t.close());

  async function found(a: Agent, target: string, action?: string): Promise<AuditEvent[]> {
    const qs = new URLSearchParams({ target, pageSize: '100', ...(action ? { action } : {}) });
    const r = await a.get(`/api/audit/events?${qs.toString()}`);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { items: AuditEvent[] }).items;
  }
  const viewer = async (id: string) => withAccess(org.t.ctx, toActor((await findUserById(org.t.ctx.db, id))!));

  it("finds events by a person's name or sign-in name, and still by an id or a type code", async () => {
    for (const text of ['刘洋', 'LIUYANG', userId]) {
      const hits = await found(org.aud, text, 'user.create');
      expect(
        hits.map((e) => e.targetId),
        text,
      ).toContain(userId);
    }
    const byType = await found(org.aud, 'user', 'user.create');
    expect(byType.length).toBeGreaterThan(0);
    expect((await found(org.aud, '没有这个人')).length).toBe(0);
  });

  it('finds an item by number or title for whoever may know it, and never for the others', async () => {
    for (const text of [item.number, '型号设计']) {
      const hits = await found(org.sec, text, 'item.propose');
      expect(hits.find((e) => e.targetId === item.id)?.target?.label, text).toBe(`${item.number} ${item.title}`);
    }
    // The auditor, kept from content (三员), finds no item by its title: the resolver keeps it out.
    const matches = await matchTargets(org.t.ctx, await viewer(org.aud.userId), item.title);
    expect(matches.get('secret_item')).toBeUndefined();
    const insider = await matchTargets(org.t.ctx, await viewer(org.insiderA.userId), item.title);
    expect(insider.get('secret_item')).toEqual([item.id]);
    expect((await matchTargets(org.t.ctx, await viewer(org.outsiderB.userId), item.number)).get('secret_item')).toBe(
      undefined,
    );
  });

  it('names an access grant by its item and grantee, only for whoever may know the item', async () => {
    const secret = await classify(org, org.officerA, { level: 'secret', title: '甲部授权事项' });
    const r = await org.outsiderB.post('/api/access-requests', {
      itemId: secret.id,
      actions: ['read'],
      days: 5,
      reason: '工作需要',
    });
    expect(r.statusCode, r.body).toBe(201);
    await approveAll(org, (r.json() as { requestId: string }).requestId);
    const revoked = await org.outsiderB.get('/api/grants?view=mine&pageSize=100');
    expect(revoked.statusCode, revoked.body).toBe(200);
    const grant = (revoked.json() as { items: { id: string; itemId: string; version: number }[] }).items.find(
      (g) => g.itemId === secret.id,
    )!;
    const done = await org.officerA.post(`/api/grants/${grant.id}/revoke`, {
      version: grant.version,
      reason: '不再需要',
    });
    expect(done.statusCode, done.body).toBe(200);
    const shown = (await found(org.sec, grant.id, 'grant.revoke')).find((e) => e.targetId === grant.id);
    expect(shown?.target).toEqual({ label: `${secret.number} 甲部授权事项 · outsider.b`, link: `/items/${secret.id}` });
    // The auditor is kept from content (三员): the grant is not named to them.
    const resolve = CLASSIFICATION_AUDIT.targets!.access_grant!.resolve!;
    expect((await resolve(org.t.ctx, await viewer(org.aud.userId), [grant.id])).size).toBe(0);
    expect((await resolve(org.t.ctx, await viewer(org.sec.userId), [grant.id])).size).toBe(1);
  });

  it('names a course by title, linked to its page, and finds its events by the title', async () => {
    const hits = await found(org.aud, '载体管理课程');
    const made = hits.find((e) => e.targetId === course.id)!;
    expect(made.targetType).toBe('training_course');
    expect(made.target).toEqual({ label: course.title, link: `/training/courses/${course.id}` });
  });

  it('names a setting in both languages and finds its events by either name', async () => {
    for (const text of ['审计设置', 'audit settings']) {
      const hits = await found(org.aud, text, 'audit.settings_update');
      expect(hits.length, text).toBeGreaterThan(0);
      expect(hits[0]!.target).toEqual({
        label: '审计设置',
        link: '/audit/settings',
        text: { 'zh-CN': '审计设置', 'en-US': 'Audit settings' },
      });
    }
  });

  it("names a person's training task by course and person, only for who may see that person's training", async () => {
    const id = '00000000-0000-4000-8000-0000000000a1';
    await org.t.ctx.db
      .insertInto('training_assignments')
      .values({
        id,
        user_id: org.lowA.userId,
        course_id: course.id,
        due_on: '2026-12-31',
        source: 'manual',
        source_ref: null,
        reason: '补训',
        assigned_by: org.sec.userId,
        assigned_at: new Date().toISOString(),
        completion_id: null,
        cancelled_at: null,
        cancelled_by: null,
        version: 1,
      })
      .execute();
    const tasks = dictionary().targets.get('training_assignment')!;
    const label = `${course.title} · ${(await findUserById(org.t.ctx.db, org.lowA.userId))!.display_name}`;
    for (const who of [org.lowA.userId, org.sec.userId, org.headA.userId])
      expect((await tasks.resolve!(org.t.ctx, await viewer(who), [id])).get(id)?.label, who).toBe(label);
    for (const who of [org.outsiderB.userId, org.insiderA.userId])
      expect((await tasks.resolve!(org.t.ctx, await viewer(who), [id])).size, who).toBe(0);
    expect(await tasks.find!(org.t.ctx, '载体管理课程', 10)).toEqual([id]);
  });

  it("stamps the export's file name with the organisation's local time, not UTC", async () => {
    const r = await org.aud.get('/api/audit/export?format=csv&action=user.create');
    expect(r.statusCode, r.body).toBe(200);
    const local = localIsoOf(org.t.ctx.now(), 'Asia/Shanghai').slice(0, 19).replace(/[:T]/g, '-');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="baomi-audit-${local}.csv"`);
    expect(local).not.toBe(org.t.ctx.now().toISOString().slice(0, 19).replace(/[:T]/g, '-'));
  });

  it('names functional roles in both languages and review objects only for those who run reviews', async () => {
    const role = await org.t.ctx.db
      .selectFrom('functional_roles')
      .select(['code', 'name_zh', 'name_en'])
      .executeTakeFirstOrThrow();
    const roles = dictionary().targets.get('functional_role')!;
    const named = await roles.resolve!(org.t.ctx, await viewer(org.lowA.userId), [role.code]);
    expect(named.get(role.code)?.text).toEqual({ 'zh-CN': role.name_zh, 'en-US': role.name_en });
    expect(await roles.find!(org.t.ctx, role.name_en.toUpperCase(), 10)).toContain(role.code);
    const campaigns = dictionary().targets.get('review_campaign')!;
    const id = '00000000-0000-4000-8000-000000000001';
    const now = new Date().toISOString();
    await org.t.ctx.db
      .insertInto('review_campaigns')
      .values({
        id,
        kind: 'annual',
        title: '年度定密复核',
        status: 'open',
        due_on: '2026-12-31',
        created_by: org.sec.userId,
        created_at: now,
        closed_at: null,
      })
      .execute();
    expect((await campaigns.resolve!(org.t.ctx, await viewer(org.sec.userId), [id])).get(id)?.label).toBe(
      '年度定密复核',
    );
    expect((await campaigns.resolve!(org.t.ctx, await viewer(org.insiderA.userId), [id])).size).toBe(0);
    expect(await campaigns.find!(org.t.ctx, '定密复核', 10)).toEqual([id]);
  });
});
