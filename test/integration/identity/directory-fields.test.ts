/**
 * The directory says only what the policy lets each reader know (`userFieldAccess`): names, departments,
 * posts and status for everyone; account state for the system administrator; clearance for the security
 * administrator and the auditor; roles and version for the three administrators; everything of one's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError } from '../../helpers/abuse.js';
import { person, type Person } from '../../helpers/people.js';
import type { DirectoryEntry } from '../../../src/modules/identity/contracts/directory.js';
import { SYSTEM_CONTEXT } from '../../../src/platform/context.js';
import { updateUserSecurity } from '../../../src/modules/identity/services/user-service.js';

// `abilities`: what the reader may do to that account (all false for most readers), on every entry.
const DIRECTORY = ['abilities', 'departmentId', 'departmentName', 'displayName', 'id', 'post', 'status', 'username'];
const ACCOUNT = [
  'computerUser',
  'createdAt',
  'email',
  'hiredOn',
  'locked',
  'mfaEnabled',
  'mustChangePassword',
  'separationUntil',
  'updatedAt',
];
// The start date and computer use: kept by the account administrator, read by the security office's training.
const SECURITY = ['clearanceClass', 'computerUser', 'hiredOn', 'separationUntil'];
const ROLES = ['adminRole', 'businessRoles', 'version'];
const sorted = (...groups: string[][]) => [...new Set(groups.flat())].sort();

describe.each(DB_KINDS)('directory fields follow the policy on %s', (kind) => {
  let t: TestApp;
  let agents: Record<'employee' | 'sysadmin' | 'secadmin' | 'auditor', Agent>;
  let other: Agent & { userId: string };
  let me: Agent & { userId: string };

  beforeAll(async () => {
    t = await startTestApp(kind);
    me = await t.employee('fields.me');
    other = await t.employee('fields.other');
    const u = await t.ctx.db
      .selectFrom('users')
      .select('version')
      .where('id', '=', other.userId)
      .executeTakeFirstOrThrow();
    await updateUserSecurity(t.ctx, SYSTEM_CONTEXT, other.userId, { version: u.version, clearanceClass: 'important' });
    agents = {
      employee: me,
      sysadmin: await t.admin('sysadmin'),
      secadmin: await t.admin('secadmin'),
      auditor: await t.admin('auditor'),
    };
  });
  afterAll(() => t.close());

  const expected = {
    employee: sorted(DIRECTORY),
    sysadmin: sorted(DIRECTORY, ACCOUNT, ROLES),
    secadmin: sorted(DIRECTORY, SECURITY, ROLES),
    auditor: sorted(DIRECTORY, SECURITY, ROLES),
  } as const;

  it.each(['employee', 'sysadmin', 'secadmin', 'auditor'] as const)(
    '%s reads another person with exactly its fields (list and one)',
    async (role) => {
      const a = agents[role];
      const one = await a.get(`/api/users/${other.userId}`);
      expect(one.statusCode, one.body).toBe(200);
      expect(Object.keys(one.json() as object).sort()).toEqual(expected[role]);
      const list = await a.get('/api/users?q=fields.other');
      expect(list.statusCode, list.body).toBe(200);
      const items = (list.json() as { items: DirectoryEntry[] }).items;
      expect(items).toHaveLength(1);
      expect(Object.keys(items[0]!).sort()).toEqual(expected[role]);
      if (role === 'employee') expect(one.body).not.toContain('important');
    },
  );

  it("an employee sees none of the administrators' roles, clearance or account state in the whole directory", async () => {
    const r = await me.get('/api/users?pageSize=100');
    const items = (r.json() as { items: DirectoryEntry[] }).items;
    expect(items.length).toBeGreaterThanOrEqual(5);
    for (const u of items) {
      const keys = Object.keys(u).sort();
      expect(keys, u.username).toEqual(
        u.id === me.userId ? sorted(DIRECTORY, ACCOUNT, SECURITY, ROLES) : sorted(DIRECTORY),
      );
    }
  });

  it('only the system administrator sorts people by when their account was made (403, audited)', async () => {
    expect((await agents.sysadmin.get('/api/users?sort=createdAt')).statusCode).toBe(200);
    const h = await t.auditHead();
    expectError(await me.get('/api/users?sort=createdAt'), 403, 'forbidden');
    expectError(await agents.secadmin.get('/api/users?sort=createdAt&order=desc'), 403, 'forbidden');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
      ['user.view', 'denied'],
      ['user.view', 'denied'],
    ]);
  });

  it('a person reads all of their own entry', async () => {
    const r = await me.get(`/api/users/${me.userId}`);
    expect(Object.keys(r.json() as object).sort()).toEqual(sorted(DIRECTORY, ACCOUNT, SECURITY, ROLES));
    const m = (await me.get('/api/auth/me')).json() as { user: Record<string, unknown> };
    expect(m.user).toMatchObject({
      clearanceClass: null,
      adminRole: null,
      mfaEnabled: false,
      businessRoles: ['employee'],
    });
  });

  it('a person who is no longer active reads nothing (403, audited)', async () => {
    const gone = await t.employee('fields.gone');
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', gone.userId).execute();
    // The disabled account's session is ended at once; the policy refuses even if a context still held it.
    expect((await gone.get('/api/users')).statusCode).toBe(401);
    const h = await t.auditHead();
    const { listUsers } = await import('../../../src/modules/identity/services/user-service.js');
    const actor = {
      id: gone.userId,
      username: 'fields.gone',
      displayName: 'x',
      departmentId: null,
      clearanceClass: null,
      status: 'disabled' as const,
      separationUntil: null,
      adminRole: null,
      businessRoles: ['employee' as const],
    };
    await expect(
      listUsers(t.ctx, { actor, ip: null, requestId: 'r' }, { page: 1, pageSize: 10, sort: 'username', order: 'asc' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([['user.view', 'denied']]);
  });
});

describe.each(DB_KINDS)('pickers ask the server who is eligible, by name only, on %s', (kind) => {
  let t: TestApp;
  let sec: Agent;
  let emp: Person;
  let sys: Agent;

  beforeAll(async () => {
    t = await startTestApp(kind);
    sec = await t.admin('secadmin');
    sys = await t.admin('sysadmin');
    emp = await person(t, 'elig.proposer', { clearance: 'important', roles: ['dept_officer'] });
    await person(t, 'elig.core', { clearance: 'core' });
    await person(t, 'elig.important', { clearance: 'important' });
    await person(t, 'elig.general', { clearance: 'general' });
    await person(t, 'elig.none');
    const gone = await person(t, 'elig.gone', { clearance: 'core' });
    await t.ctx.db.updateTable('users').set({ status: 'departed' }).where('id', '=', gone.userId).execute();
  });
  afterAll(() => t.close());

  const names = (r: { json(): unknown }) =>
    (r.json() as { items: { username: string }[] }).items
      .map((i) => i.username)
      .filter((u) => u.startsWith('elig.'))
      .sort();

  it.each([
    ['top_secret', ['elig.core']],
    ['secret', ['elig.core', 'elig.important', 'elig.proposer']],
    ['confidential', ['elig.core', 'elig.general', 'elig.important', 'elig.proposer']],
    ['internal', ['elig.core', 'elig.general', 'elig.important', 'elig.none', 'elig.proposer']],
  ])('custodians for %s: active people cleared for it', async (level, expected) => {
    const r = await sec.get(`/api/users/eligible?for=custodian&level=${level}&q=elig.`);
    expect(r.statusCode, r.body).toBe(200);
    expect(names(r)).toEqual(expected);
    // Names only: nothing about clearance, roles or the account.
    for (const item of (r.json() as { items: object[] }).items)
      expect(Object.keys(item).sort()).toEqual(['departmentName', 'displayName', 'id', 'username']);
  });

  it('a proposer may ask only about levels they may propose at (their own clearance), or it would reveal clearances', async () => {
    const r = await emp.get('/api/users/eligible?for=custodian&level=secret&q=elig.');
    expect(r.statusCode, r.body).toBe(200);
    expect(names(r)).toEqual(['elig.core', 'elig.important', 'elig.proposer']);
    const h = await t.auditHead();
    expectError(await emp.get('/api/users/eligible?for=custodian&level=top_secret'), 403, 'forbidden');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([['user.view', 'denied']]);
  });

  it('classification authorities: active, not the system administrator or auditor, holding none yet', async () => {
    const r = await sec.get('/api/users/eligible?for=classifier');
    const all = (r.json() as { items: { username: string }[] }).items.map((i) => i.username);
    expect(all).not.toContain('sysadmin');
    expect(all).not.toContain('auditor');
    expect(all).not.toContain('elig.gone');
    expect(all).toContain('elig.none');
  });

  it('refuses who may not ask (403, audited) and a custodian query without a level (400)', async () => {
    const plain = await person(t, 'plain.asker');
    const h = await t.auditHead();
    expectError(await plain.get('/api/users/eligible?for=custodian&level=secret'), 403, 'forbidden');
    expectError(await sys.get('/api/users/eligible?for=custodian&level=secret'), 403, 'forbidden');
    expectError(await emp.get('/api/users/eligible?for=classifier'), 403, 'forbidden');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
      ['user.view', 'denied'],
      ['user.view', 'denied'],
      ['user.view', 'denied'],
    ]);
    expectError(await emp.get('/api/users/eligible?for=custodian'), 400, 'validation_failed');
    expectError(await emp.get('/api/users/eligible?for=everyone'), 400, 'validation_failed');
  });
});
