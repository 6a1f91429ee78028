/**
 * Publicity campaigns (保密宣传, TRN-12): the security office creates, edits (under the version), deletes campaigns
 * and attaches a poster or brochure (PDF, PNG or JPEG, checked against its first bytes); everyone sees the campaigns
 * running today whose audience takes them in, and their files — any other answers 404 (audited), as one that does
 * not exist. Anyone else's changes are refused (403, audited); bad input is 400 with nothing recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { dayFrom } from '../../helpers/training-report.js';
import type { CampaignDto } from '../../../src/modules/training/contracts/campaigns.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);

describe.each(DB_KINDS)('training campaigns on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let forA: CampaignDto;
  let forAll: CampaignDto;
  let future: CampaignDto;

  const body = async (overrides: Record<string, unknown> = {}) => ({
    title: '保密宣传月',
    kind: 'poster',
    audience: [{ kind: 'all' }],
    startsOn: await dayFrom(t, -1),
    endsOn: await dayFrom(t, 30),
    body: '## 保密宣传月\n\n守住秘密，人人有责。',
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) =>
    json<CampaignDto>(await org.sec.post('/api/training/campaigns', await body(overrides)), 201);
  const titles = async (who: Agent, query = '') =>
    json<{ items: CampaignDto[] }>(await who.get(`/api/training/campaigns${query}`)).items.map((c) => c.title);
  const upload = (who: Agent, id: string, version: number, file: Buffer, type: string, name = '海报.pdf') =>
    who.request('PUT', `/api/training/campaigns/${id}/file?version=${version}&name=${encodeURIComponent(name)}`, file, {
      'content-type': type,
    });

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    forAll = await create({ title: '全员保密宣传' });
    forA = await create({
      title: '研发部保密手册',
      kind: 'brochure',
      audience: [{ kind: 'department', departmentId: org.deptA }],
    });
    future = await create({ title: '下月宣传', startsOn: await dayFrom(t, 10), endsOn: await dayFrom(t, 20) });
    await create({ title: '已结束', startsOn: await dayFrom(t, -20), endsOn: await dayFrom(t, -1) });
  });
  afterAll(() => t.close());

  it('[TRN-12] the office creates a campaign: its fields, rendered text, audited', async () => {
    const head = await t.auditHead();
    const c = await create({
      title: '  保密知识竞赛  ',
      kind: 'article',
      audience: [{ kind: 'post', post: ' 会计 ' }],
    });
    expect(c).toMatchObject({
      title: '保密知识竞赛',
      kind: 'article',
      audience: [{ kind: 'post', post: '会计' }],
      file: null,
      current: true,
      version: 1,
    });
    expect(c.bodyHtml).toContain('<h2>保密宣传月</h2>');
    const rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result, r.target_id])).toEqual([['training.campaign_create', 'success', c.id]]);
  });

  it('[TRN-12] everyone sees the current campaigns meant for them; the office sees all of them', async () => {
    expect(await titles(org.engineerA)).toEqual(expect.arrayContaining(['全员保密宣传', '研发部保密手册']));
    expect(await titles(org.engineerA)).toHaveLength(2);
    expect(await titles(org.memberSubA)).toHaveLength(2);
    expect((await titles(org.clerkB)).sort()).toEqual(['保密知识竞赛', '全员保密宣传'].sort());
    expect(await titles(org.sec, '?all=true')).toEqual(
      expect.arrayContaining(['全员保密宣传', '研发部保密手册', '下月宣传', '已结束']),
    );
    expect(json<CampaignDto>(await org.engineerA.get(`/api/training/campaigns/${forA.id}`)).title).toBe(
      '研发部保密手册',
    );
    expect(json<CampaignDto>(await org.sec.get(`/api/training/campaigns/${future.id}`)).current).toBe(false);
  });

  it('a campaign not meant for the reader, not running, or unknown answers 404, audited', async () => {
    const head = await t.auditHead();
    expectError(await org.clerkB.get(`/api/training/campaigns/${forA.id}`), 404, 'not_found');
    expectError(await org.engineerA.get(`/api/training/campaigns/${future.id}`), 404, 'not_found');
    expectError(await org.engineerA.get(`/api/training/campaigns/${crypto.randomUUID()}`), 404, 'not_found');
    expectError(await org.clerkB.get(`/api/training/campaigns/${forA.id}/file`), 404, 'not_found');
    const rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result])).toEqual(Array(4).fill(['training.campaign_read', 'denied']));
    // Only the office lists them all.
    const h2 = await t.auditHead();
    await expectDenied(t, h2, await org.headA.get('/api/training/campaigns?all=true'), {
      action: 'training.campaign_read',
      actorName: 'head.a',
    });
  });

  it('[TRN-12] the office attaches a poster; whoever sees the campaign opens it', async () => {
    const head = await t.auditHead();
    const withFile = json<CampaignDto>(
      await upload(org.sec, forA.id, forA.version, PDF, 'application/pdf', '保密手册.pdf'),
    );
    expect(withFile.file).toEqual({ name: '保密手册.pdf', mediaType: 'application/pdf', size: PDF.length });
    expect(withFile.version).toBe(forA.version + 1);
    const rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result])).toEqual([['training.campaign_file', 'success']]);
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ name: '保密手册.pdf', size: PDF.length, replaced: false });
    const res = await org.memberSubA.get(`/api/training/campaigns/${forA.id}/file`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('保密手册.pdf')}`);
    expect(res.rawPayload.equals(PDF)).toBe(true);
    // Replaced by an image.
    const png = json<CampaignDto>(await upload(org.sec, forA.id, withFile.version, PNG, 'image/png', 'poster.png'));
    expect(png.file).toEqual({ name: 'poster.png', mediaType: 'image/png', size: PNG.length });
    expect((await org.engineerA.get(`/api/training/campaigns/${forA.id}/file`)).rawPayload.equals(PNG)).toBe(true);
    forA = png;
    // No file yet: 404.
    expectError(await org.engineerA.get(`/api/training/campaigns/${forAll.id}/file`), 404, 'not_found');
  });

  it('a file that is not what it says, empty, or a stale version is refused, nothing recorded', async () => {
    const head = await t.auditHead();
    for (const [file, type] of [
      [PDF, 'image/png'],
      [Buffer.from('hello'), 'text/plain'],
      [Buffer.alloc(0), 'application/pdf'],
    ] as const) {
      const r = await upload(org.sec, forA.id, forA.version, file, type);
      expect(r.statusCode, r.body).toBe(400);
    }
    expectError(await upload(org.sec, forA.id, forA.version - 1, PDF, 'application/pdf'), 409, 'stale_version');
    expectError(await upload(org.sec, forA.id, forA.version, PDF, 'application/pdf', ''), 400, 'validation_failed');
    expect(await t.auditHead()).toBe(head);
  });

  it('the office edits under the version (409 on a stale one) and deletes', async () => {
    const put = (v: number, patch: Record<string, unknown> = {}) =>
      org.sec.put(`/api/training/campaigns/${forAll.id}`, {
        version: v,
        title: forAll.title,
        kind: forAll.kind,
        audience: forAll.audience,
        startsOn: forAll.startsOn,
        endsOn: forAll.endsOn,
        body: forAll.body,
        ...patch,
      });
    const edited = json<CampaignDto>(await put(forAll.version, { title: '全员保密宣传（修订）', kind: 'intranet' }));
    expect([edited.title, edited.kind, edited.version]).toEqual(['全员保密宣传（修订）', 'intranet', 2]);
    expectError(await put(forAll.version), 409, 'stale_version');
    expectError(await org.sec.delete(`/api/training/campaigns/${forAll.id}?version=1`), 409, 'stale_version');
    const head = await t.auditHead();
    json(await org.sec.delete(`/api/training/campaigns/${forAll.id}?version=2`));
    expect((await auditRowsAfter(t, head)).map((r) => r.action)).toEqual(['training.campaign_delete']);
    expectError(await org.sec.get(`/api/training/campaigns/${forAll.id}`), 404, 'not_found');
    expectError(await org.sec.delete(`/api/training/campaigns/${forAll.id}?version=2`), 404, 'not_found');
  });

  it('anyone but the office is refused its changes (403), audited', async () => {
    const cases: [Agent & { username: string }, () => Promise<LightMyRequestResponse>, string][] = [
      [org.headA, async () => org.headA.post('/api/training/campaigns', await body()), 'training.campaign_create'],
      [
        org.engineerA,
        async () =>
          org.engineerA.put(`/api/training/campaigns/${forA.id}`, { version: forA.version, ...(await body()) }),
        'training.campaign_update',
      ],
      [
        org.sys,
        () => org.sys.delete(`/api/training/campaigns/${forA.id}?version=${forA.version}`),
        'training.campaign_delete',
      ],
      [org.headA, () => upload(org.headA, forA.id, forA.version, PDF, 'application/pdf'), 'training.campaign_file'],
    ];
    for (const [who, call, action] of cases) {
      const head = await t.auditHead();
      await expectDenied(t, head, await call(), { action, actorName: who.username });
    }
  });

  it.each([
    ['ends before it starts', { startsOn: '2026-12-10', endsOn: '2026-12-01' }, 'campaign_dates'],
    [
      'an unknown department',
      { audience: [{ kind: 'department', departmentId: crypto.randomUUID() }] },
      'department_unknown',
    ],
    ['a rule twice', { audience: [{ kind: 'all' }, { kind: 'all' }] }, 'audience_duplicate_rule'],
    ['no such date', { startsOn: '2026-02-30' }, null],
    ['an unknown kind', { kind: 'film' }, null],
    ['a blank title', { title: '  ' }, null],
    ['an extra field', { extra: 1 }, null],
  ])('bad campaign (%s): 400, nothing recorded', async (_case, patch, problem) => {
    const head = await t.auditHead();
    const r = await org.sec.post('/api/training/campaigns', await body(patch));
    expectError(r, 400, 'validation_failed');
    if (problem) expect(r.json()).toMatchObject({ error: { details: { problem } } });
    expect(await t.auditHead()).toBe(head);
  });
});
