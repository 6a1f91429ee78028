import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, expectOk, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import {
  auditRowsAfter,
  countRows,
  expectDenied,
  expectRefusedQuietly,
  meId,
  parseCsv,
  randomId,
} from '../../helpers/abuse.js';
import type { AuditEvent } from '../../../src/modules/audit/contracts/audit.js';
import type { User } from '../../../src/modules/identity/contracts/directory.js';
import { DEFAULT_ACCOUNT_POLICY } from '../../../src/kernel/account-policy.js';

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
/** The trail's export in the default language (zh-CN): the trail's columns, then the codes for machines. */
const EXPORT_COLUMNS = [
  '序号',
  '时间',
  '操作人',
  '角色',
  '操作',
  '对象',
  '结果',
  'IP 地址',
  '请求 ID',
  '详情',
  '操作代码',
  '操作人 ID',
  '操作人账号',
  '角色代码',
  '对象类型',
  '对象 ID',
  '结果代码',
];
const col = (name: string) => EXPORT_COLUMNS.indexOf(name);
const FORMULA = '=HYPERLINK("x")';

describe.each(DB_KINDS)('settings, audit and notifications on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let sec: Agent;
  let aud: Agent;
  let emp: Agent & { userId: string };
  let ids: { sys: string; sec: string; aud: string };

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
    sec = await t.admin('secadmin');
    aud = await t.admin('auditor');
    emp = await t.employee('staff.one');
    ids = { sys: await meId(sys), sec: await meId(sec), aud: await meId(aud) };
  });
  afterAll(() => t.close());

  const policy = (over: Partial<typeof DEFAULT_ACCOUNT_POLICY> = {}) => ({ ...DEFAULT_ACCOUNT_POLICY, ...over });

  describe('account policy', () => {
    it('sysadmin, secadmin and auditor can read it; an employee cannot (403, denied event)', async () => {
      for (const a of [sys, sec, aud]) {
        const r = await a.get('/api/settings/account-policy');
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json()).toEqual({ policy: DEFAULT_ACCOUNT_POLICY, version: 0 });
      }
      const h = await t.auditHead();
      await expectDenied(t, h, await emp.get('/api/settings/account-policy'), {
        action: 'settings.view',
        actorName: 'staff.one',
        targetId: 'account_policy',
      });
    });

    it('sysadmin saves it with its version (0 at first); stale and out-of-range values are refused', async () => {
      const h = await t.auditHead();
      const r = await sys.put('/api/settings/account-policy', {
        version: 0,
        policy: policy({ passwordMinLength: 12, lockoutThreshold: 6 }),
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ policy: policy({ passwordMinLength: 12, lockoutThreshold: 6 }), version: 1 });
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => [e.action, e.actor_name, e.target_id, e.result])).toEqual([
        ['settings.update', 'sysadmin', 'account_policy', 'success'],
      ]);
      expect(JSON.parse(ev[0]!.details)).toEqual({
        changed: { passwordMinLength: { from: 10, to: 12 }, lockoutThreshold: { from: 5, to: 6 } },
      });
      expect((await aud.get('/api/settings/account-policy')).json()).toMatchObject({
        version: 1,
        policy: { passwordMinLength: 12 },
      });

      const h2 = await t.auditHead();
      // Stale: version 0 again.
      await expectRefusedQuietly(
        t,
        h2,
        await sys.put('/api/settings/account-policy', { version: 0, policy: policy() }),
        409,
        'stale_version',
      );
      await expectRefusedQuietly(
        t,
        h2,
        await sys.put('/api/settings/account-policy', { version: 5, policy: policy() }),
        409,
        'stale_version',
      );
      // Out of range and malformed values.
      for (const bad of [
        { idleTimeoutMinutes: 61 },
        { idleTimeoutMinutes: 0 },
        { passwordMinLength: 7 },
        { lockoutThreshold: 2.5 },
        { sessionLifetimeHours: '12' },
        { mfaRequiredForAll: 'yes' },
      ]) {
        await expectRefusedQuietly(
          t,
          h2,
          await sys.put('/api/settings/account-policy', { version: 1, policy: policy(bad as never) }),
          400,
          'validation_failed',
        );
      }
      // A missing field and an unknown field.
      const { lockoutMinutes: _omit, ...partial } = policy();
      await expectRefusedQuietly(
        t,
        h2,
        await sys.put('/api/settings/account-policy', { version: 1, policy: partial }),
        400,
        'validation_failed',
      );
      await expectRefusedQuietly(
        t,
        h2,
        await sys.put('/api/settings/account-policy', { version: 1, policy: { ...policy(), extra: 1 } }),
        400,
        'validation_failed',
      );
      await expectRefusedQuietly(
        t,
        h2,
        await sys.put('/api/settings/account-policy', { version: -1, policy: policy() }),
        400,
        'validation_failed',
      );
      expect((await sys.get('/api/settings/account-policy')).json()).toMatchObject({
        version: 1,
        policy: { passwordMinLength: 12, idleTimeoutMinutes: 5 },
      });
    });

    it('secadmin and auditor cannot change it (403, denied event)', async () => {
      for (const [a, name] of [
        [sec, 'secadmin'],
        [aud, 'auditor'],
        [emp, 'staff.one'],
      ] as const) {
        const h = await t.auditHead();
        const r = await a.put('/api/settings/account-policy', {
          version: 1,
          policy: policy({ passwordMinLength: 20 }),
        });
        await expectDenied(t, h, r, { action: 'settings.update', actorName: name, targetId: 'account_policy' });
      }
      expect((await sys.get('/api/settings/account-policy')).json()).toMatchObject({
        version: 1,
        policy: { passwordMinLength: 12 },
      });
    });

    it('the screen watermark (on by default) reaches every signed-in page through /api/auth/me; turning it off is audited', async () => {
      expect((await emp.get('/api/auth/me')).json()).toMatchObject({ watermark: true });
      const cur = (await sys.get('/api/settings/account-policy')).json() as { version: number; policy: object };
      const h = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h,
        await sys.put('/api/settings/account-policy', {
          version: cur.version,
          policy: { ...cur.policy, screenWatermark: 'off' },
        }),
        400,
        'validation_failed',
      );
      await expectOk(
        await sys.put('/api/settings/account-policy', {
          version: cur.version,
          policy: { ...cur.policy, screenWatermark: false },
        }),
      );
      const ev = await auditRowsAfter(t, h);
      expect(JSON.parse(ev[0]!.details)).toEqual({ changed: { screenWatermark: { from: true, to: false } } });
      expect((await emp.get('/api/auth/me')).json()).toMatchObject({ watermark: false });
      await expectOk(
        await sys.put('/api/settings/account-policy', {
          version: cur.version + 1,
          policy: { ...cur.policy, screenWatermark: true },
        }),
      );
    });

    it('[IT-03] changing idleTimeoutMinutes changes how long an idle session lives', async () => {
      // Its own app: this test moves the clock far.
      const t2 = await startTestApp(kind);
      try {
        const admin = await t2.admin('sysadmin');
        const person = await t2.employee('idle.person');
        const v = ((await admin.get('/api/settings/account-policy')).json() as { version: number }).version;
        await expectOk(
          await admin.put('/api/settings/account-policy', { version: v, policy: policy({ idleTimeoutMinutes: 15 }) }),
        );
        expect((await person.get('/api/auth/me')).json()).toMatchObject({ idleTimeoutMinutes: 15 });
        t2.advance(10 * 60_000); // beyond the default 5, within 15
        expect((await person.get('/api/auth/me')).statusCode).toBe(200);
        expect((await admin.get('/api/auth/me')).statusCode).toBe(200);

        await expectOk(
          await admin.put('/api/settings/account-policy', {
            version: v + 1,
            policy: policy({ idleTimeoutMinutes: 2 }),
          }),
        );
        t2.advance(90_000);
        expect((await person.get('/api/auth/me')).statusCode).toBe(200);
        t2.advance(2 * 60_000 + 1_000);
        const r = await person.get('/api/auth/me');
        expect(r.statusCode).toBe(401);
        expect(errorCode(r)).toBe('session_expired');
      } finally {
        await t2.close();
      }
    });
  });

  describe('audit trail', () => {
    let deptId: string;
    let t1: string;
    let t2: string;

    beforeAll(async () => {
      // The auditor reads the whole trail here (the organisation's audit setting); the 三员 split itself is
      // test/integration/audit/audit-split.test.ts.
      const cur = (await sec.get('/api/audit/settings')).json() as { version: number };
      await expectOk(
        await sec.put('/api/audit/settings', { version: cur.version, settings: { auditorReadsAll: true } }),
      );
      // Events by several people at distinct times.
      t.advance(60_000);
      t1 = t.ctx.now().toISOString();
      const d = await sys.post('/api/departments', { name: 'Audit-Dept', parentId: t.rootDepartmentId });
      expect(d.statusCode).toBe(201);
      deptId = (d.json() as { id: string }).id;
      t.advance(60_000);
      t2 = t.ctx.now().toISOString();
      const u = (await sys.get(`/api/users/${emp.userId}`)).json() as User;
      await expectOk(
        await sec.patch(`/api/users/${emp.userId}/security`, { version: u.version, clearanceClass: 'general' }),
      );
      // A denied event by the employee.
      expect((await emp.post('/api/departments', { name: 'x', parentId: null })).statusCode).toBe(403);
      t.advance(60_000);
    });

    async function list(a: Agent, qs = ''): Promise<Page<AuditEvent>> {
      const r = await a.get(`/api/audit/events${qs ? `?${qs}` : ''}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Page<AuditEvent>;
    }

    it("the auditor lists every event, other administrators' actions included", async () => {
      const total = await countRows(t, 'audit_events');
      const all = await list(aud, 'pageSize=100');
      expect(all.total).toBe(total);
      expect(all.items[0]!.seq).toBe(total); // newest first by default
      const actors = new Set(all.items.map((e) => e.actorName));
      for (const n of ['sysadmin', 'secadmin', 'auditor', 'staff.one']) expect(actors).toContain(n);
      expect(
        all.items.some((e) => e.action === 'department.create' && e.targetId === deptId && e.actorId === ids.sys),
      ).toBe(true);
      expect(all.items.some((e) => e.action === 'user.security_update' && e.actorId === ids.sec)).toBe(true);
      const asc = await list(aud, 'order=asc&pageSize=3');
      expect(asc.items.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(asc.items[0]).toMatchObject({ action: 'system.init', actorRole: 'system' });
    });

    it('filters by actor, exact actions, result, time range and target', async () => {
      const byName = await list(aud, 'actor=secadmin&pageSize=100');
      expect(byName.total).toBeGreaterThan(0);
      expect(byName.items.every((e) => e.actorName?.includes('secadmin'))).toBe(true);
      const byId = await list(aud, `actor=${ids.sys}&pageSize=100`);
      expect(byId.total).toBeGreaterThan(0);
      expect(byId.items.every((e) => e.actorId === ids.sys)).toBe(true);

      const dept = await list(aud, 'action=department.create,department.update&pageSize=100');
      expect(dept.items.length).toBeGreaterThan(0);
      expect(dept.items.every((e) => ['department.create', 'department.update'].includes(e.action))).toBe(true);
      // Exact codes: a prefix names nothing, and wildcards are refused.
      expect((await list(aud, 'action=department.creat')).total).toBe(0);
      expect((await aud.get('/api/audit/events?action=%25')).statusCode).toBe(400);

      const denied = await list(aud, 'result=denied&pageSize=100');
      expect(denied.items.every((e) => e.result === 'denied')).toBe(true);
      expect(denied.items.some((e) => e.actorName === 'staff.one' && e.action === 'department.create')).toBe(true);

      // Time range: [t1, t2) holds exactly the department creation.
      const inRange = await list(
        aud,
        `from=${encodeURIComponent(t1)}&to=${encodeURIComponent(new Date(Date.parse(t2) - 1).toISOString())}`,
      );
      expect(inRange.items.map((e) => [e.action, e.targetId])).toEqual([['department.create', deptId]]);
      // An offset time zone is accepted and means the same instant.
      const t1Offset = new Date(Date.parse(t1) + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
      expect(
        (
          await list(
            aud,
            `from=${encodeURIComponent(t1Offset)}&to=${encodeURIComponent(new Date(Date.parse(t2) - 1).toISOString())}`,
          )
        ).total,
      ).toBe(1);
      // `to` is inclusive: up to t1 includes the creation, up to t1 - 1 ms does not.
      const upTo = await list(aud, `to=${encodeURIComponent(t1)}&pageSize=100`);
      expect(upTo.items.every((e) => e.at <= t1)).toBe(true);
      expect(upTo.items.some((e) => e.targetId === deptId)).toBe(true);
      const before = await list(
        aud,
        `to=${encodeURIComponent(new Date(Date.parse(t1) - 1).toISOString())}&pageSize=100`,
      );
      expect(before.items.some((e) => e.targetId === deptId)).toBe(false);

      const byTarget = await list(aud, `target=${deptId}`);
      expect(byTarget.items.map((e) => e.action)).toEqual(['department.create']);
      const byTargetType = await list(aud, 'target=settings&pageSize=100');
      expect(byTargetType.items.length).toBeGreaterThan(0);
      expect(byTargetType.items.every((e) => e.targetType === 'settings')).toBe(true);

      // Combined filters.
      const combo = await list(aud, `actor=sysadmin&action=department.create&result=success&target=${deptId}`);
      expect(combo.total).toBe(1);
    });

    it("the system administrator sees only their own actions, the security administrator also ordinary users'; an employee sees nothing (403)", async () => {
      const own = await list(sys, 'pageSize=100');
      const expected = await t.ctx.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('actor_id', '=', ids.sys)
        .executeTakeFirstOrThrow();
      expect(own.total).toBe(Number(expected.n));
      expect(own.items.every((e) => e.actorId === ids.sys)).toBe(true);
      // A filter cannot widen the scope.
      const other = await list(sys, `actor=${ids.sec}`);
      expect(other.total).toBe(0);
      // The security administrator: their own and ordinary users' events, never another administrator's.
      const secOwn = await list(sec, 'pageSize=100');
      expect(secOwn.items.some((e) => e.actorName === 'staff.one')).toBe(true);
      expect(
        secOwn.items.every(
          (e) => e.actorId === ids.sec || !['sysadmin', 'secadmin', 'auditor', 'system'].includes(e.actorRole ?? ''),
        ),
      ).toBe(true);

      const h = await t.auditHead();
      await expectDenied(t, h, await emp.get('/api/audit/events'), { action: 'audit.list', actorName: 'staff.one' });
    });

    it('pages, and refuses bad paging or unknown query parameters without recording anything', async () => {
      const total = (await list(aud)).total;
      const p1 = await list(aud, 'order=asc&pageSize=5&page=1');
      const p2 = await list(aud, 'order=asc&pageSize=5&page=2');
      expect(p1.items.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(p2.items.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);
      expect(p2).toMatchObject({ page: 2, pageSize: 5, total });
      expect((await list(aud, 'page=100000&pageSize=100')).items).toEqual([]);
      expect((await list(aud, 'pageSize=100')).items).toHaveLength(Math.min(100, total));

      const h = await t.auditHead();
      for (const qs of [
        'pageSize=101',
        'pageSize=0',
        'page=0',
        'page=-1',
        'pageSize=abc',
        'page=1e3',
        'page=%201',
        'page=0x10',
        'page=100001',
        'page=9999999999',
        'bogus=1',
        'sort=at',
        'order=up',
        'result=maybe',
        'from=yesterday',
        'from=2026-11-23',
      ]) {
        const r = await aud.get(`/api/audit/events?${qs}`);
        await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
      }
    });

    it('exports CSV (auditor only), with formula-like text neutralised', async () => {
      // Formula text in a department name (stored in the details JSON) and in a sign-in username (its own cell).
      const d = await sys.post('/api/departments', { name: FORMULA, parentId: t.rootDepartmentId });
      expect(d.statusCode).toBe(201);
      const fdept = (d.json() as { id: string }).id;
      expect((await t.agent().login(FORMULA, 'whatever-password')).statusCode).toBe(401);
      expect((await t.agent().login('+cmd|calc', 'whatever-password')).statusCode).toBe(401);

      const h = await t.auditHead();
      const r = await aud.get('/api/audit/export?format=csv');
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(String(r.headers['content-disposition'])).toMatch(/^attachment; filename="baomi-audit-.*\.csv"$/);
      expect(r.body.charCodeAt(0)).toBe(0xfeff);
      const rows = parseCsv(r.body);
      expect(rows[0]).toEqual(EXPORT_COLUMNS);
      const data = rows.slice(1);
      // Every event up to and including the export's own record.
      expect(data).toHaveLength(h + 1);
      expect(data.map((row) => Number(row[0]))).toEqual(Array.from({ length: h + 1 }, (_, i) => i + 1));
      expect(data[h]![col('操作代码')]).toBe('audit.export');
      expect(data[h]![col('操作')]).toBe('导出审计日志');
      expect(data.every((row) => row.length === EXPORT_COLUMNS.length)).toBe(true);
      // No cell starts a formula.
      for (const row of data) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      // The sign-in name is its own cell: neutralised with a leading quote.
      const actorCells = data.map((row) => row[col('操作人')]);
      expect(actorCells).toContain(`'${FORMULA}`);
      expect(actorCells).toContain("'+cmd|calc");
      // The department name is inside the JSON details cell (which starts with '{') and kept verbatim there.
      const created = data.find(
        (row) => row[col('操作代码')] === 'department.create' && row[col('对象 ID')] === fdept,
      )!;
      expect(created[col('详情')]!.startsWith('{')).toBe(true);
      expect(JSON.parse(created[col('详情')]!)).toMatchObject({ name: FORMULA });

      // The export itself is audited.
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => [e.action, e.actor_name, e.result])).toEqual([['audit.export', 'auditor', 'success']]);
      expect(JSON.parse(ev[0]!.details)).toMatchObject({ format: 'csv' });

      // Filters apply to exports too.
      const filtered = parseCsv((await aud.get(`/api/audit/export?format=csv&target=${fdept}`)).body).slice(1);
      expect(filtered.map((row) => row[col('操作代码')])).toEqual(['department.create']);
    });

    it('exports XLSX that parses, with the header row and neutralised cells', async () => {
      const r = await aud.get('/api/audit/export?format=xlsx');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(String(r.headers['content-disposition'])).toMatch(/\.xlsx"$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ExcelJS.Buffer);
      const ws = wb.getWorksheet('audit')!;
      expect(ws).toBeDefined();
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_COLUMNS);
      const head = await t.auditHead();
      expect(ws.actualRowCount).toBe(head + 1); // header + every event incl. this export's record
      const actorNames: unknown[] = [];
      ws.eachRow((row, n) => {
        if (n === 1) return;
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
        });
        actorNames.push(row.getCell(col('操作人') + 1).value);
      });
      expect(actorNames).toContain(`'${FORMULA}`);
    });

    it('only the two reviewers may export; bad formats are refused', async () => {
      for (const [a, name] of [
        [sys, 'sysadmin'],
        [emp, 'staff.one'],
      ] as const) {
        const h = await t.auditHead();
        await expectDenied(t, h, await a.get('/api/audit/export?format=csv'), {
          action: 'audit.export',
          actorName: name,
        });
      }
      const h = await t.auditHead();
      for (const qs of ['format=pdf', '', 'format=csv&pageSize=5', 'format=csv&extra=1']) {
        await expectRefusedQuietly(
          t,
          h,
          await aud.get(`/api/audit/export${qs ? `?${qs}` : ''}`),
          400,
          'validation_failed',
        );
      }
    });

    it('POST /api/audit/verify: the auditor gets ok; others are refused', async () => {
      const h = await t.auditHead();
      const r = await aud.post('/api/audit/verify');
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ ok: true, firstBreak: null, eventsChecked: h, headSeq: h, algorithm: 'sha256' });
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => [e.action, e.result])).toEqual([['audit.verify', 'success']]);
      for (const [a, name] of [
        [sys, 'sysadmin'],
        [sec, 'secadmin'],
        [emp, 'staff.one'],
      ] as const) {
        const h2 = await t.auditHead();
        await expectDenied(t, h2, await a.post('/api/audit/verify'), { action: 'audit.verify', actorName: name });
      }
      // The denied attempts are themselves part of a still-valid chain.
      expect((await aud.post('/api/audit/verify')).json()).toMatchObject({ ok: true });
    });
  });

  describe('notifications', () => {
    it("unread count, list, mark read, read all; another person's notification is 404", async () => {
      // Two departures notify the security administrator; a role change notifies the auditor.
      const ids2: string[] = [];
      for (const name of ['leaver.one', 'leaver.two']) {
        const c = await sys.post('/api/users', { username: name, displayName: name, departmentId: null });
        const u = (c.json() as { user: User }).user;
        await expectOk(await sys.post(`/api/users/${u.id}/depart`, { version: u.version, separationMonths: 0 }));
        ids2.push(u.id);
      }
      const c = await sys.post('/api/users', { username: 'new.admin', displayName: 'n', departmentId: null });
      const nu = (c.json() as { user: User }).user;
      await expectOk(await sec.patch(`/api/users/${nu.id}/security`, { version: nu.version, adminRole: 'sysadmin' }));

      const unread = async (a: Agent) =>
        ((await a.get('/api/notifications/unread-count')).json() as { unread: number }).unread;
      expect(await unread(sec)).toBe(2);
      expect(await unread(emp)).toBe(0);
      const audUnread = await unread(aud);
      expect(audUnread).toBeGreaterThanOrEqual(1);

      const h = await t.auditHead();
      const inbox = (await sec.get('/api/notifications?unread=true')).json() as Page<{
        id: string;
        kind: string;
        readAt: string | null;
        body: string;
      }>;
      expect(inbox.total).toBe(2);
      expect(inbox.items.every((i) => i.kind === 'userDeparted' && i.readAt === null)).toBe(true);
      expect(inbox.items.map((i) => (JSON.parse(i.body) as { username: string }).username).sort()).toEqual([
        'leaver.one',
        'leaver.two',
      ]);

      const first = inbox.items[0]!;
      expect((await sec.post(`/api/notifications/${first.id}/read`)).json()).toEqual({ ok: true });
      expect(await unread(sec)).toBe(1);
      const all = (await sec.get('/api/notifications')).json() as Page<{ id: string; readAt: string | null }>;
      expect(all.total).toBe(2);
      expect(all.items.find((i) => i.id === first.id)!.readAt).toBe(t.ctx.now().toISOString());
      // Marking again is harmless.
      expect((await sec.post(`/api/notifications/${first.id}/read`)).statusCode).toBe(200);
      expect(((await sec.get('/api/notifications?unread=true')).json() as Page<unknown>).total).toBe(1);

      // Someone else's notification: 404, and it stays unread.
      const audItem = (
        (await aud.get('/api/notifications?unread=true')).json() as Page<{ id: string; kind: string }>
      ).items.find((i) => i.kind === 'adminRoleChanged')!;
      expect(audItem).toBeDefined();
      await expectRefusedQuietly(t, h, await sec.post(`/api/notifications/${audItem.id}/read`), 404, 'not_found');
      await expectRefusedQuietly(t, h, await emp.post(`/api/notifications/${audItem.id}/read`), 404, 'not_found');
      await expectRefusedQuietly(t, h, await sec.post(`/api/notifications/${randomId()}/read`), 404, 'not_found');
      await expectRefusedQuietly(t, h, await sec.post('/api/notifications/nope/read'), 400, 'validation_failed');
      await expectRefusedQuietly(t, h, await sec.get('/api/notifications?unread=yes'), 400, 'validation_failed');
      expect(await unread(aud)).toBe(audUnread);

      // Read all clears only the caller's inbox.
      expect((await sec.post('/api/notifications/read-all')).json()).toEqual({ ok: true });
      expect(await unread(sec)).toBe(0);
      expect(await unread(aud)).toBe(audUnread);
      // Reading notifications is not audited.
      expect(await t.auditHead()).toBe(h);
      void ids2;
    });
  });
});
