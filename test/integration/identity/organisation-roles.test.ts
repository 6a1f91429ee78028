/**
 * The organisation's roles as data (issue 12): leaders in charge, the general manager and functional roles with
 * their members. Everyone signed in reads them; the security administrator changes them, audited, under
 * optimistic locking; departure takes every role away; the reads the approval engine makes
 * (`leaderInChargeOf`, `generalManagerOf`, `functionalRoleHolders`, `functionalRoles`) answer from the same data.
 * On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import {
  auditRowsAfter,
  expectDenied,
  expectError,
  expectRefusedQuietly,
  meId,
  randomId,
} from '../../helpers/abuse.js';
import { department, json, person, type Person } from '../../helpers/people.js';
import {
  functionalRoleHolders,
  functionalRoles,
  generalManagerOf,
  holdsOrganisationRole,
  leaderInChargeOf,
  organisationRoleHolders,
} from '../../../src/modules/identity/index.js';
import type { FunctionalRole, OrganisationRoles } from '../../../src/modules/identity/contracts/organisation.js';
import type { User } from '../../../src/modules/identity/contracts/directory.js';
import { loadDemo } from '../../../src/platform/demo.js';

const BUILT_IN = ['administration_office', 'archive_keeper', 'finance_supervisor', 'it_head'];

describe.each(DB_KINDS)('organisation roles on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let sec: Agent;
  let aud: Agent;
  let emp: Person;
  /** Departments: top → mid → leaf, and a separate one. */
  let top: string;
  let mid: string;
  let leaf: string;
  let other: string;
  let leaderTop: Person;
  let leaderMid: Person;
  let head: Person;
  let finance: Person;

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
    sec = await t.admin('secadmin');
    aud = await t.admin('auditor');
    top = await department(t, sys, '研发中心');
    mid = await department(t, sys, '软件部', top);
    leaf = await department(t, sys, '测试组', mid);
    other = await department(t, sys, '财务部');
    emp = await person(t, 'staff.one', { departmentId: leaf });
    leaderTop = await person(t, 'leader.top', { departmentId: top, roles: ['leadership'] });
    leaderMid = await person(t, 'leader.mid', { departmentId: mid, roles: ['leadership'] });
    head = await person(t, 'head.mid', { departmentId: mid, roles: ['dept_head'] });
    finance = await person(t, 'fin.one', { departmentId: other });
  });
  afterAll(() => t.close());

  const roles = async (a: Agent = sec) => json<OrganisationRoles>(await a.get('/api/organisation/roles'));
  const dept = async (id: string) => (await roles()).departments.find((d) => d.id === id)!;
  const role = async (code: string) => (await roles()).functionalRoles.find((r) => r.code === code)!;
  const userVersion = async (id: string) => json<User>(await sys.get(`/api/users/${id}`)).version;

  it('seeds the four built-in functional roles, which everyone signed in reads with who holds them', async () => {
    for (const a of [sys, sec, aud, emp]) {
      const r = await roles(a);
      expect(r.functionalRoles.map((f) => f.code).sort()).toEqual(BUILT_IN);
      expect(r.functionalRoles.every((f) => f.builtIn)).toBe(true);
    }
    expect(await role('finance_supervisor')).toMatchObject({
      nameZh: '财务主管',
      nameEn: 'Finance supervisor',
      version: 1,
      members: [],
    });
    expect((await functionalRoles(t.ctx.db)).map((f) => f.code).sort()).toEqual(BUILT_IN);
    expect(await functionalRoles(t.ctx.db)).toContainEqual({
      code: 'it_head',
      nameZh: '信息化负责人',
      nameEn: 'IT head',
      builtIn: true,
    });
    // Not signed in: 401, nothing recorded.
    const h = await t.auditHead();
    await expectRefusedQuietly(t, h, await t.agent().get('/api/organisation/roles'), 401, 'unauthenticated');
  });

  it("shows each department's heads (the dept_head business role there), read-only", async () => {
    const m = await dept(mid);
    expect(m.heads.map((p) => p.username)).toEqual(['head.mid']);
    expect(m.leaderInCharge).toBeNull();
    expect((await dept(top)).heads).toEqual([]);
  });

  it('the security administrator sets leaders in charge; a department without one answers with its nearest ancestor’s', async () => {
    expect(await leaderInChargeOf(t.ctx.db, leaf)).toBeNull();
    let h = await t.auditHead();
    const topV = (await dept(top)).version;
    const set = json<{ leaderInCharge: { id: string } | null; version: number }>(
      await sec.put(`/api/departments/${top}/leader-in-charge`, { version: topV, userId: leaderTop.userId }),
    );
    expect(set.leaderInCharge?.id).toBe(leaderTop.userId);
    expect(set.version).toBe(topV + 1);
    const ev = await auditRowsAfter(t, h);
    expect(ev.map((e) => [e.action, e.actor_name, e.target_id, e.result])).toEqual([
      ['organisation.leader_in_charge_set', 'secadmin', top, 'success'],
    ]);
    expect(JSON.parse(ev[0]!.details)).toMatchObject({ from: null, to: leaderTop.userId, toUsername: 'leader.top' });

    // The sub-departments inherit until they have their own.
    expect(await leaderInChargeOf(t.ctx.db, top)).toBe(leaderTop.userId);
    expect(await leaderInChargeOf(t.ctx.db, leaf)).toBe(leaderTop.userId);
    expect(await leaderInChargeOf(t.ctx.db, other)).toBeNull();
    const midV = (await dept(mid)).version;
    await sec.put(`/api/departments/${mid}/leader-in-charge`, { version: midV, userId: leaderMid.userId });
    expect(await leaderInChargeOf(t.ctx.db, leaf)).toBe(leaderMid.userId);
    expect(await organisationRoleHolders(t.ctx.db, { kind: 'leader_in_charge', departmentId: leaf })).toEqual([
      leaderMid.userId,
    ]);
    expect(
      await holdsOrganisationRole(t.ctx.db, leaderTop.userId, { kind: 'leader_in_charge', departmentId: leaf }),
    ).toBe(false);
    // Shown to everyone, the leader set on the department itself (not the inherited one).
    const seen = (await roles(emp)).departments;
    expect(seen.find((d) => d.id === mid)?.leaderInCharge?.username).toBe('leader.mid');
    expect(seen.find((d) => d.id === leaf)?.leaderInCharge).toBeNull();
    // Inside a transaction too (the engine reads through its own).
    expect(await t.ctx.db.transaction().execute((trx) => leaderInChargeOf(trx, leaf))).toBe(leaderMid.userId);

    // Cleared again: the ancestor answers.
    h = await t.auditHead();
    await sec.put(`/api/departments/${mid}/leader-in-charge`, { version: midV + 1, userId: null });
    expect(await leaderInChargeOf(t.ctx.db, leaf)).toBe(leaderTop.userId);
    expect((await auditRowsAfter(t, h)).map((e) => JSON.parse(e.details) as unknown)).toEqual([
      expect.objectContaining({ from: leaderMid.userId, to: null }),
    ]);
  });

  it('a stale department version is refused (409) and changes nothing; the sysadmin’s edits of the department count', async () => {
    const d = await dept(other);
    // The system administrator renames the department meanwhile.
    json(await sys.patch(`/api/departments/${other}`, { version: d.version, name: '财务中心' }));
    const h = await t.auditHead();
    await expectRefusedQuietly(
      t,
      h,
      await sec.put(`/api/departments/${other}/leader-in-charge`, { version: d.version, userId: finance.userId }),
      409,
      'stale_version',
    );
    expect((await dept(other)).leaderInCharge).toBeNull();
  });

  it('sets the general manager (a setting: version 0 at first); a stale version is refused', async () => {
    expect(await generalManagerOf(t.ctx.db)).toBeNull();
    expect((await roles(emp)).generalManager).toBeNull();
    expect((await roles()).generalManagerVersion).toBe(0);
    const h = await t.auditHead();
    const r = json<{ generalManager: { username: string } | null; version: number }>(
      await sec.put('/api/organisation/general-manager', { version: 0, userId: leaderTop.userId }),
    );
    expect(r).toMatchObject({ generalManager: { username: 'leader.top' }, version: 1 });
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.target_type, e.target_id])).toEqual([
      ['organisation.general_manager_set', 'settings', 'general_manager'],
    ]);
    expect(await generalManagerOf(t.ctx.db)).toBe(leaderTop.userId);
    expect(await holdsOrganisationRole(t.ctx.db, leaderTop.userId, { kind: 'general_manager' })).toBe(true);
    expect((await roles(emp)).generalManager?.username).toBe('leader.top');

    const h2 = await t.auditHead();
    await expectRefusedQuietly(
      t,
      h2,
      await sec.put('/api/organisation/general-manager', { version: 0, userId: leaderMid.userId }),
      409,
      'stale_version',
    );
    expect(await generalManagerOf(t.ctx.db)).toBe(leaderTop.userId);
  });

  it('adds, renames and deletes a functional role, and adds and removes its members, each audited', async () => {
    let h = await t.auditHead();
    const created = json<FunctionalRole>(
      await sec.post('/api/organisation/functional-roles', {
        code: 'voucher_room',
        nameZh: '凭证室管理员',
        nameEn: 'Voucher room keeper',
      }),
      201,
    );
    expect(created).toEqual({
      code: 'voucher_room',
      nameZh: '凭证室管理员',
      nameEn: 'Voucher room keeper',
      builtIn: false,
      version: 1,
      members: [],
    });
    const renamed = json<FunctionalRole>(
      await sec.patch('/api/organisation/functional-roles/voucher_room', { version: 1, nameEn: 'Voucher keeper' }),
    );
    expect(renamed).toMatchObject({ nameZh: '凭证室管理员', nameEn: 'Voucher keeper', version: 2 });
    const added = json<FunctionalRole>(
      await sec.post('/api/organisation/functional-roles/voucher_room/members', { version: 2, userId: finance.userId }),
    );
    expect(added.version).toBe(3);
    expect(added.members.map((m) => [m.username, m.status])).toEqual([['fin.one', 'active']]);
    expect(await functionalRoleHolders(t.ctx.db, 'voucher_room')).toEqual([finance.userId]);
    expect((await functionalRoles(t.ctx.db)).map((f) => f.code)).toContain('voucher_room');

    // A role with members is not deleted (409), nor is a built-in one.
    let h2 = await t.auditHead();
    const withMembers = await sec.delete('/api/organisation/functional-roles/voucher_room?version=3');
    await expectRefusedQuietly(t, h2, withMembers, 409, 'conflict');
    expect((withMembers.json() as { error: { details: { problem: string } } }).error.details.problem).toBe(
      'role_has_members',
    );
    const fin = await role('finance_supervisor');
    h2 = await t.auditHead();
    const builtIn = await sec.delete(`/api/organisation/functional-roles/finance_supervisor?version=${fin.version}`);
    await expectRefusedQuietly(t, h2, builtIn, 409, 'conflict');
    expect((builtIn.json() as { error: { details: { problem: string } } }).error.details.problem).toBe('built_in_role');
    // A built-in role may be renamed.
    json(
      await sec.patch('/api/organisation/functional-roles/finance_supervisor', {
        version: fin.version,
        nameZh: '财务主管（会计机构负责人）',
      }),
    );

    const removed = json<FunctionalRole>(
      await sec.delete(`/api/organisation/functional-roles/voucher_room/members/${finance.userId}?version=3`),
    );
    expect(removed).toMatchObject({ version: 4, members: [] });
    json(await sec.delete('/api/organisation/functional-roles/voucher_room?version=4'));
    expect((await roles()).functionalRoles.map((f) => f.code)).not.toContain('voucher_room');
    expect((await auditRowsAfter(t, h)).filter((e) => e.result === 'success').map((e) => e.action)).toEqual([
      'organisation.functional_role_create',
      'organisation.functional_role_update',
      'organisation.functional_role_member_add',
      'organisation.functional_role_update',
      'organisation.functional_role_member_remove',
      'organisation.functional_role_delete',
    ]);
    h = await t.auditHead();
    // Gone: 404.
    expectError(await sec.delete('/api/organisation/functional-roles/voucher_room?version=5'), 404, 'not_found');
  });

  it('refuses a stale role version (409), a duplicate code (409), and a person twice', async () => {
    const it0 = await role('it_head');
    json(
      await sec.post('/api/organisation/functional-roles/it_head/members', {
        version: it0.version,
        userId: emp.userId,
      }),
    );
    const h = await t.auditHead();
    await expectRefusedQuietly(
      t,
      h,
      await sec.post('/api/organisation/functional-roles/it_head/members', {
        version: it0.version,
        userId: head.userId,
      }),
      409,
      'stale_version',
    );
    const again = await sec.post('/api/organisation/functional-roles/it_head/members', {
      version: it0.version + 1,
      userId: emp.userId,
    });
    await expectRefusedQuietly(t, h, again, 409, 'conflict');
    await expectRefusedQuietly(
      t,
      h,
      await sec.post('/api/organisation/functional-roles', { code: 'it_head', nameZh: '重复', nameEn: 'Twice' }),
      409,
      'conflict',
    );
    expect(await functionalRoleHolders(t.ctx.db, 'it_head')).toEqual([emp.userId]);
  });

  it('refuses everyone but the security administrator (403, audited as denied)', async () => {
    const d = await dept(other);
    const fin = await role('finance_supervisor');
    for (const [a, name] of [
      [sys, 'sysadmin'],
      [aud, 'auditor'],
      [emp, 'staff.one'],
      [leaderTop, 'leader.top'],
    ] as const) {
      let h = await t.auditHead();
      await expectDenied(
        t,
        h,
        await a.put(`/api/departments/${other}/leader-in-charge`, { version: d.version, userId: finance.userId }),
        { action: 'organisation.leader_in_charge_set', actorName: name, targetId: other },
      );
      h = await t.auditHead();
      await expectDenied(
        t,
        h,
        await a.post('/api/organisation/functional-roles/finance_supervisor/members', {
          version: fin.version,
          userId: finance.userId,
        }),
        { action: 'organisation.functional_role_member_add', actorName: name, targetId: 'finance_supervisor' },
      );
      h = await t.auditHead();
      await expectDenied(t, h, await a.put('/api/organisation/general-manager', { version: 1, userId: null }), {
        action: 'organisation.general_manager_set',
        actorName: name,
      });
      h = await t.auditHead();
      await expectDenied(
        t,
        h,
        await a.post('/api/organisation/functional-roles', { code: 'x_role', nameZh: '某', nameEn: 'X' }),
        { action: 'organisation.functional_role_create', actorName: name },
      );
    }
    expect((await dept(other)).leaderInCharge).toBeNull();
    expect((await role('finance_supervisor')).members).toEqual([]);
  });

  it('gives no role to the security administrator itself nor to an admin account (403, audited)', async () => {
    const fin = await role('finance_supervisor');
    const secId = await meId(sec);
    const audId = await meId(aud);
    let h = await t.auditHead();
    const self = await expectDenied(
      t,
      h,
      await sec.post('/api/organisation/functional-roles/finance_supervisor/members', {
        version: fin.version,
        userId: secId,
      }),
      { action: 'organisation.functional_role_member_add', actorName: 'secadmin', targetId: 'finance_supervisor' },
    );
    expect(JSON.parse(self.details)).toMatchObject({ userId: secId, reason: 'self' });
    h = await t.auditHead();
    await expectDenied(t, h, await sec.put('/api/organisation/general-manager', { version: 1, userId: audId }), {
      action: 'organisation.general_manager_set',
      actorName: 'secadmin',
      reason: 'admin_account',
    });
  });

  it('refuses bad input (400): unknown fields, malformed codes and ids, unknown people', async () => {
    const fin = await role('finance_supervisor');
    const d = await dept(other);
    const h = await t.auditHead();
    for (const [method, url, body] of [
      ['put', `/api/departments/${other}/leader-in-charge`, { version: d.version, userId: finance.userId, extra: 1 }],
      ['put', `/api/departments/${other}/leader-in-charge`, { version: d.version }],
      ['put', `/api/departments/${other}/leader-in-charge`, { version: d.version, userId: 'not-a-uuid' }],
      ['put', '/api/organisation/general-manager', { version: -1, userId: null }],
      ['post', '/api/organisation/functional-roles', { code: 'Bad-Code', nameZh: '坏', nameEn: 'Bad' }],
      ['post', '/api/organisation/functional-roles', { code: 'x', nameZh: '短', nameEn: 'Short' }],
      ['post', '/api/organisation/functional-roles', { code: 'ok_code', nameZh: ' ', nameEn: 'Blank' }],
      ['post', '/api/organisation/functional-roles', { code: 'ok_code', nameZh: '名', nameEn: 'N', builtIn: true }],
      ['patch', '/api/organisation/functional-roles/finance_supervisor', { version: fin.version, code: 'other' }],
      ['post', '/api/organisation/functional-roles/finance_supervisor/members', { version: fin.version, userId: 'x' }],
    ] as const) {
      expectError(await sec.request(method.toUpperCase(), url, body), 400, 'validation_failed');
    }
    expectError(
      await sec.delete('/api/organisation/functional-roles/finance_supervisor?version=abc'),
      400,
      'validation_failed',
    );
    expectError(await sec.get('/api/organisation/functional-roles/BAD/members'), 404, 'not_found');
    expect(await t.auditHead()).toBe(h);
    // A person who does not exist.
    expectError(
      await sec.post('/api/organisation/functional-roles/finance_supervisor/members', {
        version: fin.version,
        userId: randomId(),
      }),
      400,
      'validation_failed',
    );
    expectError(
      await sec.put(`/api/departments/${randomId()}/leader-in-charge`, { version: 1, userId: null }),
      404,
      'not_found',
    );
  });

  it('gives roles to active people only (409 person_not_active); a disabled leader is skipped by the reads', async () => {
    const off = await person(t, 'off.duty', { departmentId: other });
    json(await sys.post(`/api/users/${off.userId}/disable`, { version: await userVersion(off.userId) }));
    const fin = await role('finance_supervisor');
    const h = await t.auditHead();
    const r = await sec.post('/api/organisation/functional-roles/finance_supervisor/members', {
      version: fin.version,
      userId: off.userId,
    });
    await expectRefusedQuietly(t, h, r, 409, 'conflict');
    expect((r.json() as { error: { details: { problem: string } } }).error.details.problem).toBe('person_not_active');
    await expectRefusedQuietly(
      t,
      h,
      await sec.put(`/api/departments/${other}/leader-in-charge`, {
        version: (await dept(other)).version,
        userId: off.userId,
      }),
      409,
      'conflict',
    );

    // Someone disabled after being made leader in charge: the ancestor's leader answers meanwhile.
    const lead = await person(t, 'lead.leaf', { departmentId: leaf });
    json(
      await sec.put(`/api/departments/${leaf}/leader-in-charge`, {
        version: (await dept(leaf)).version,
        userId: lead.userId,
      }),
    );
    expect(await leaderInChargeOf(t.ctx.db, leaf)).toBe(lead.userId);
    json(await sys.post(`/api/users/${lead.userId}/disable`, { version: await userVersion(lead.userId) }));
    expect(await leaderInChargeOf(t.ctx.db, leaf)).toBe(leaderTop.userId);
    json(await sys.post(`/api/users/${lead.userId}/enable`, { version: await userVersion(lead.userId) }));
    expect(await leaderInChargeOf(t.ctx.db, leaf)).toBe(lead.userId);
  });

  it('departure takes every organisation role away in its transaction, audited; a departed person is given none', async () => {
    const leaver = await person(t, 'leaver', { departmentId: other, roles: ['leadership'] });
    const keeps = await person(t, 'keeper', { departmentId: other });
    // The leaver becomes general manager, leader in charge of 财务中心, finance supervisor and archive keeper.
    const gmV = (await roles()).generalManagerVersion;
    json(await sec.put('/api/organisation/general-manager', { version: gmV, userId: leaver.userId }));
    json(
      await sec.put(`/api/departments/${other}/leader-in-charge`, {
        version: (await dept(other)).version,
        userId: leaver.userId,
      }),
    );
    for (const code of ['finance_supervisor', 'archive_keeper']) {
      json(
        await sec.post(`/api/organisation/functional-roles/${code}/members`, {
          version: (await role(code)).version,
          userId: leaver.userId,
        }),
      );
    }
    json(
      await sec.post('/api/organisation/functional-roles/archive_keeper/members', {
        version: (await role('archive_keeper')).version,
        userId: keeps.userId,
      }),
    );
    expect(await functionalRoleHolders(t.ctx.db, 'archive_keeper')).toEqual([keeps.userId, leaver.userId]);

    const h = await t.auditHead();
    json(
      await sys.post(`/api/users/${leaver.userId}/depart`, {
        version: await userVersion(leaver.userId),
        separationMonths: 6,
      }),
    );
    const ev = await auditRowsAfter(t, h);
    expect(ev.map((e) => [e.action, e.target_id, e.actor_name])).toEqual([
      ['user.depart', leaver.userId, 'sysadmin'],
      ['organisation.functional_role_member_remove', 'archive_keeper', 'sysadmin'],
      ['organisation.functional_role_member_remove', 'finance_supervisor', 'sysadmin'],
      ['organisation.leader_in_charge_set', other, 'sysadmin'],
      ['organisation.general_manager_set', 'general_manager', 'sysadmin'],
    ]);
    for (const e of ev.slice(1)) expect(JSON.parse(e.details)).toMatchObject({ reason: 'departed' });

    expect(await generalManagerOf(t.ctx.db)).toBeNull();
    expect(await leaderInChargeOf(t.ctx.db, other)).toBeNull();
    expect(await functionalRoleHolders(t.ctx.db, 'finance_supervisor')).toEqual([]);
    expect(await functionalRoleHolders(t.ctx.db, 'archive_keeper')).toEqual([keeps.userId]);
    const after = await roles();
    expect(after.generalManager).toBeNull();
    expect(after.departments.find((d) => d.id === other)?.leaderInCharge).toBeNull();
    expect(after.functionalRoles.find((f) => f.code === 'archive_keeper')?.members.map((m) => m.username)).toEqual([
      'keeper',
    ]);

    // A departed person is given no role again.
    const h2 = await t.auditHead();
    const r = await sec.put('/api/organisation/general-manager', {
      version: after.generalManagerVersion,
      userId: leaver.userId,
    });
    await expectRefusedQuietly(t, h2, r, 409, 'conflict');
    expect((r.json() as { error: { details: { problem: string } } }).error.details.problem).toBe('person_not_active');
  });
});

describe.each(DB_KINDS)('the demo organisation’s roles on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { init: false });
    await loadDemo(t.ctx);
  });
  afterAll(() => t.close());

  const idOf = async (username: string) =>
    (await t.ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const deptOf = async (name: string) =>
    (await t.ctx.db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

  it('has a general manager, leaders in charge and members for the four functional roles', async () => {
    expect(await generalManagerOf(t.ctx.db)).toBe(await idOf('wangjianguo'));
    expect(await leaderInChargeOf(t.ctx.db, await deptOf('财务部'))).toBe(await idOf('lixiuying'));
    // 会计组 and 软件部 have none of their own: their parents' leaders answer.
    expect(await leaderInChargeOf(t.ctx.db, await deptOf('会计组'))).toBe(await idOf('lixiuying'));
    expect(await leaderInChargeOf(t.ctx.db, await deptOf('软件部'))).toBe(await idOf('huangzhiqiang'));
    expect(await functionalRoleHolders(t.ctx.db, 'finance_supervisor')).toEqual([await idOf('sunli')]);
    expect(await functionalRoleHolders(t.ctx.db, 'it_head')).toEqual([await idOf('linfeng')]);
    expect(await functionalRoleHolders(t.ctx.db, 'archive_keeper')).toEqual([await idOf('zhouting')]);
    expect((await functionalRoleHolders(t.ctx.db, 'administration_office')).length).toBe(2);
    const events = await t.ctx.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'organisation.%')
      .execute();
    expect(events.length).toBe(6 + 1 + 5);
  });
});
