/**
 * The trail a Chinese auditor can read (issue 17): the action dictionary from the typed actions, the action
 * filter by exact actions, actors by display name, targets named only for viewers the owning module lets see
 * them, and exports in the viewer's language with local times (+08:00) and the codes in their own columns.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, type Agent } from '../../helpers/api.js';
import { parseCsv } from '../../helpers/abuse.js';
import { addPerson, proposal, propose, setupOrg, type Org } from '../../helpers/classification-org.js';
import { startTestApp } from '../../helpers/api.js';
import type { AuditDictionary, AuditEvent } from '../../../src/modules/audit/contracts/audit.js';
import { PLATFORM_AUDIT_ACTIONS } from '../../../src/platform/contracts/audit-actions.js';
import { IDENTITY_AUDIT_ACTIONS } from '../../../src/modules/identity/contracts/audit-actions.js';
import { CLASSIFICATION_AUDIT_ACTIONS } from '../../../src/modules/classification/contracts/audit-actions.js';
import { dictionary } from '../../../src/modules/audit/services/audit-dictionary.js';
import { findUserById, toActor } from '../../../src/modules/identity/index.js';
import { withAccess } from '../../../src/platform/organisation.js';
import type { Actor } from '../../../src/kernel/actor.js';

const LOCAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;
const ZH_HEADER = ['序号', '时间', '操作人', '角色', '操作', '对象', '结果', 'IP 地址', '请求 ID', '详情', '操作代码'];
const EN_HEADER = ['No.', 'Time', 'Actor', 'Role', 'Action', 'Object', 'Result', 'IP address', 'Request ID'];

describe.each(DB_KINDS)('the readable audit trail on %s', (kind) => {
  let org: Org;
  let aud: Org['aud'];
  let newUserId: string;
  let itemId: string;
  let itemNumber: string;
  let itemTitle: string;

  beforeAll(async () => {
    const t = await startTestApp(kind);
    org = await setupOrg(t);
    aud = org.aud;
    // The system administrator creates an account with a Chinese display name (an admin event the auditor reviews).
    const r = await org.sys.post('/api/users', {
      username: 'liuyang',
      displayName: '刘洋',
      departmentId: org.deptA,
    });
    expect(r.statusCode, r.body).toBe(201);
    newUserId = (r.json() as { user: { id: string } }).user.id;
    const named = await addPerson(org, 'wangfang', {
      displayName: '王芳',
      departmentId: org.deptA,
      clearance: 'core',
      roles: ['dept_officer'],
    });
    const p = await propose(named, proposal(org, { title: '新型号设计方案' }));
    itemId = p.item.id;
    itemNumber = p.item.number;
    itemTitle = p.item.title;
  });
  afterAll(() => org.t.close());

  async function events(a: Agent, qs: string): Promise<{ items: AuditEvent[]; total: number }> {
    const r = await a.get(`/api/audit/events?${qs}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: AuditEvent[]; total: number };
  }

  it('serves the action dictionary: every typed action once, in its group, with both texts', async () => {
    expect((await org.t.agent().get('/api/audit/actions')).statusCode).toBe(401);
    const r = await aud.get('/api/audit/actions');
    expect(r.statusCode, r.body).toBe(200);
    const d = r.json() as AuditDictionary;
    expect(d.timeZone).toBe('Asia/Shanghai');
    const all = d.groups.flatMap((g) => g.actions.map((a) => ({ ...a, group: g.key })));
    expect(new Set(all.map((a) => a.action)).size).toBe(all.length);
    for (const list of [PLATFORM_AUDIT_ACTIONS, IDENTITY_AUDIT_ACTIONS, CLASSIFICATION_AUDIT_ACTIONS])
      for (const action of Object.keys(list)) expect(all.map((a) => a.action)).toContain(action);
    expect(all.find((a) => a.action === 'auth.login')).toMatchObject({
      group: 'identity',
      text: { 'zh-CN': '登录', 'en-US': 'Sign in' },
    });
    expect(all.find((a) => a.action === 'approval.decide')?.group).toBe('approvals');
    expect(all.find((a) => a.action === 'audit.reanchor')?.group).toBe('audit');
    expect(d.groups.find((g) => g.key === 'classification')?.text['zh-CN']).toBe('定密管理');
    expect(d.targetTypes['secret_item']).toEqual({ 'zh-CN': '保密事项', 'en-US': 'Secret item' });
    // A person who reads no trail still gets the words (they are not secret), but no events.
    expect((await org.lowA.get('/api/audit/actions')).statusCode).toBe(200);
  });

  it('filters by exact actions, several at once; a malformed list is refused', async () => {
    const logins = await events(aud, 'action=auth.login&pageSize=100');
    expect(logins.total).toBeGreaterThan(0);
    expect(new Set(logins.items.map((e) => e.action))).toEqual(new Set(['auth.login']));
    const two = await events(aud, `action=${encodeURIComponent('auth.login,user.create')}&pageSize=100`);
    expect(new Set(two.items.map((e) => e.action))).toEqual(new Set(['auth.login', 'user.create']));
    expect(two.total).toBeGreaterThan(logins.total);
    // Exact: a prefix names no action.
    expect((await events(aud, 'action=auth.log')).total).toBe(0);
    for (const bad of ['AUTH.LOGIN', 'auth.login,', 'auth', '%25', 'auth.login%2C%2Cuser.create']) {
      const res = await aud.get(`/api/audit/events?action=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(errorCode(res)).toBe('validation_failed');
    }
  });

  it('names actors by display name and targets the viewer may see, linked to their page', async () => {
    const created = (await events(aud, 'action=user.create&pageSize=100')).items.find((e) => e.targetId === newUserId)!;
    expect(created.actorName).toBe(org.sys.username);
    expect(created.actorDisplayName).toBeTruthy();
    expect(created.target).toEqual({ label: '刘洋', link: '/users?q=liuyang' });

    // The security administrator reviews ordinary users' events: the proposal, by 王芳, of an item they may know.
    const proposed = (await events(org.sec, 'action=item.propose&pageSize=100')).items.find(
      (e) => e.targetId === itemId,
    )!;
    expect(proposed.actorDisplayName).toBe('王芳');
    expect(proposed.target).toEqual({ label: `${itemNumber} ${itemTitle}`, link: `/items/${itemId}` });
  });

  it("asks the owning module's policy: an item is named only to those who may know it", async () => {
    const viewer = async (id: string): Promise<Actor> =>
      withAccess(org.t.ctx, toActor((await findUserById(org.t.ctx.db, id))!));
    const resolve = dictionary().targets.get('secret_item')!.resolve!;
    const known = await resolve(org.t.ctx, await viewer(org.insiderA.userId), [itemId, 'no-such-item']);
    expect([...known.keys()]).toEqual([itemId]);
    expect((await resolve(org.t.ctx, await viewer(org.outsiderB.userId), [itemId])).size).toBe(0);
    // The auditor, kept from content by the 三员 rules, learns no title either.
    expect((await resolve(org.t.ctx, await viewer(aud.userId), [itemId])).size).toBe(0);
  });

  it('exports CSV in Chinese: Chinese headers, +08:00 times, names, and the codes in their own columns', async () => {
    const r = await aud.get('/api/audit/export?format=csv&action=user.create');
    expect(r.statusCode, r.body).toBe(200);
    const [header, ...rows] = parseCsv(r.body);
    expect(header!.slice(0, ZH_HEADER.length)).toEqual(ZH_HEADER);
    const col = (name: string) => header!.indexOf(name);
    expect(['操作人 ID', '对象类型', '对象 ID'].every((h) => col(h) > 0)).toBe(true);
    const row = rows.find((x) => x[col('对象 ID')] === newUserId)!;
    expect(row[col('时间')]).toMatch(LOCAL);
    expect(row[col('操作')]).toBe('新建账号');
    expect(row[col('操作代码')]).toBe('user.create');
    expect(row[col('角色')]).toBe('系统管理员');
    expect(row[col('对象')]).toBe('人员 刘洋');
    expect(row[col('对象类型')]).toBe('user');
    expect(row[col('结果')]).toBe('成功');
    expect(row[col('操作人 ID')]).toBe(org.sys.userId);
  });

  it('exports XLSX in English when asked, and refuses a language it does not know', async () => {
    const r = await aud.get('/api/audit/export?format=xlsx&lang=en-US&action=user.create');
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('audit')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header.slice(0, EN_HEADER.length)).toEqual(EN_HEADER);
    const col = (name: string) => header.indexOf(name) + 1;
    let found = false;
    ws.eachRow((row, n) => {
      if (n === 1 || row.getCell(col('Object ID')).value !== newUserId) return;
      found = true;
      expect(String(row.getCell(col('Time')).value)).toMatch(LOCAL);
      expect(row.getCell(col('Action')).value).toBe('Create an account');
      expect(row.getCell(col('Action code')).value).toBe('user.create');
      expect(row.getCell(col('Role')).value).toBe('System administrator');
      expect(row.getCell(col('Object')).value).toBe('Person 刘洋');
      expect(row.getCell(col('Result')).value).toBe('Success');
    });
    expect(found).toBe(true);
    const bad = await aud.get('/api/audit/export?format=csv&lang=fr-FR');
    expect(bad.statusCode).toBe(400);
  });
});
