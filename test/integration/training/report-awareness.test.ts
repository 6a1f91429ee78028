/**
 * Awareness messages (定期保密知识提醒, TRN-06): the security office lists, creates, reads, edits (under the version)
 * and deletes them — title, Markdown body (rendered sanitised), audience (checked as a course's), interval, next day
 * (not before today), active; the list shows how many people the audience takes in now. Anyone else is refused
 * (403, audited); an unknown message is 404 (audited); bad input is 400 with nothing recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { dayFrom } from '../../helpers/training-report.js';
import type { AwarenessDto } from '../../../src/modules/training/contracts/awareness.js';

describe.each(DB_KINDS)('training awareness messages on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let m: AwarenessDto;

  const body = async (overrides: Record<string, unknown> = {}) => ({
    title: '保密小贴士',
    body: '不在**非涉密计算机**上处理涉密信息。<script>alert(1)</script>',
    audience: [{ kind: 'department', departmentId: org.deptA }],
    intervalDays: 30,
    nextOn: await dayFrom(t, 1),
    active: true,
    ...overrides,
  });

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
  });
  afterAll(() => t.close());

  it('[TRN-06] the office creates a message: rendered sanitised, its audience counted, audited', async () => {
    const head = await t.auditHead();
    m = json<AwarenessDto>(await org.sec.post('/api/training/awareness', await body()), 201);
    expect(m).toMatchObject({
      title: '保密小贴士',
      intervalDays: 30,
      nextOn: await dayFrom(t, 1),
      lastSentOn: null,
      active: true,
      audienceCount: 5,
      version: 1,
    });
    expect(m.bodyHtml).toContain('<strong>非涉密计算机</strong>');
    expect(m.bodyHtml).not.toContain('<script>');
    const rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result, r.target_id])).toEqual([
      ['training.awareness_create', 'success', m.id],
    ]);
    const list = json<{ items: AwarenessDto[] }>(await org.sec.get('/api/training/awareness'));
    expect(list.items.map((x) => x.id)).toEqual([m.id]);
  });

  it('the office edits under the version (409 on a stale one), keeps a past next day it already had, deletes', async () => {
    const edited = json<AwarenessDto>(
      await org.sec.put(`/api/training/awareness/${m.id}`, {
        ...(await body({ title: '保密小贴士（二）', audience: [{ kind: 'all' }], active: false })),
        version: m.version,
      }),
    );
    expect([edited.title, edited.active, edited.audienceCount, edited.version]).toEqual([
      '保密小贴士（二）',
      false,
      10,
      2,
    ]);
    expectError(
      await org.sec.put(`/api/training/awareness/${m.id}`, { ...(await body()), version: m.version }),
      409,
      'stale_version',
    );
    m = edited;
    // The job's record: a next day already set stays acceptable even when it has passed.
    await t.ctx.db
      .updateTable('training_awareness')
      .set({ next_on: await dayFrom(t, -3) })
      .where('id', '=', m.id)
      .execute();
    const kept = json<AwarenessDto>(
      await org.sec.put(`/api/training/awareness/${m.id}`, {
        ...(await body({ nextOn: await dayFrom(t, -3) })),
        version: m.version,
      }),
    );
    expect(kept.nextOn).toBe(await dayFrom(t, -3));
    const head = await t.auditHead();
    expectError(await org.sec.delete(`/api/training/awareness/${m.id}?version=1`), 409, 'stale_version');
    json(await org.sec.delete(`/api/training/awareness/${m.id}?version=${kept.version}`));
    expect((await auditRowsAfter(t, head)).map((r) => [r.action, r.result])).toEqual([
      ['training.awareness_delete', 'success'],
    ]);
  });

  it('an unknown message is 404, audited', async () => {
    const id = crypto.randomUUID();
    const head = await t.auditHead();
    expectError(await org.sec.get(`/api/training/awareness/${id}`), 404, 'not_found');
    expectError(
      await org.sec.put(`/api/training/awareness/${id}`, { ...(await body()), version: 1 }),
      404,
      'not_found',
    );
    expectError(await org.sec.delete(`/api/training/awareness/${id}?version=1`), 404, 'not_found');
    expect((await auditRowsAfter(t, head)).map((r) => [r.action, r.result, r.target_id])).toEqual([
      ['training.awareness_view', 'denied', id],
      ['training.awareness_update', 'denied', id],
      ['training.awareness_delete', 'denied', id],
    ]);
  });

  it('anyone but the office is refused (403), audited', async () => {
    const mine = json<AwarenessDto>(await org.sec.post('/api/training/awareness', await body()), 201);
    const cases: [Agent & { username: string }, () => Promise<LightMyRequestResponse>, string][] = [
      [org.headA, () => org.headA.get('/api/training/awareness'), 'training.awareness_view'],
      [org.engineerA, () => org.engineerA.get(`/api/training/awareness/${mine.id}`), 'training.awareness_view'],
      [org.sys, async () => org.sys.post('/api/training/awareness', await body()), 'training.awareness_create'],
      [
        org.officerA,
        async () => org.officerA.put(`/api/training/awareness/${mine.id}`, { ...(await body()), version: 1 }),
        'training.awareness_update',
      ],
      [org.aud, () => org.aud.delete(`/api/training/awareness/${mine.id}?version=1`), 'training.awareness_delete'],
    ];
    for (const [who, call, action] of cases) {
      const head = await t.auditHead();
      await expectDenied(t, head, await call(), { action, actorName: who.username });
    }
  });

  it.each([
    ['a next day before today', async () => ({ nextOn: await dayFrom(t, -1) }), 'awareness_next_past'],
    [
      'an unknown department',
      async () => ({ audience: [{ kind: 'department', departmentId: crypto.randomUUID() }] }),
      'department_unknown',
    ],
    [
      'a clearance rule with no class',
      async () => ({ audience: [{ kind: 'clearance', classes: [] }] }),
      'audience_empty_classes',
    ],
    ['no interval', async () => ({ intervalDays: 0 }), null],
    ['an empty body', async () => ({ body: '   ' }), null],
    ['no such date', async () => ({ nextOn: '2027-13-01' }), null],
    ['active as text', async () => ({ active: 'yes' }), null],
    ['an extra field', async () => ({ extra: 1 }), null],
  ])('bad message (%s): 400, nothing recorded', async (_case, patch, problem) => {
    const head = await t.auditHead();
    const r = await org.sec.post('/api/training/awareness', await body(await patch()));
    expectError(r, 400, 'validation_failed');
    if (problem) expect(r.json()).toMatchObject({ error: { details: { problem } } });
    expect(await t.auditHead()).toBe(head);
  });
});
