/**
 * The directory says only what the policy lets each reader know (`userFieldAccess`): names, departments,
 * posts and status for everyone; account state for the system administrator; clearance for the security
 * administrator and the auditor; roles and version for the three administrators; everything of one's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../helpers/api.js';
import { auditRowsAfter } from '../helpers/abuse.js';
import type { DirectoryEntry } from '../../src/contracts/directory.js';
import { SYSTEM_CONTEXT } from '../../src/server/context.js';
import { updateUserSecurity } from '../../src/server/services/user-service.js';

const DIRECTORY = ['departmentId', 'departmentName', 'displayName', 'id', 'post', 'status', 'username'];
const ACCOUNT = ['createdAt', 'email', 'locked', 'mfaEnabled', 'mustChangePassword', 'separationUntil', 'updatedAt'];
const SECURITY = ['clearanceClass', 'separationUntil'];
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
    const u = await t.ctx.db.selectFrom('users').select('version').where('id', '=', other.userId).executeTakeFirstOrThrow();
    await updateUserSecurity(t.ctx, SYSTEM_CONTEXT, other.userId, { version: u.version, clearanceClass: 'important' });
    agents = { employee: me, sysadmin: await t.admin('sysadmin'), secadmin: await t.admin('secadmin'), auditor: await t.admin('auditor') };
  });
  afterAll(() => t.close());

  const expected = {
    employee: sorted(DIRECTORY),
    sysadmin: sorted(DIRECTORY, ACCOUNT, ROLES),
    secadmin: sorted(DIRECTORY, SECURITY, ROLES),
    auditor: sorted(DIRECTORY, SECURITY, ROLES),
  } as const;

  it.each(['employee', 'sysadmin', 'secadmin', 'auditor'] as const)('%s reads another person with exactly its fields (list and one)', async (role) => {
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
  });

  it('an employee sees none of the administrators\' roles, clearance or account state in the whole directory', async () => {
    const r = await me.get('/api/users?pageSize=100');
    const items = (r.json() as { items: DirectoryEntry[] }).items;
    expect(items.length).toBeGreaterThanOrEqual(5);
    for (const u of items) {
      const keys = Object.keys(u).sort();
      expect(keys, u.username).toEqual(u.id === me.userId ? sorted(DIRECTORY, ACCOUNT, SECURITY, ROLES) : sorted(DIRECTORY));
    }
  });

  it('a person reads all of their own entry', async () => {
    const r = await me.get(`/api/users/${me.userId}`);
    expect(Object.keys(r.json() as object).sort()).toEqual(sorted(DIRECTORY, ACCOUNT, SECURITY, ROLES));
    const m = (await me.get('/api/auth/me')).json() as { user: Record<string, unknown> };
    expect(m.user).toMatchObject({ clearanceClass: null, adminRole: null, mfaEnabled: false, businessRoles: ['employee'] });
  });

  it('a person who is no longer active reads nothing (403, audited)', async () => {
    const gone = await t.employee('fields.gone');
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', gone.userId).execute();
    // The disabled account's session is ended at once; the policy refuses even if a context still held it.
    expect((await gone.get('/api/users')).statusCode).toBe(401);
    const h = await t.auditHead();
    const { listUsers } = await import('../../src/server/services/user-service.js');
    const actor = { id: gone.userId, username: 'fields.gone', displayName: 'x', departmentId: null, clearanceClass: null, status: 'disabled' as const, separationUntil: null, adminRole: null, businessRoles: ['employee' as const] };
    await expect(listUsers(t.ctx, { actor, ip: null, requestId: 'r' }, { page: 1, pageSize: 10, sort: 'username', order: 'asc' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([['user.view', 'denied']]);
  });
});
