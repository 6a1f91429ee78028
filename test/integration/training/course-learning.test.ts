/**
 * Course materials and online learning (TRN-03): the office adds files (uploaded with an idempotency key), links and
 * Markdown texts, corrects, reorders and deletes them while the course is a draft; the person opens each material,
 * heartbeats count the time spent (capped, never more than the wall-clock time since the last one), a material is
 * finished once its least time is spent, and the last one completes the course with a numbered certificate of
 * completion (PDF: the person, the office, the heads of their department). Refusals audited; bad input changes nothing.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { PDF_TOOLS, PDF_TOOLS_MISSING, pdfText } from '../../helpers/pdf.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { addTextMaterial, createCourse, createPublished, publishCourse } from '../../helpers/training-course.js';
import type { CourseDetail, Learning } from '../../../src/modules/training/contracts/courses.js';
import { printFont } from '../../../src/platform/print/render.js';

const PDF = Buffer.from('%PDF-1.4\n% a course handout\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png')]);
const squeeze = (s: string) => s.replace(/\s+/g, '');
const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error?: { details?: { problem?: string } } }).error?.details?.problem;

describe.each(DB_KINDS)('course materials and online learning on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
  });
  afterAll(() => t.close());

  const upload = (
    a: PeopleOrg['sec'],
    courseId: string,
    opts: { key?: string; body?: Buffer; type?: string; title?: string; minMinutes?: string } = {},
  ) =>
    a.request(
      'POST',
      `/api/training/courses/${courseId}/materials/file?key=${opts.key ?? crypto.randomUUID()}&title=${encodeURIComponent(opts.title ?? '保密手册')}&fileName=${encodeURIComponent('保密手册.pdf')}&minMinutes=${opts.minMinutes ?? '0'}`,
      opts.body ?? PDF,
      { 'content-type': opts.type ?? 'application/pdf' },
    );
  const detail = async (id: string, a: PeopleOrg['sec'] = org.sec) =>
    json<CourseDetail>(await a.get(`/api/training/courses/${id}`));
  const base = (c: string, m: string) => `/api/training/courses/${c}/materials/${m}`;

  it('[TRN-03] the office adds files, links and texts, corrects, reorders and deletes them while the course is a draft', async () => {
    const c = await createCourse(org, { title: '资料课程' });
    const key = crypto.randomUUID();
    const r1 = await upload(org.sec, c.id, { key });
    expect(r1.statusCode, r1.body).toBe(201);
    // The same upload sent again adds nothing.
    const r2 = await upload(org.sec, c.id, { key });
    expect(r2.statusCode, r2.body).toBe(200);
    expect((r2.json() as CourseDetail).materials).toHaveLength(1);
    const file = (r2.json() as CourseDetail).materials[0]!;
    expect(file).toMatchObject({
      id: key,
      kind: 'file',
      fileName: '保密手册.pdf',
      mediaType: 'application/pdf',
      size: PDF.length,
    });

    const withLink = json<CourseDetail>(
      await org.sec.post(`/api/training/courses/${c.id}/materials`, {
        kind: 'link',
        title: '保密法',
        url: 'https://www.gov.cn/baomifa',
        minMinutes: 1,
      }),
      201,
    );
    const withText = await addTextMaterial(org, c.id, { body: '## 须知\n\n<img src=x onerror=alert(1)> **重点**' });
    expect(withText.version).toBe(withLink.version + 1);
    const [, link, text] = withText.materials;
    expect(text!.html).toContain('<strong>重点</strong>');
    expect(text!.html).toContain('&lt;img');

    // Refusals of bad input change nothing.
    for (const [r, status, code, problem] of [
      [
        await org.sec.post(`/api/training/courses/${c.id}/materials`, {
          kind: 'link',
          title: 'x',
          url: 'javascript:alert(1)',
          minMinutes: 0,
        }),
        400,
        'validation_failed',
        'link_scheme',
      ],
      [
        await org.sec.post(`/api/training/courses/${c.id}/materials`, {
          kind: 'link',
          title: 'x',
          url: 'ftp://example.org/a',
          minMinutes: 0,
        }),
        400,
        'validation_failed',
        'link_scheme',
      ],
      [
        await org.sec.post(`/api/training/courses/${c.id}/materials`, {
          kind: 'text',
          title: 'x',
          body: '  ',
          minMinutes: 0,
        }),
        400,
        'validation_failed',
        undefined,
      ],
      [
        await org.sec.post(`/api/training/courses/${c.id}/materials`, { kind: 'file', title: 'x', minMinutes: 0 }),
        400,
        'validation_failed',
        undefined,
      ],
      [
        await upload(org.sec, c.id, { body: PNG, type: 'application/pdf' }),
        415,
        'unsupported_media_type',
        'material_file_type',
      ],
      [
        await upload(org.sec, c.id, { body: PDF, type: 'text/html' }),
        415,
        'unsupported_media_type',
        'material_file_type',
      ],
      [await upload(org.sec, c.id, { minMinutes: '-1' }), 400, 'validation_failed', undefined],
      [
        await org.sec.put(base(c.id, text!.id), {
          courseVersion: withText.version,
          title: 't',
          minMinutes: 0,
          url: 'https://example.org',
        }),
        400,
        'validation_failed',
        'material_kind_field',
      ],
      [
        await org.sec.put(`/api/training/courses/${c.id}/materials/order`, {
          version: withText.version,
          materialIds: [file.id, link!.id],
        }),
        400,
        'validation_failed',
        'material_order',
      ],
    ] as const) {
      expectError(r, status, code);
      if (problem) expect(problemOf(r)).toBe(problem);
    }
    expect((await detail(c.id)).version).toBe(withText.version);

    const corrected = json<CourseDetail>(
      await org.sec.put(base(c.id, link!.id), {
        courseVersion: withText.version,
        title: '中华人民共和国保守国家秘密法',
        minMinutes: 2,
        url: 'http://example.org/law',
      }),
    );
    expect(corrected.materials[1]).toMatchObject({
      title: '中华人民共和国保守国家秘密法',
      minMinutes: 2,
      url: 'http://example.org/law',
    });
    const stale = await org.sec.put(base(c.id, link!.id), {
      courseVersion: withText.version,
      title: 'x',
      minMinutes: 0,
    });
    expectError(stale, 409, 'stale_version');

    const reordered = json<CourseDetail>(
      await org.sec.put(`/api/training/courses/${c.id}/materials/order`, {
        version: corrected.version,
        materialIds: [text!.id, file.id, link!.id],
      }),
    );
    expect(reordered.materials.map((m) => m.id)).toEqual([text!.id, file.id, link!.id]);
    const deleted = json<CourseDetail>(await org.sec.delete(`${base(c.id, link!.id)}?version=${reordered.version}`));
    expect(deleted.materials.map((m) => m.id)).toEqual([text!.id, file.id]);

    // Published: everyone who may read the course downloads its file (audited); nothing is added or deleted.
    const published = await publishCourse(org, c.id);
    const h = await t.auditHead();
    const got = await org.clerkB.get(`${base(c.id, file.id)}/file`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.rawPayload.equals(PDF)).toBe(true);
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, e.target_id])).toEqual([
      ['training.material_download', 'success', file.id],
    ]);
    const late = await org.sec.delete(`${base(c.id, file.id)}?version=${published.version}`);
    expectError(late, 409, 'conflict');
    expect(problemOf(late)).toBe('course_not_draft');
    expect(problemOf(await upload(org.sec, c.id))).toBe('course_not_draft');
  });

  it('only the office manages materials; a draft’s file is hidden from everyone else (audited)', async () => {
    const c = await createCourse(org);
    const key = crypto.randomUUID();
    expect((await upload(org.sec, c.id, { key })).statusCode).toBe(201);
    let before = await t.auditHead();
    await expectDenied(t, before, await upload(org.headA, c.id), {
      action: 'training.material_add',
      actorName: 'head.a',
    });
    before = await t.auditHead();
    await expectDenied(
      t,
      before,
      await org.clerkB.post(`/api/training/courses/${c.id}/materials`, {
        kind: 'text',
        title: 'x',
        body: 'y',
        minMinutes: 0,
      }),
      { action: 'training.material_add', actorName: 'clerk.b' },
    );
    before = await t.auditHead();
    await expectDenied(t, before, await org.clerkB.delete(`${base(c.id, key)}?version=2`), {
      action: 'training.material_delete',
      actorName: 'clerk.b',
    });
    before = await t.auditHead();
    expectError(await org.clerkB.get(`${base(c.id, key)}/file`), 404, 'not_found');
    expect((await auditRowsAfter(t, before)).map((e) => [e.action, e.result])).toEqual([
      ['training.material_download', 'denied'],
    ]);
  });

  it('[TRN-03] the person works through the materials; time counts only as it passes; the last one completes the course', async () => {
    const c = await createCourse(org, { title: '保密基础（线上）', topics: ['basics', 'law'] });
    await addTextMaterial(org, c.id, { title: '第一课', minMinutes: 0 });
    await addTextMaterial(org, c.id, { title: '第二课', minMinutes: 2 });
    const course = await publishCourse(org, c.id);
    const [m1, m2] = course.materials;
    const me = org.clerkB;

    const start = json<Learning>(await me.get(`/api/training/courses/${c.id}/learning`));
    expect(start).toMatchObject({ round: 1, roundCompleted: false, finishedCount: 0, totalCount: 2, completions: [] });

    // Not opened yet: no heartbeat, no finish.
    expect(problemOf(await me.post(`${base(c.id, m2!.id)}/heartbeat`, { seconds: 30 }))).toBe('material_not_opened');
    expect(problemOf(await me.post(`${base(c.id, m2!.id)}/finish`, {}))).toBe('material_not_opened');

    json<Learning>(await me.post(`${base(c.id, m1!.id)}/open`, {}));
    const one = json<Learning>(await me.post(`${base(c.id, m1!.id)}/finish`, {}));
    expect(one).toMatchObject({ finishedCount: 1, completedNow: null });

    json<Learning>(await me.post(`${base(c.id, m2!.id)}/open`, {}));
    // A heartbeat right after opening counts nothing: no time has passed.
    let l = json<Learning>(await me.post(`${base(c.id, m2!.id)}/heartbeat`, { seconds: 60 }));
    expect(l.materials[1]!.secondsSpent).toBe(0);
    t.advance(30_000);
    l = json<Learning>(await me.post(`${base(c.id, m2!.id)}/heartbeat`, { seconds: 60 }));
    expect(l.materials[1]!.secondsSpent).toBe(30);
    const short = await me.post(`${base(c.id, m2!.id)}/finish`, {});
    expectError(short, 409, 'conflict');
    expect(problemOf(short)).toBe('material_time_short');
    t.advance(200_000);
    // However long the page claims, one heartbeat counts at most the cap.
    l = json<Learning>(await me.post(`${base(c.id, m2!.id)}/heartbeat`, { seconds: 3600 }));
    expect(l.materials[1]!.secondsSpent).toBe(150);
    expectError(await me.post(`${base(c.id, m2!.id)}/heartbeat`, { seconds: 3601 }), 400, 'validation_failed');
    expectError(await me.post(`${base(c.id, m2!.id)}/heartbeat`, { seconds: 0 }), 400, 'validation_failed');

    // Finishing the last material twice at once completes the course once.
    const [a, b] = await Promise.all([
      me.post(`${base(c.id, m2!.id)}/finish`, {}),
      me.post(`${base(c.id, m2!.id)}/finish`, {}),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const done = [a, b].map((r) => (r.json() as Learning).completedNow).filter((x) => x !== null);
    expect(done).toHaveLength(1);
    expect(done[0]!.certificateNo).toMatch(/^TRN-\d{4}-\d{6}$/);
    const after = json<Learning>(await me.get(`/api/training/courses/${c.id}/learning`));
    expect(after).toMatchObject({ round: 1, roundCompleted: true, finishedCount: 2, secondsSpent: 150 });
    expect(after.completions).toEqual([
      expect.objectContaining({ id: done[0]!.id, certificateNo: done[0]!.certificateNo, round: 1, source: 'online' }),
    ]);
    const row = await t.ctx.db
      .selectFrom('training_completions')
      .selectAll()
      .where('id', '=', done[0]!.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      user_id: me.userId,
      course_id: c.id,
      source: 'online',
      minutes_spent: 3,
      recorded_by: me.userId,
    });

    // Opening again starts the next round (a refresher is worked through again).
    const next = json<Learning>(await me.post(`${base(c.id, m1!.id)}/open`, {}));
    expect(next).toMatchObject({ round: 2, roundCompleted: false, finishedCount: 0 });
  });

  it('learning is refused for someone else, offline courses, drafts and retired courses', async () => {
    const c = await createPublished(org);
    const m = c.materials[0]!;
    // Nobody completes someone else's course (403, audited).
    for (const step of ['open', 'finish'] as const) {
      const before = await t.auditHead();
      await expectDenied(
        t,
        before,
        await org.headB.post(`${base(c.id, m.id)}/${step}`, { userId: org.clerkB.userId }),
        {
          action: 'training.learn',
          actorName: 'head.b',
        },
      );
    }
    const before = await t.auditHead();
    await expectDenied(
      t,
      before,
      await org.sec.post(`${base(c.id, m.id)}/heartbeat`, { userId: org.clerkB.userId, seconds: 10 }),
      {
        action: 'training.learn',
        actorName: 'secadmin',
      },
    );
    const offline = await createPublished(org, { mode: 'offline' });
    const r = await org.clerkB.get(`/api/training/courses/${offline.id}/learning`);
    expectError(r, 409, 'conflict');
    expect(problemOf(r)).toBe('course_offline');
    // A draft: the office is told it is not published, anyone else that it does not exist.
    const draft = await createCourse(org);
    const d = await addTextMaterial(org, draft.id);
    expect(problemOf(await org.sec.post(`${base(draft.id, d.materials[0]!.id)}/open`, {}))).toBe(
      'course_not_published',
    );
    expectError(await org.clerkB.post(`${base(draft.id, d.materials[0]!.id)}/open`, {}), 404, 'not_found');
    const retired = json<CourseDetail>(
      await org.sec.post(`/api/training/courses/${c.id}/retire`, { version: c.version }),
    );
    expect(problemOf(await org.clerkB.post(`${base(c.id, m.id)}/open`, {}))).toBe('course_retired');
    expect(retired.status).toBe('retired');
    const h = await t.auditHead();
    const bad = await org.clerkB.post(`${base(c.id, m.id)}/open`, { userId: 'nope' });
    await expectRefusedQuietly(t, h, bad, 400, 'validation_failed');
  });

  it.skipIf(!printFont())(
    '[TRN-03] the certificate of completion prints for the person, the office and the heads of their department',
    async () => {
      const c = await createPublished(org, { title: '涉密信息处理规范' });
      const m = c.materials[0]!;
      await org.clerkB.post(`${base(c.id, m.id)}/open`, {});
      const done = json<Learning>(await org.clerkB.post(`${base(c.id, m.id)}/finish`, {})).completedNow!;
      const url = `/api/training/completions/${done.id}/certificate.pdf`;
      const h = await t.auditHead();
      const pdf = await org.clerkB.get(url);
      expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result, e.target_id])).toEqual([
        ['training.certificate', 'success', done.id],
      ]);
      expect((await org.sec.get(url)).statusCode).toBe(200);
      expect((await org.headB.get(`${url}?lang=en-US`)).statusCode).toBe(200);
      for (const other of [org.headA, org.engineerA]) {
        const h2 = await t.auditHead();
        expectError(await other.get(url), 404, 'not_found');
        expect((await auditRowsAfter(t, h2)).map((e) => [e.action, e.result])).toEqual([
          ['training.certificate', 'denied'],
        ]);
      }
      expectError(
        await org.sec.get(`/api/training/completions/${crypto.randomUUID()}/certificate.pdf`),
        404,
        'not_found',
      );
      if (!PDF_TOOLS) return console.warn(PDF_TOOLS_MISSING);
      const text = squeeze(pdfText(pdf.rawPayload));
      expect(text).toContain('保密培训结业证书');
      expect(text).toContain('clerk.b同志');
      expect(text).toContain('涉密信息处理规范');
      expect(text).toContain(done.certificateNo);
      const completedOn = json<Learning>(await org.clerkB.get(`/api/training/courses/${c.id}/learning`)).completions[0]!
        .completedOn;
      expect(text).toContain(completedOn);
    },
  );
});
