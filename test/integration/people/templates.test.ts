/**
 * Agreement templates (PER-01, PER-02, PER-04, PER-08): the security administrator writes templates in Markdown with
 * placeholders, edits drafts under an optimistic version, previews them, publishes versions that never change
 * (publishing lists who must sign now) and retires them; everyone reads a version rendered for themself. Refusals
 * audited; bad input changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { department, json } from '../../helpers/people.js';
import { notificationsOf } from '../../helpers/classification-org.js';
import {
  createAndPublish,
  createTemplate,
  member,
  publishNewVersion,
  publishTemplate,
  setupPeopleOrg,
  templateBody,
  type PeopleOrg,
} from '../../helpers/people-org.js';
import type {
  PublishResult,
  RenderedVersion,
  TemplateDetail,
  TemplateSummary,
} from '../../../src/modules/people/contracts/templates.js';

const problem = (r: { json(): unknown }) =>
  (r.json() as { error?: { details?: { problem?: string; placeholder?: string } } }).error?.details;

describe.each(DB_KINDS)('agreement templates on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let everyone: number;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    everyone = org.byId.size;
  });
  afterAll(() => t.close());

  const detail = async (id: string) => json<TemplateDetail>(await org.sec.get(`/api/agreement-templates/${id}`));
  const render = async (a: PeopleOrg['sec'], templateId: string, versionId: string) =>
    json<RenderedVersion>(await a.get(`/api/agreement-templates/${templateId}/versions/${versionId}`));

  it('[PER-01] the security administrator writes an NDA, edits its draft and publishes it: everyone must sign it, administrators too', async () => {
    const created = await createTemplate(org, { title: '员工保密协议' });
    expect(created).toMatchObject({ kind: 'nda', status: 'active', currentVersion: 0, draftChanged: true, version: 1 });
    expect(created.versions).toEqual([]);
    const edited = json<TemplateDetail>(
      await org.sec.put(`/api/agreement-templates/${created.id}`, {
        version: created.version,
        title: '员工保密协议',
        departmentId: null,
        post: null,
        validityMonths: null,
        graceDays: 10,
        body: '# 保密协议\n\n本人 {{name}}（{{department}}）承诺保守 {{organisation}} 的秘密。',
        duties: null,
      }),
    );
    expect(edited).toMatchObject({ version: 2, graceDays: 10 });
    const before = await t.auditHead();
    const published = await publishTemplate(org, created.id);
    expect(published.version).toMatchObject({ versionNo: 1, current: true, title: '员工保密协议' });
    expect(published.version.publishedBy?.id).toBe(org.sec.userId);
    expect(published.template).toMatchObject({ currentVersion: 1, draftChanged: false, version: 3 });
    expect(published.toSign.count).toBe(everyone);
    expect(new Set(published.toSign.people.map((p) => p.userId))).toEqual(new Set(org.byId.keys()));
    for (const p of published.toSign.people) expect(p).toMatchObject({ state: 'due', dueOn: '2026-12-03' });
    const events = await auditRowsAfter(t, before);
    expect(events.map((e) => [e.action, e.result])).toEqual([['agreement.template_publish', 'success']]);
    // Each person is told; the admins are no exception.
    expect((await notificationsOf(t, org.clerkB.userId, 'agreementToSign')).length).toBe(1);
    expect((await notificationsOf(t, org.aud.userId, 'agreementToSign')).length).toBe(1);
  });

  it('[PER-01] a published version never changes: a new draft and a new version leave it as it was; re-signers are listed', async () => {
    const first = await createAndPublish(org, { title: '保密协议（修订）', body: '第一版：{{name}}' });
    const tid = first.template.id;
    // clerk.b signed the first version (as the signing use case records it).
    await t.ctx.db
      .insertInto('agreement_signatures')
      .values({
        id: crypto.randomUUID(),
        user_id: org.clerkB.userId,
        template_id: tid,
        version_id: first.version.id,
        act: 'signed',
        method: 'electronic',
        signed_on: '2026-11-23',
        recorded_at: t.ctx.now().toISOString(),
        recorded_by: org.clerkB.userId,
        rendered_html: '<p>第一版</p>',
        text_hash: 'x',
        hash_alg: 'sha256',
        client_ip: null,
        blob_id: null,
        withdraws_id: null,
        reason: null,
      })
      .execute();
    const second = await publishNewVersion(org, tid, { body: '第二版：{{name}}' });
    expect(second.version.versionNo).toBe(2);
    expect(second.toSign.count).toBe(everyone);
    expect(second.toSign.people.find((p) => p.userId === org.clerkB.userId)?.state).toBe('resign_due');
    expect(second.toSign.people.find((p) => p.userId === org.testerA.userId)?.state).toBe('due');
    expect((await notificationsOf(t, org.clerkB.userId, 'agreementResign')).length).toBe(1);
    // The first version reads as it was published, and is no longer current.
    const v1 = await render(org.clerkB, tid, first.version.id);
    expect(v1).toMatchObject({ versionNo: 1, current: false });
    expect(v1.html).toContain('第一版：clerk.b 同志');
    expect((await render(org.clerkB, tid, second.version.id)).html).toContain('第二版');
    const d = await detail(tid);
    expect(d.versions.map((v) => [v.versionNo, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    // There is no route that edits or deletes a version.
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const url = `/api/agreement-templates/${tid}/versions/${first.version.id}`;
      const r = await org.sec.request(method, url, method === 'DELETE' ? undefined : { body: 'changed' });
      expect([404, 405]).toContain(r.statusCode);
    }
    const row = await t.ctx.db
      .selectFrom('agreement_versions')
      .select('body')
      .where('id', '=', first.version.id)
      .executeTakeFirstOrThrow();
    expect(row.body).toBe('第一版：{{name}}');
  });

  it('publishing an unchanged draft is refused (409); a stale version is refused (409) and nothing changes', async () => {
    const p = await createAndPublish(org);
    const tid = p.template.id;
    const again = await org.sec.post(`/api/agreement-templates/${tid}/publish`, { version: p.template.version });
    expectError(again, 409, 'conflict');
    expect(problem(again)?.problem).toBe('draft_unchanged');
    const stale = await org.sec.put(`/api/agreement-templates/${tid}`, {
      ...templateBody({ title: '过时的修改' }),
      kind: undefined,
      version: p.template.version - 1,
    });
    expectError(stale, 409, 'stale_version');
    const stalePublish = await org.sec.post(`/api/agreement-templates/${tid}/publish`, { version: 1 });
    expectError(stalePublish, 409, 'stale_version');
    expect((await detail(tid)).title).toBe(p.template.title);
    expect((await detail(tid)).currentVersion).toBe(1);
  });

  it('[PER-02][PER-08] a responsibility letter names a department and a post and keeps the duties, which the person reads', async () => {
    const general = await createAndPublish(org, {
      kind: 'responsibility',
      title: '保密责任书（通用）',
      body: '本人 {{name}} 承担本岗位保密责任。',
    });
    // Everyone without a better fitting letter signs the general one.
    expect(general.toSign.count).toBe(everyone);
    const engineers = await createAndPublish(org, {
      kind: 'responsibility',
      title: '研发部工程师保密责任书',
      departmentId: org.deptA,
      post: '工程师',
      validityMonths: 12,
      body: '# 保密责任书\n\n{{department}} {{post}} {{name}}（{{level}}）的保密职责：\n\n{{duties}}\n\n日期：{{date}}',
      duties: '1. 妥善保管{{department}}的涉密载体\n2. 不在互联网计算机上处理涉密信息',
    });
    // The engineers of A and of its sub-department, and nobody else.
    expect(new Set(engineers.toSign.people.map((p) => p.userId))).toEqual(
      new Set([org.engineerA.userId, org.memberSubA.userId]),
    );
    expect(engineers.template).toMatchObject({ departmentId: org.deptA, departmentName: '研发部', post: '工程师' });
    const r = await render(org.engineerA, engineers.template.id, engineers.version.id);
    expect(r.kind).toBe('responsibility');
    expect(r.html).toContain('研发部 工程师 engineer.a 同志（重要涉密人员）');
    expect(r.html).toContain('<li>妥善保管研发部的涉密载体</li>');
    expect(r.html).toContain('日期：2026-11-23');
    expect(r.html).not.toContain('{{');
    expect(r.dutiesHtml).toContain('<ol>');
    // Another person reads the same version with their own particulars.
    expect((await render(org.clerkB, engineers.template.id, engineers.version.id)).html).toContain(
      '财务部 会计 clerk.b 同志（）',
    );
  });

  it('[PER-04] a departure NDA is published but asks nobody until a leaver is asked', async () => {
    const p = await createAndPublish(org, { kind: 'departure_nda', title: '离职保密协议' });
    expect(p.toSign).toEqual({ count: 0, people: [] });
  });

  it('the preview renders a draft for the caller: placeholders filled, raw HTML escaped, unsafe links dropped', async () => {
    const before = await t.auditHead();
    const r = json<{ html: string }>(
      await org.sec.post('/api/agreement-templates/preview', {
        body: '**{{name}}** {{organisation}} <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.org)',
        duties: null,
      }),
    );
    expect(r.html).toContain('<strong>安全保密管理员</strong> Test Org');
    expect(r.html).toContain('&lt;script&gt;');
    expect(r.html).not.toContain('<script');
    expect(r.html).not.toContain('href="javascript');
    expect(r.html).toContain('<a href="https://example.org">ok</a>');
    // A preview changes nothing and is not recorded.
    expect(await t.auditHead()).toBe(before);
    const bad = await org.sec.post('/api/agreement-templates/preview', { body: '{{salary}}' });
    await expectRefusedQuietly(t, before, bad, 400, 'validation_failed');
    expect(problem(bad)).toMatchObject({ problem: 'placeholder_unknown', placeholder: 'salary' });
  });

  it('bad input is refused (400) and changes nothing, the audit head unchanged', async () => {
    const before = await t.auditHead();
    const count = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('agreement_templates')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await count();
    const cases: [Record<string, unknown>, string | undefined][] = [
      [templateBody({ body: '你好 {{ nickname }}' }), 'placeholder_unknown'],
      [templateBody({ departmentId: org.deptA }), 'scope_not_allowed'],
      [templateBody({ post: '工程师' }), 'scope_not_allowed'],
      [templateBody({ duties: '职责' }), 'duties_not_allowed'],
      [templateBody({ kind: 'responsibility', duties: '{{duties}}' }), 'placeholder_unknown'],
      [templateBody({ kind: 'responsibility', departmentId: crypto.randomUUID() }), 'department_unknown'],
      [templateBody({ kind: 'secret_pact' }), undefined],
      [templateBody({ body: '   ' }), undefined],
      [templateBody({ graceDays: -1 }), undefined],
      [templateBody({ validityMonths: 0 }), undefined],
      [templateBody({ extra: 1 }), undefined],
      [templateBody({ title: 'a\u0000b' }), undefined],
    ];
    for (const [body, want] of cases) {
      const r = await org.sec.post('/api/agreement-templates', body);
      await expectRefusedQuietly(t, before, r, 400, 'validation_failed');
      expect(problem(r)?.problem, JSON.stringify(body)).toBe(want);
    }
    const unknown = await org.sec.post(
      '/api/agreement-templates',
      templateBody({ body: '{{name}} {{ name }} {{x.y}}' }),
    );
    expect(problem(unknown)?.placeholder).toBe('x.y');
    expect(await count()).toBe(n);
    expect(await t.auditHead()).toBe(before);
  });

  it('only the security administrator manages templates: others are refused (403) and the refusal is audited', async () => {
    const tpl = await createTemplate(org);
    for (const [agent, name] of [
      [org.headA, 'head.a'],
      [org.sys, 'sysadmin'],
      [org.aud, 'auditor'],
      [org.clerkB, 'clerk.b'],
    ] as const) {
      let before = await t.auditHead();
      await expectDenied(t, before, await agent.post('/api/agreement-templates', templateBody()), {
        action: 'agreement.template_create',
        actorName: name,
      });
      before = await t.auditHead();
      await expectDenied(t, before, await agent.post(`/api/agreement-templates/${tpl.id}/publish`, { version: 1 }), {
        action: 'agreement.template_publish',
        actorName: name,
        targetId: tpl.id,
      });
      before = await t.auditHead();
      await expectDenied(
        t,
        before,
        await agent.put(`/api/agreement-templates/${tpl.id}`, { ...templateBody(), kind: undefined, version: 1 }),
        { action: 'agreement.template_update', actorName: name, targetId: tpl.id },
      );
      before = await t.auditHead();
      await expectDenied(t, before, await agent.post(`/api/agreement-templates/${tpl.id}/retire`, { version: 1 }), {
        action: 'agreement.template_retire',
        actorName: name,
        targetId: tpl.id,
      });
      before = await t.auditHead();
      await expectDenied(t, before, await agent.post('/api/agreement-templates/preview', { body: 'x' }), {
        action: 'agreement.template_preview',
        actorName: name,
      });
    }
    expect((await detail(tpl.id)).version).toBe(1);
    // Department heads and officers read the templates; other people do not.
    expect(
      json<{ items: TemplateSummary[] }>(await org.headA.get('/api/agreement-templates')).items.length,
    ).toBeGreaterThan(0);
    const before = await t.auditHead();
    await expectDenied(t, before, await org.clerkB.get('/api/agreement-templates'), {
      action: 'agreement.template_view',
      actorName: 'clerk.b',
    });
  });

  it('lists templates by kind and status; an unknown template or version is 404 (audited)', async () => {
    const list = json<{ items: TemplateSummary[] }>(await org.sec.get('/api/agreement-templates?kind=responsibility'));
    expect(list.items.length).toBeGreaterThanOrEqual(2);
    expect(list.items.every((i) => i.kind === 'responsibility')).toBe(true);
    expectError(await org.sec.get('/api/agreement-templates?kind=nope'), 400, 'validation_failed');
    const missing = crypto.randomUUID();
    let before = await t.auditHead();
    expectError(await org.sec.get(`/api/agreement-templates/${missing}`), 404, 'not_found');
    expect((await auditRowsAfter(t, before)).map((e) => [e.action, e.result, e.target_id])).toEqual([
      ['agreement.template_view', 'denied', missing],
    ]);
    const p = await createAndPublish(org);
    const other = await createAndPublish(org);
    before = await t.auditHead();
    // A version read through another template's path does not exist.
    expectError(
      await org.clerkB.get(`/api/agreement-templates/${other.template.id}/versions/${p.version.id}`),
      404,
      'not_found',
    );
    expect((await auditRowsAfter(t, before)).map((e) => [e.action, e.result])).toEqual([['agreement.read', 'denied']]);
    expectError(await org.sec.post(`/api/agreement-templates/${missing}/publish`, { version: 1 }), 404, 'not_found');
  });

  /** Whether each notice of the template's signing task is done (one per person told). */
  const taskDone = async (templateId: string, userId?: string) => {
    let q = t.ctx.db
      .selectFrom('notifications')
      .select('done_at')
      .where('task_key', '=', `people.agreement:${templateId}`);
    if (userId) q = q.where('user_id', '=', userId);
    return (await q.execute()).map((r) => r.done_at !== null);
  };

  it("a sub-department's letter takes the place of its parent's: the parent letter's notice is done for its people", async () => {
    // A department of its own, so no letter of another test fits its people better.
    const parentDept = await department(t, org.sys, '档案中心');
    const childDept = await department(t, org.sys, '档案一室', parentDept);
    const [inParent, inChild] = await Promise.all([
      member(t, 'archivist.p', { departmentId: parentDept, post: '档案员' }),
      member(t, 'archivist.c', { departmentId: childDept, post: '档案员' }),
    ]);
    const parent = await createAndPublish(org, {
      kind: 'responsibility',
      title: '档案中心保密责任书',
      departmentId: parentDept,
      duties: '- 部门职责',
    });
    expect(new Set(parent.toSign.people.map((x) => x.userId))).toEqual(new Set([inParent.userId, inChild.userId]));
    expect(await taskDone(parent.template.id, inChild.userId)).toEqual([false]);
    const closer = await createAndPublish(org, {
      kind: 'responsibility',
      title: '档案一室保密责任书',
      departmentId: childDept,
      duties: '- 科室职责',
    });
    expect(closer.toSign.people.map((x) => x.userId)).toEqual([inChild.userId]);
    expect(await taskDone(parent.template.id, inChild.userId)).toEqual([true]);
    expect(await taskDone(closer.template.id, inChild.userId)).toEqual([false]);
    // The parent department's own people are still asked.
    expect(await taskDone(parent.template.id, inParent.userId)).toEqual([false]);
  });

  it('a retired template asks nobody any more; it is neither edited nor published again, and its versions still read', async () => {
    const p = await createAndPublish(org, { kind: 'commitment', title: '保密承诺书' });
    // The cleared people sign the commitment letter (the administrators the organisation started with are cleared).
    const cleared = (
      await t.ctx.db.selectFrom('users').select('id').where('clearance_class', 'is not', null).execute()
    ).map((u) => u.id);
    expect(cleared).toEqual(expect.arrayContaining([org.headA.userId, org.officerA.userId, org.engineerA.userId]));
    expect(cleared).not.toContain(org.testerA.userId);
    expect(new Set(p.toSign.people.map((x) => x.userId))).toEqual(new Set(cleared));
    const retired = json<TemplateDetail>(
      await org.sec.post(`/api/agreement-templates/${p.template.id}/retire`, { version: p.template.version }),
    );
    expect(retired).toMatchObject({ status: 'retired', currentVersion: 1 });
    // Its 「请签署」 notices ask nothing any more: done for everyone told.
    expect(await taskDone(p.template.id)).toEqual(cleared.map(() => true));
    const again = await org.sec.post(`/api/agreement-templates/${p.template.id}/retire`, { version: retired.version });
    expectError(again, 409, 'conflict');
    expect(problem(again)?.problem).toBe('template_retired');
    const edit = await org.sec.put(`/api/agreement-templates/${p.template.id}`, {
      ...templateBody({ kind: 'commitment', body: '新' }),
      kind: undefined,
      version: retired.version,
    });
    expect(problem(edit)?.problem).toBe('template_retired');
    const pub = await org.sec.post(`/api/agreement-templates/${p.template.id}/publish`, { version: retired.version });
    expect(problem(pub)?.problem).toBe('template_retired');
    expect((await render(org.engineerA, p.template.id, p.version.id)).versionNo).toBe(1);
    const listed = json<{ items: TemplateSummary[] }>(await org.sec.get('/api/agreement-templates?status=retired'));
    expect(listed.items.map((i) => i.id)).toContain(p.template.id);
    // Publishing another template no longer lists the retired one's signers for it.
    const next: PublishResult = await createAndPublish(org, { kind: 'commitment', title: '保密承诺书（新）' });
    expect(next.toSign.count).toBe(cleared.length);
  });

  it('settings: everyone reads them; the security administrator changes them (stale 409, bad 400 quietly, others 403 audited)', async () => {
    const s = json<{ settings: { graceDays: number; expiryReminderDays: number }; version: number }>(
      await org.clerkB.get('/api/agreement-settings'),
    );
    expect(s.settings).toEqual({ graceDays: 14, expiryReminderDays: 30, commitmentAfterTraining: false });
    const saved = json<{ settings: { graceDays: number }; version: number }>(
      await org.sec.put('/api/agreement-settings', {
        version: s.version,
        settings: { graceDays: 21, expiryReminderDays: 30 },
      }),
    );
    expect(saved.settings.graceDays).toBe(21);
    expectError(
      await org.sec.put('/api/agreement-settings', {
        version: s.version,
        settings: { graceDays: 7, expiryReminderDays: 30 },
      }),
      409,
      'stale_version',
    );
    const before = await t.auditHead();
    for (const bad of [
      { graceDays: -1, expiryReminderDays: 30 },
      { graceDays: 7 },
      { graceDays: 7, expiryReminderDays: 30, x: 1 },
      { graceDays: '7', expiryReminderDays: 30 },
    ])
      await expectRefusedQuietly(
        t,
        before,
        await org.sec.put('/api/agreement-settings', { version: saved.version, settings: bad }),
        400,
        'validation_failed',
      );
    await expectDenied(
      t,
      before,
      await org.headA.put('/api/agreement-settings', {
        version: saved.version,
        settings: { graceDays: 1, expiryReminderDays: 1 },
      }),
      { action: 'agreement.settings_update', actorName: 'head.a' },
    );
    // The new grace period counts for the next publication.
    const p = await createAndPublish(org);
    expect(p.toSign.people[0]!.dueOn).toBe('2026-12-14');
    await org.sec.put('/api/agreement-settings', {
      version: saved.version,
      settings: { graceDays: 14, expiryReminderDays: 30 },
    });
  });
});
