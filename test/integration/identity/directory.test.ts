import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, expectOk, startTestApp, STRONG_PASSWORD, type Agent, type TestApp } from '../../helpers/api.js';
import {
  auditRowsAfter,
  countRows,
  expectDenied,
  expectError,
  expectRefusedQuietly,
  meId,
  randomId,
} from '../../helpers/abuse.js';
import type { Department, User } from '../../../src/modules/identity/contracts/directory.js';

describe.each(DB_KINDS)('directory on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let sec: Agent;
  let aud: Agent;
  let ids: { sys: string; sec: string; aud: string };

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
    sec = await t.admin('secadmin');
    aud = await t.admin('auditor');
    ids = { sys: await meId(sys), sec: await meId(sec), aud: await meId(aud) };
  });
  afterAll(() => t.close());

  async function dept(
    name: string,
    parentId: string | null = t.rootDepartmentId,
    extra: Record<string, unknown> = {},
  ): Promise<Department> {
    const r = await sys.post('/api/departments', { name, parentId, ...extra });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as Department;
  }
  async function getDept(id: string): Promise<Department | undefined> {
    const r = await sys.get('/api/departments');
    return (r.json() as { items: Department[] }).items.find((d) => d.id === id);
  }
  async function user(
    username: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ user: User; oneTimePassword: string }> {
    const r = await sys.post('/api/users', {
      username,
      displayName: username,
      departmentId: t.rootDepartmentId,
      ...extra,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { user: User; oneTimePassword: string };
  }
  /**
   * The whole stored entry, as the two administrators who together read every field see it: the system
   * administrator its account state, the security administrator its clearance and admin role.
   */
  async function getUser(id: string): Promise<User> {
    const [a, b] = await Promise.all([sys.get(`/api/users/${id}`), sec.get(`/api/users/${id}`)]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    return { ...(a.json() as User), ...(b.json() as User) };
  }

  describe('departments', () => {
    it('creates a tree, renames and moves departments, each change audited', async () => {
      const before = await t.auditHead();
      const a = await dept('Alpha', t.rootDepartmentId, { code: 'ALPHA', sortOrder: 5 });
      expect(a).toMatchObject({ name: 'Alpha', parentId: t.rootDepartmentId, code: 'ALPHA', sortOrder: 5, version: 1 });
      const b = await dept('Beta', a.id);
      const c = await dept('Gamma', b.id);
      expect((await auditRowsAfter(t, before)).map((e) => [e.action, e.target_id, e.result])).toEqual([
        ['department.create', a.id, 'success'],
        ['department.create', b.id, 'success'],
        ['department.create', c.id, 'success'],
      ]);

      const list = (await sys.get('/api/departments')).json() as { items: Department[] };
      expect(list.items.find((d) => d.id === c.id)?.parentId).toBe(b.id);

      // Rename.
      let h = await t.auditHead();
      const renamed = await sys.patch(`/api/departments/${a.id}`, { version: 1, name: 'Alpha Prime' });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({ id: a.id, name: 'Alpha Prime', version: 2, parentId: t.rootDepartmentId });
      const ev = await auditRowsAfter(t, h);
      expect(ev).toHaveLength(1);
      expect(ev[0]).toMatchObject({ action: 'department.update', target_id: a.id, actor_name: 'sysadmin' });
      expect(JSON.parse(ev[0]!.details)).toEqual({ changed: { name: { from: 'Alpha', to: 'Alpha Prime' } } });

      // Move Gamma up from under Beta to directly under Alpha.
      h = await t.auditHead();
      const moved = await sys.patch(`/api/departments/${c.id}`, { version: 1, parentId: a.id });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ parentId: a.id, version: 2 });
      expect(await t.auditHead()).toBe(h + 1);
      // Move to the top level (no parent) and back.
      await expectOk(await sys.patch(`/api/departments/${c.id}`, { version: 2, parentId: null }));
      expect((await getDept(c.id))?.parentId).toBeNull();
      await expectOk(await sys.patch(`/api/departments/${c.id}`, { version: 3, parentId: b.id }));
      expect((await getDept(c.id))?.parentId).toBe(b.id);
    });

    it('moving a department tells the security administrator (the need-to-know of its people moves with it); renaming does not', async () => {
      const moved = async () =>
        (
          (await sec.get('/api/notifications?pageSize=100')).json() as { items: { title: string; body: string }[] }
        ).items
          .filter((i) => i.title === 'notify.departmentMoved')
          .map((i) => JSON.parse(i.body));
      const before = (await moved()).length;
      const a = await dept('Move-A');
      const b = await dept('Move-B');
      expect((await sys.patch(`/api/departments/${b.id}`, { version: b.version, name: 'Move-B2' })).statusCode).toBe(
        200,
      );
      expect(await moved()).toHaveLength(before);
      expect((await sys.patch(`/api/departments/${b.id}`, { version: b.version + 1, parentId: a.id })).statusCode).toBe(
        200,
      );
      expect((await moved()).filter((n) => n.name === 'Move-B2')).toEqual([{ name: 'Move-B2' }]);
      expect(await moved()).toHaveLength(before + 1);
    });

    it('refuses to move a department under itself or its own descendants (409 conflict), changing nothing', async () => {
      const top = await dept('Cyc-Top');
      const mid = await dept('Cyc-Mid', top.id);
      const leaf = await dept('Cyc-Leaf', mid.id);
      for (const target of [top.id, mid.id, leaf.id]) {
        const h = await t.auditHead();
        const r = await sys.patch(`/api/departments/${top.id}`, { version: 1, parentId: target });
        await expectRefusedQuietly(t, h, r, 409, 'conflict');
      }
      // Mid under its own child, too.
      const h = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h,
        await sys.patch(`/api/departments/${mid.id}`, { version: 1, parentId: leaf.id }),
        409,
        'conflict',
      );
      expect(await getDept(top.id)).toMatchObject({ parentId: t.rootDepartmentId, version: 1 });
      expect(await getDept(mid.id)).toMatchObject({ parentId: top.id, version: 1 });
    });

    it('refuses a parent that does not exist and a duplicate code', async () => {
      const n = await countRows(t, 'departments');
      let h = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h,
        await sys.post('/api/departments', { name: 'Orphan', parentId: randomId() }),
        400,
        'validation_failed',
      );
      await dept('Coded', t.rootDepartmentId, { code: 'DUP-1' });
      h = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h,
        await sys.post('/api/departments', { name: 'Coded again', parentId: null, code: 'DUP-1' }),
        409,
        'conflict',
      );
      expect(await countRows(t, 'departments')).toBe(n + 1);
    });

    it('refuses to delete a department with sub-departments or members (409), deletes an empty one', async () => {
      const parent = await dept('Del-Parent');
      const child = await dept('Del-Child', parent.id);
      const withPeople = await dept('Del-People');
      const member = await user('del.member', { departmentId: withPeople.id });
      expect(member.user.departmentId).toBe(withPeople.id);

      let h = await t.auditHead();
      await expectRefusedQuietly(t, h, await sys.delete(`/api/departments/${parent.id}?version=1`), 409, 'conflict');
      await expectRefusedQuietly(
        t,
        h,
        await sys.delete(`/api/departments/${withPeople.id}?version=1`),
        409,
        'conflict',
      );
      // Stale version on delete.
      await expectRefusedQuietly(
        t,
        h,
        await sys.delete(`/api/departments/${child.id}?version=7`),
        409,
        'stale_version',
      );
      // Missing version is a validation error.
      await expectRefusedQuietly(t, h, await sys.delete(`/api/departments/${child.id}`), 400, 'validation_failed');
      expect(await getDept(parent.id)).toBeDefined();
      expect(await getDept(withPeople.id)).toBeDefined();

      h = await t.auditHead();
      expect((await sys.delete(`/api/departments/${child.id}?version=1`)).json()).toEqual({ ok: true });
      expect(await getDept(child.id)).toBeUndefined();
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => [e.action, e.target_id])).toEqual([['department.delete', child.id]]);
      // Now the parent is empty and can go.
      await expectOk(await sys.delete(`/api/departments/${parent.id}?version=1`));
      expect(await getDept(parent.id)).toBeUndefined();
    });

    it('refuses a stale version (409 stale_version) and changes nothing', async () => {
      const d = await dept('Stale');
      await expectOk(await sys.patch(`/api/departments/${d.id}`, { version: 1, name: 'Stale v2' }));
      const h = await t.auditHead();
      const r = await sys.patch(`/api/departments/${d.id}`, { version: 1, name: 'Lost update' });
      await expectRefusedQuietly(t, h, r, 409, 'stale_version');
      expect(await getDept(d.id)).toMatchObject({ name: 'Stale v2', version: 2 });
    });

    it('two concurrent PATCHes with the same version: exactly one wins', async () => {
      const d = await dept('Race');
      const h = await t.auditHead();
      const [r1, r2] = await Promise.all([
        sys.patch(`/api/departments/${d.id}`, { version: 1, name: 'Race-one' }),
        sys.patch(`/api/departments/${d.id}`, { version: 1, name: 'Race-two' }),
      ]);
      const statuses = [r1.statusCode, r2.statusCode].sort();
      expect(statuses).toEqual([200, 409]);
      const winner = r1.statusCode === 200 ? r1 : r2;
      const loser = r1.statusCode === 200 ? r2 : r1;
      expect(errorCode(loser)).toBe('stale_version');
      const winnerName = (winner.json() as Department).name;
      expect(await getDept(d.id)).toMatchObject({ name: winnerName, version: 2 });
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => [e.action, e.target_id])).toEqual([['department.update', d.id]]);
    });
  });

  describe('users', () => {
    it('GET /api/roles lists the 7 roles with member counts', async () => {
      const r = await sys.get('/api/roles');
      expect(r.statusCode).toBe(200);
      const items = (
        r.json() as { items: { code: string; kind: string; memberCount: number; permissions: string[] }[] }
      ).items;
      expect(items.map((i) => [i.code, i.kind])).toEqual([
        ['sysadmin', 'admin'],
        ['secadmin', 'admin'],
        ['auditor', 'admin'],
        ['employee', 'business'],
        ['dept_officer', 'business'],
        ['dept_head', 'business'],
        ['leadership', 'business'],
      ]);
      // Counts from the database: active accounts only.
      const rows = await t.ctx.db
        .selectFrom('users')
        .select(['admin_role', 'business_roles'])
        .where('status', '=', 'active')
        .execute();
      const expected = new Map<string, number>();
      for (const u of rows) {
        if (u.admin_role) expected.set(u.admin_role, (expected.get(u.admin_role) ?? 0) + 1);
        for (const b of JSON.parse(u.business_roles) as string[]) expected.set(b, (expected.get(b) ?? 0) + 1);
      }
      for (const i of items) expect([i.code, i.memberCount]).toEqual([i.code, expected.get(i.code) ?? 0]);
      expect(items.find((i) => i.code === 'auditor')!.memberCount).toBe(1);
      expect(items.find((i) => i.code === 'auditor')!.permissions).toContain('audit.review_admins');

      // A new dept_head shows up in the count.
      const headsBefore = items.find((i) => i.code === 'dept_head')!.memberCount;
      await user('roles.head', { businessRoles: ['dept_head'] });
      const after = (await sys.get('/api/roles')).json() as { items: { code: string; memberCount: number }[] };
      expect(after.items.find((i) => i.code === 'dept_head')!.memberCount).toBe(headsBefore + 1);
    });

    it('creates a user (201 + one-time password, audited) and refuses a duplicate username (409)', async () => {
      const h = await t.auditHead();
      const r = await sys.post('/api/users', {
        username: 'alice',
        displayName: 'Alice',
        departmentId: t.rootDepartmentId,
        email: 'alice@example.org',
        post: 'Clerk',
      });
      expect(r.statusCode, r.body).toBe(201);
      const body = r.json() as { user: User; oneTimePassword: string };
      expect(body.oneTimePassword.length).toBeGreaterThanOrEqual(10);
      expect(body.user).toMatchObject({
        username: 'alice',
        displayName: 'Alice',
        email: 'alice@example.org',
        post: 'Clerk',
        status: 'active',
        adminRole: null,
        businessRoles: ['employee'],
        mustChangePassword: true,
        version: 1,
      });
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => [e.action, e.target_id, e.actor_name])).toEqual([['user.create', body.user.id, 'sysadmin']]);
      // The one-time password is never in the audit trail.
      expect(ev[0]!.details).not.toContain(body.oneTimePassword);

      const n = await countRows(t, 'users');
      const h2 = await t.auditHead();
      for (const username of ['alice', 'ALICE']) {
        await expectRefusedQuietly(
          t,
          h2,
          await sys.post('/api/users', { username, displayName: 'Dup', departmentId: null }),
          409,
          'conflict',
        );
      }
      expect(await countRows(t, 'users')).toBe(n);
      // The one-time password works once, for a password change.
      const a = t.agent();
      expect((await a.login('alice', body.oneTimePassword)).json()).toMatchObject({ stage: 'password_change' });
    });

    it('lists users with pagination, sorting, filters and search', async () => {
      const d = await dept('List-Dept');
      const names = ['zeta.c', 'zeta.a', 'zeta.e', 'zeta.b', 'zeta.d'];
      for (const [i, n] of names.entries())
        await user(n, {
          displayName: `Zeta ${String.fromCharCode(90 - i)}`,
          departmentId: i < 2 ? d.id : t.rootDepartmentId,
        });
      const list = async (qs: string) => {
        const r = await sys.get(`/api/users?${qs}`);
        expect(r.statusCode, r.body).toBe(200);
        return r.json() as { items: User[]; total: number; page: number; pageSize: number };
      };
      const all = await list('q=zeta&sort=username');
      expect(all.total).toBe(5);
      expect(all.items.map((u) => u.username)).toEqual(['zeta.a', 'zeta.b', 'zeta.c', 'zeta.d', 'zeta.e']);
      expect(all).toMatchObject({ page: 1, pageSize: 20 });

      const pages = [];
      for (const page of [1, 2, 3]) pages.push(await list(`q=zeta&sort=username&pageSize=2&page=${page}`));
      expect(pages.map((p) => p.items.map((u) => u.username))).toEqual([
        ['zeta.a', 'zeta.b'],
        ['zeta.c', 'zeta.d'],
        ['zeta.e'],
      ]);
      expect(pages.every((p) => p.total === 5 && p.pageSize === 2)).toBe(true);
      expect((await list('q=zeta&page=4&pageSize=2')).items).toEqual([]);

      expect((await list('q=zeta&sort=username&order=desc')).items.map((u) => u.username)).toEqual([
        'zeta.e',
        'zeta.d',
        'zeta.c',
        'zeta.b',
        'zeta.a',
      ]);
      // displayName: zeta.c=Z, zeta.a=Y, zeta.e=X, zeta.b=W, zeta.d=V
      expect((await list('q=zeta&sort=displayName')).items.map((u) => u.username)).toEqual([
        'zeta.d',
        'zeta.b',
        'zeta.e',
        'zeta.a',
        'zeta.c',
      ]);
      // Search matches display names too, case-insensitively.
      expect((await list('q=ZETA%20y')).items.map((u) => u.username)).toEqual(['zeta.a']);
      // Department filter.
      const inDept = await list(`departmentId=${d.id}&sort=username`);
      expect(inDept.items.map((u) => u.username)).toEqual(['zeta.a', 'zeta.c']);
      expect(inDept.items.every((u) => u.departmentName === 'List-Dept')).toBe(true);
      // LIKE wildcards in q are literal.
      expect((await list('q=%25')).total).toBe(0);
      expect((await list('q=zeta_')).total).toBe(0);
      // Status filter.
      expect((await list('q=zeta&status=disabled')).total).toBe(0);
      // Every signed-in person may look the directory up.
      const emp = await t.employee('list.viewer');
      expect((await emp.get('/api/users?q=zeta')).json()).toMatchObject({ total: 5 });
    });

    it('gets a user; unknown ids answer 404 not_found and change nothing', async () => {
      const { user: u } = await user('getme');
      expect(await getUser(u.id)).toMatchObject({ id: u.id, username: 'getme', departmentName: 'Test Org' });
      const missing = randomId();
      const h = await t.auditHead();
      await expectRefusedQuietly(t, h, await sys.get(`/api/users/${missing}`), 404, 'not_found');
      await expectRefusedQuietly(
        t,
        h,
        await sys.patch(`/api/users/${missing}`, { version: 1, displayName: 'x' }),
        404,
        'not_found',
      );
      for (const action of ['disable', 'enable', 'unlock', 'reset-mfa', 'reset-password']) {
        await expectRefusedQuietly(
          t,
          h,
          await sys.post(`/api/users/${missing}/${action}`, { version: 1 }),
          404,
          'not_found',
        );
      }
      await expectRefusedQuietly(
        t,
        h,
        await sys.post(`/api/users/${missing}/depart`, { version: 1, separationMonths: 1 }),
        404,
        'not_found',
      );
      await expectRefusedQuietly(
        t,
        h,
        await sec.patch(`/api/users/${missing}/security`, { version: 1, clearanceClass: 'core' }),
        404,
        'not_found',
      );
      await expectRefusedQuietly(
        t,
        h,
        await sys.patch(`/api/departments/${missing}`, { version: 1, name: 'x' }),
        404,
        'not_found',
      );
      await expectRefusedQuietly(t, h, await sys.delete(`/api/departments/${missing}?version=1`), 404, 'not_found');
      // Not a UUID at all: a validation error.
      await expectRefusedQuietly(t, h, await sys.get('/api/users/not-a-uuid'), 400, 'validation_failed');
    });

    it('updates a user with its version; a stale version is refused', async () => {
      const { user: u } = await user('bob');
      const d = await dept('Bob-Dept');
      const h = await t.auditHead();
      const r = await sys.patch(`/api/users/${u.id}`, {
        version: 1,
        displayName: 'Bob B.',
        post: 'Analyst',
        departmentId: d.id,
        businessRoles: ['dept_officer'],
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({
        displayName: 'Bob B.',
        post: 'Analyst',
        departmentId: d.id,
        departmentName: 'Bob-Dept',
        businessRoles: ['dept_officer'],
        version: 2,
      });
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => [e.action, e.target_id])).toEqual([['user.update', u.id]]);
      expect(JSON.parse(ev[0]!.details).changed.display_name).toEqual({ from: 'bob', to: 'Bob B.' });

      const h2 = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h2,
        await sys.patch(`/api/users/${u.id}`, { version: 1, displayName: 'Lost' }),
        409,
        'stale_version',
      );
      await expectRefusedQuietly(
        t,
        h2,
        await sys.patch(`/api/users/${u.id}`, { version: 2, departmentId: randomId() }),
        400,
        'validation_failed',
      );
      expect(await getUser(u.id)).toMatchObject({ displayName: 'Bob B.', version: 2, departmentId: d.id });
    });

    it('moving a cleared person or changing their business roles tells the security administrator; an uncleared one, or a rename, does not', async () => {
      const moved = async () =>
        ((await sec.get('/api/notifications?pageSize=100')).json() as { items: { kind: string; body: string }[] }).items
          .filter((i) => i.kind === 'needToKnowMoved')
          .map((i) => JSON.parse(i.body));
      const before = (await moved()).length;
      const cleared = await t.employee('helen');
      let u = await getUser(cleared.userId);
      expect(
        (await sec.patch(`/api/users/${cleared.userId}/security`, { version: u.version, clearanceClass: 'general' }))
          .statusCode,
      ).toBe(200);
      const plain = await t.employee('iris');
      const d = await dept('Hank-Dept');
      u = await getUser(cleared.userId);
      expect(
        (await sys.patch(`/api/users/${cleared.userId}`, { version: u.version, displayName: 'Helen H.' })).statusCode,
      ).toBe(200);
      expect(
        (
          await sys.patch(`/api/users/${plain.userId}`, {
            version: 1,
            departmentId: d.id,
            businessRoles: ['dept_head'],
          })
        ).statusCode,
      ).toBe(200);
      expect(await moved()).toHaveLength(before);
      u = await getUser(cleared.userId);
      expect(
        (await sys.patch(`/api/users/${cleared.userId}`, { version: u.version, departmentId: d.id })).statusCode,
      ).toBe(200);
      u = await getUser(cleared.userId);
      expect(
        (await sys.patch(`/api/users/${cleared.userId}`, { version: u.version, businessRoles: ['leadership'] }))
          .statusCode,
      ).toBe(200);
      // Both at one instant of the test clock: their order in the inbox is not defined.
      expect((await moved()).filter((n) => n.username === 'helen')).toEqual(
        expect.arrayContaining([
          { name: 'Helen H.', username: 'helen', department: false, roles: true },
          { name: 'Helen H.', username: 'helen', department: true, roles: false },
        ]),
      );
      expect(await moved()).toHaveLength(before + 2);
      // The same roles in another order are no change.
      u = await getUser(cleared.userId);
      expect(
        (
          await sys.patch(`/api/users/${cleared.userId}`, {
            version: u.version,
            businessRoles: ['leadership', 'dept_head'],
          })
        ).statusCode,
      ).toBe(200);
      u = await getUser(cleared.userId);
      expect(
        (
          await sys.patch(`/api/users/${cleared.userId}`, {
            version: u.version,
            businessRoles: ['dept_head', 'leadership'],
          })
        ).statusCode,
      ).toBe(200);
      expect(await moved()).toHaveLength(before + 3);
    });

    it("disable ends the person's sessions and refuses sign-in; enable lets them back", async () => {
      const emp = await t.employee('dora');
      expect((await emp.get('/api/auth/me')).statusCode).toBe(200);
      let u = await getUser(emp.userId);
      const h = await t.auditHead();
      const r = await sys.post(`/api/users/${emp.userId}/disable`, { version: u.version });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ status: 'disabled', version: u.version + 1 });
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => e.action)).toEqual(['user.disable']);
      expect(JSON.parse(ev[0]!.details)).toEqual({ sessionsRevoked: 1 });

      expect((await emp.get('/api/auth/me')).statusCode).toBe(401);
      const again = t.agent();
      expectError(await again.login('dora', STRONG_PASSWORD), 401, 'invalid_credentials');
      expect((await sys.get('/api/users?status=disabled')).json().items.map((x: User) => x.username)).toContain('dora');

      // Disabling twice is a conflict.
      u = await getUser(emp.userId);
      const h2 = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h2,
        await sys.post(`/api/users/${emp.userId}/disable`, { version: u.version }),
        409,
        'conflict',
      );

      const en = await sys.post(`/api/users/${emp.userId}/enable`, { version: u.version });
      expect(en.statusCode, en.body).toBe(200);
      expect(en.json()).toMatchObject({ status: 'active' });
      expect((await again.login('dora', STRONG_PASSWORD)).json()).toMatchObject({ stage: 'full' });
      // Enabling an active account is a conflict.
      const h3 = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h3,
        await sys.post(`/api/users/${emp.userId}/enable`, { version: (await getUser(emp.userId)).version }),
        409,
        'conflict',
      );
    });

    it('unlock releases a locked account', async () => {
      const emp = await t.employee('locky');
      const a = t.agent();
      for (let i = 0; i < 5; i++) await a.login('locky', 'wrong-password');
      let u = await getUser(emp.userId);
      expect(u.locked).toBe(true);
      expectError(await a.login('locky', STRONG_PASSWORD), 401, 'invalid_credentials');
      const r = await sys.post(`/api/users/${emp.userId}/unlock`, { version: u.version });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ locked: false });
      u = await getUser(emp.userId);
      expect(u.locked).toBe(false);
      expect((await a.login('locky', STRONG_PASSWORD)).json()).toMatchObject({ stage: 'full' });
    });

    it('[PER-07] depart closes the account, sets separationUntil, ends sessions and notifies the security administrator', async () => {
      const emp = await t.employee('eve');
      const u = await getUser(emp.userId);
      const unreadBefore = ((await sec.get('/api/notifications/unread-count')).json() as { unread: number }).unread;
      const now = t.ctx.now();
      const r = await sys.post(`/api/users/${emp.userId}/depart`, { version: u.version, separationMonths: 6 });
      expect(r.statusCode, r.body).toBe(200);
      const until = new Date(now);
      until.setUTCMonth(until.getUTCMonth() + 6);
      expect(r.json()).toMatchObject({ status: 'departed', separationUntil: until.toISOString(), adminRole: null });
      expect((await emp.get('/api/auth/me')).statusCode).toBe(401);
      expectError(await t.agent().login('eve', STRONG_PASSWORD), 401, 'invalid_credentials');

      const inbox = (await sec.get('/api/notifications')).json() as {
        items: { kind: string; body: string; link: string | null; texts: Record<string, { body: string }> }[];
      };
      const n = inbox.items.find((i) => i.kind === 'userDeparted' && i.link === `/users?q=eve`);
      expect(n).toBeDefined();
      expect(JSON.parse(n!.body)).toEqual({ name: 'eve', username: 'eve', separationUntil: until.toISOString() });
      // Rendered by the server from the catalogue in both languages, the instant as a date of the organisation.
      const day = until.toISOString().slice(0, 10);
      expect(n!.texts['zh-CN']!.body).toBe(`用户 eve 已离岗，脱密期至 ${day}；请安排载体移交`);
      expect(n!.texts['en-US']!.body).toContain(`separation period until ${day}`);
      expect(((await sec.get('/api/notifications/unread-count')).json() as { unread: number }).unread).toBe(
        unreadBefore + 1,
      );
      // Nobody else got it.
      expect(
        ((await aud.get('/api/notifications')).json() as { items: { kind: string }[] }).items.some(
          (i) => i.kind === 'userDeparted',
        ),
      ).toBe(false);

      const after = await getUser(emp.userId);
      const h = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h,
        await sys.post(`/api/users/${emp.userId}/depart`, { version: after.version, separationMonths: 1 }),
        409,
        'conflict',
      );
      await expectRefusedQuietly(
        t,
        h,
        await sys.post(`/api/users/${emp.userId}/reset-password`, { version: after.version }),
        409,
        'conflict',
      );
    });

    it('reset-password issues a one-time password; the old one stops working; the person must change it', async () => {
      const emp = await t.employee('fred');
      const u = await getUser(emp.userId);
      const r = await sys.post(`/api/users/${emp.userId}/reset-password`, { version: u.version });
      expect(r.statusCode, r.body).toBe(200);
      const { oneTimePassword } = r.json() as { oneTimePassword: string };
      expect(oneTimePassword).not.toBe(STRONG_PASSWORD);
      expect((await getUser(emp.userId)).mustChangePassword).toBe(true);
      // The existing session ended.
      expect((await emp.get('/api/auth/me')).statusCode).toBe(401);
      const a = t.agent();
      expectError(await a.login('fred', STRONG_PASSWORD), 401, 'invalid_credentials');
      expect((await a.login('fred', oneTimePassword)).json()).toMatchObject({ stage: 'password_change' });
      expectError(await a.get('/api/users'), 403, 'password_change_required');
      const changed = await a.post('/api/auth/password', {
        currentPassword: oneTimePassword,
        newPassword: 'Fresh-Start-2026!',
      });
      expect(changed.json()).toMatchObject({ stage: 'full' });
      expect((await a.get('/api/users')).statusCode).toBe(200);
      // The audit event never holds the password.
      const ev = await t.ctx.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'user.reset_password')
        .where('target_id', '=', emp.userId)
        .execute();
      expect(ev).toHaveLength(1);
      expect(ev[0]!.details).not.toContain(oneTimePassword);
    });
  });

  describe('refusals', () => {
    it('an employee cannot create users or departments (403, denied event audited)', async () => {
      const emp = await t.employee('plain.emp');
      const nd = await countRows(t, 'departments');
      const nu = await countRows(t, 'users');
      let h = await t.auditHead();
      await expectDenied(t, h, await emp.post('/api/departments', { name: 'Rogue', parentId: null }), {
        action: 'department.create',
        actorName: 'plain.emp',
      });
      h = await t.auditHead();
      await expectDenied(
        t,
        h,
        await emp.post('/api/users', { username: 'rogue', displayName: 'Rogue', departmentId: null }),
        { action: 'user.create', actorName: 'plain.emp' },
      );
      h = await t.auditHead();
      await expectDenied(t, h, await emp.patch(`/api/users/${ids.aud}`, { version: 1, displayName: 'x' }), {
        action: 'user.update',
        actorName: 'plain.emp',
        targetId: ids.aud,
      });
      expect(await countRows(t, 'departments')).toBe(nd);
      expect(await countRows(t, 'users')).toBe(nu);
      // The denied event records who, from where and in which request.
      const ev = await t.ctx.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'department.create')
        .where('result', '=', 'denied')
        .executeTakeFirstOrThrow();
      expect(ev.actor_id).toBe(emp.userId);
      expect(ev.actor_role).toBe('employee');
      expect(ev.request_id).toBeTruthy();
    });

    it('the security administrator cannot create users', async () => {
      const nu = await countRows(t, 'users');
      const h = await t.auditHead();
      await expectDenied(
        t,
        h,
        await sec.post('/api/users', { username: 'sec.made', displayName: 'x', departmentId: null }),
        { action: 'user.create', actorName: 'secadmin' },
      );
      expect(await countRows(t, 'users')).toBe(nu);
    });

    it('the auditor can change nothing: every write is 403 and audited as denied', async () => {
      const d = await dept('Aud-Target');
      const { user: u } = await user('aud.target');
      const writes: [string, string, unknown, string][] = [
        ['POST', '/api/departments', { name: 'Aud', parentId: null }, 'department.create'],
        ['PATCH', `/api/departments/${d.id}`, { version: 1, name: 'Aud2' }, 'department.update'],
        ['DELETE', `/api/departments/${d.id}?version=1`, undefined, 'department.delete'],
        ['POST', '/api/users', { username: 'aud.made', displayName: 'x', departmentId: null }, 'user.create'],
        ['PATCH', `/api/users/${u.id}`, { version: 1, displayName: 'x' }, 'user.update'],
        ['PATCH', `/api/users/${u.id}/security`, { version: 1, clearanceClass: 'core' }, 'user.security_update'],
        ['PATCH', `/api/users/${u.id}/security`, { version: 1, adminRole: 'auditor' }, 'user.security_update'],
        ['POST', `/api/users/${u.id}/disable`, { version: 1 }, 'user.disable'],
        ['POST', `/api/users/${u.id}/enable`, { version: 1 }, 'user.enable'],
        ['POST', `/api/users/${u.id}/unlock`, { version: 1 }, 'user.unlock'],
        ['POST', `/api/users/${u.id}/reset-mfa`, { version: 1 }, 'user.reset_mfa'],
        ['POST', `/api/users/${u.id}/depart`, { version: 1, separationMonths: 0 }, 'user.depart'],
        ['POST', `/api/users/${u.id}/reset-password`, { version: 1 }, 'user.reset_password'],
        [
          'PUT',
          '/api/settings/account-policy',
          {
            version: 0,
            policy: {
              passwordMinLength: 12,
              passwordMinClasses: 3,
              passwordHistory: 5,
              rotationDaysCleared: 60,
              rotationDaysOthers: 0,
              lockoutThreshold: 5,
              lockoutMinutes: 15,
              idleTimeoutMinutes: 5,
              sessionLifetimeHours: 12,
              mfaRequiredForAll: false,
              signInFailuresPerAddress: 30,
              signInFailuresTotal: 300,
              signInWindowMinutes: 15,
              screenWatermark: true,
            },
          },
          'settings.update',
        ],
      ];
      const nd = await countRows(t, 'departments');
      const nu = await countRows(t, 'users');
      for (const [method, url, body, action] of writes) {
        const h = await t.auditHead();
        const res = await aud.request(method, url, body);
        await expectDenied(t, h, res, { action, actorName: 'auditor' });
      }
      expect(await countRows(t, 'departments')).toBe(nd);
      expect(await countRows(t, 'users')).toBe(nu);
      expect(await countRows(t, 'settings')).toBe(0);
      expect(await getDept(d.id)).toMatchObject({ name: 'Aud-Target', version: 1 });
      expect(await getUser(u.id)).toMatchObject({
        version: 1,
        status: 'active',
        clearanceClass: null,
        adminRole: null,
      });
    });

    it('the system administrator cannot edit its own account through /api/users/:id', async () => {
      const me = await getUser(ids.sys);
      for (const [method, url, body, action] of [
        ['PATCH', `/api/users/${ids.sys}`, { version: me.version, displayName: 'Me' }, 'user.update'],
        ['POST', `/api/users/${ids.sys}/disable`, { version: me.version }, 'user.disable'],
        ['POST', `/api/users/${ids.sys}/reset-password`, { version: me.version }, 'user.reset_password'],
        ['POST', `/api/users/${ids.sys}/depart`, { version: me.version, separationMonths: 0 }, 'user.depart'],
      ] as const) {
        const h = await t.auditHead();
        await expectDenied(t, h, await sys.request(method, url, body), {
          action,
          actorName: 'sysadmin',
          targetId: ids.sys,
          reason: 'self',
        });
      }
      expect(await getUser(ids.sys)).toMatchObject({
        version: me.version,
        displayName: me.displayName,
        status: 'active',
      });
    });

    it('the system administrator cannot administer accounts holding an admin role (ADR 0004), until the role is removed', async () => {
      for (const [id, role] of [
        [ids.aud, 'auditor'],
        [ids.sec, 'secadmin'],
      ] as const) {
        const before = await getUser(id);
        expect(before.adminRole).toBe(role);
        for (const [method, path, body, action] of [
          ['PATCH', '', { displayName: 'Taken over' }, 'user.update'],
          ['POST', '/disable', {}, 'user.disable'],
          ['POST', '/unlock', {}, 'user.unlock'],
          ['POST', '/reset-mfa', {}, 'user.reset_mfa'],
          ['POST', '/reset-password', {}, 'user.reset_password'],
          ['POST', '/depart', { separationMonths: 0 }, 'user.depart'],
        ] as const) {
          const h = await t.auditHead();
          const r = await sys.request(method, `/api/users/${id}${path}`, { version: before.version, ...body });
          await expectDenied(t, h, r, { action, actorName: 'sysadmin', targetId: id });
        }
        expect(await getUser(id)).toMatchObject({
          version: before.version,
          status: 'active',
          adminRole: role,
          mfaEnabled: true,
          displayName: before.displayName,
        });
      }
      // The auditor's session survived every attempt.
      expect((await aud.get('/api/auth/me')).statusCode).toBe(200);

      // Once the security administrator removes the admin role, the account is an ordinary one again.
      const emp = await t.employee('ex.auditor');
      await expectOk(
        await sec.patch(`/api/users/${emp.userId}/security`, {
          version: (await getUser(emp.userId)).version,
          adminRole: 'auditor',
        }),
      );
      let u = await getUser(emp.userId);
      const h = await t.auditHead();
      await expectDenied(t, h, await sys.post(`/api/users/${emp.userId}/disable`, { version: u.version }), {
        action: 'user.disable',
        actorName: 'sysadmin',
      });
      await expectOk(await sec.patch(`/api/users/${emp.userId}/security`, { version: u.version, adminRole: null }));
      u = await getUser(emp.userId);
      const r = await sys.post(`/api/users/${emp.userId}/disable`, { version: u.version });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ status: 'disabled', adminRole: null });
    });
  });

  describe('security endpoint', () => {
    it('[PER-10] the security administrator sets clearance class and admin role of another user', async () => {
      const emp = await t.employee('gina');
      let u = await getUser(emp.userId);
      const h = await t.auditHead();
      const r = await sec.patch(`/api/users/${emp.userId}/security`, {
        version: u.version,
        clearanceClass: 'important',
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ clearanceClass: 'important', adminRole: null, version: u.version + 1 });
      const ev = await auditRowsAfter(t, h);
      expect(ev.map((e) => [e.action, e.actor_name, e.target_id])).toEqual([
        ['user.security_update', 'secadmin', emp.userId],
      ]);
      expect(JSON.parse(ev[0]!.details)).toEqual({ clearanceClass: { from: null, to: 'important' } });
      // The clearance change did not end the session.
      expect((await emp.get('/api/auth/me')).statusCode).toBe(200);

      const audUnread = ((await aud.get('/api/notifications/unread-count')).json() as { unread: number }).unread;
      u = await getUser(emp.userId);
      const r2 = await sec.patch(`/api/users/${emp.userId}/security`, { version: u.version, adminRole: 'secadmin' });
      expect(r2.statusCode, r2.body).toBe(200);
      expect(r2.json()).toMatchObject({ adminRole: 'secadmin', clearanceClass: 'important' });
      // A new admin must sign in again (and enrol MFA): sessions end; the auditor is told.
      expect((await emp.get('/api/auth/me')).statusCode).toBe(401);
      expect(((await aud.get('/api/notifications/unread-count')).json() as { unread: number }).unread).toBe(
        audUnread + 1,
      );
      const a = t.agent();
      expect((await a.login('gina', STRONG_PASSWORD)).json()).toMatchObject({ stage: 'mfa_enrol' });

      // A stale version is refused.
      const h2 = await t.auditHead();
      await expectRefusedQuietly(
        t,
        h2,
        await sec.patch(`/api/users/${emp.userId}/security`, { version: u.version, clearanceClass: 'core' }),
        409,
        'stale_version',
      );
      // Nothing to change.
      const cur = await getUser(emp.userId);
      await expectRefusedQuietly(
        t,
        h2,
        await sec.patch(`/api/users/${emp.userId}/security`, { version: cur.version }),
        400,
        'validation_failed',
      );
      // ... but only to someone who may change it: the sysadmin is refused as for any change.
      await expectDenied(t, h2, await sys.patch(`/api/users/${emp.userId}/security`, { version: cur.version }), {
        action: 'user.security_update',
        actorName: 'sysadmin',
        targetId: emp.userId,
      });
    });

    it('the security administrator cannot change its own clearance or role', async () => {
      const me = await getUser(ids.sec);
      // Initialisation makes the security administrator a core cleared person (it approves for every level).
      expect(me.clearanceClass).toBe('core');
      for (const body of [
        { clearanceClass: 'general' },
        { clearanceClass: null },
        { adminRole: null },
        { adminRole: 'sysadmin' },
      ]) {
        const h = await t.auditHead();
        await expectDenied(t, h, await sec.patch(`/api/users/${ids.sec}/security`, { version: me.version, ...body }), {
          action: 'user.security_update',
          actorName: 'secadmin',
          targetId: ids.sec,
          reason: 'self',
        });
      }
      expect(await getUser(ids.sec)).toMatchObject({
        adminRole: 'secadmin',
        clearanceClass: 'core',
        version: me.version,
      });
    });

    it('the system administrator cannot call the security endpoint', async () => {
      const { user: u } = await user('sys.sec.target');
      for (const body of [{ clearanceClass: 'core' }, { adminRole: 'secadmin' }]) {
        const h = await t.auditHead();
        await expectDenied(t, h, await sys.patch(`/api/users/${u.id}/security`, { version: 1, ...body }), {
          action: 'user.security_update',
          actorName: 'sysadmin',
          targetId: u.id,
        });
      }
      // Nor on itself.
      const h = await t.auditHead();
      await expectDenied(
        t,
        h,
        await sys.patch(`/api/users/${ids.sys}/security`, {
          version: (await getUser(ids.sys)).version,
          adminRole: null,
        }),
        { action: 'user.security_update', actorName: 'sysadmin' },
      );
      expect(await getUser(u.id)).toMatchObject({ version: 1, adminRole: null, clearanceClass: null });
    });

    it('三员: auditor <-> sysadmin/secadmin role changes are refused (403 separation_of_duties)', async () => {
      // A second security administrator to try turning into an auditor (the first cannot act on itself).
      const emp = await t.employee('hank');
      await expectOk(
        await sec.patch(`/api/users/${emp.userId}/security`, {
          version: (await getUser(emp.userId)).version,
          adminRole: 'secadmin',
        }),
      );
      const cases: [string, string, string][] = [
        [ids.aud, 'sysadmin', 'auditor'],
        [ids.aud, 'secadmin', 'auditor'],
        [ids.sys, 'auditor', 'sysadmin'],
        [emp.userId, 'auditor', 'secadmin'],
        [ids.sys, 'secadmin', 'sysadmin'],
      ];
      for (const [id, to, from] of cases) {
        const before = await getUser(id);
        expect(before.adminRole).toBe(from);
        const h = await t.auditHead();
        const r = await sec.patch(`/api/users/${id}/security`, { version: before.version, adminRole: to });
        await expectDenied(t, h, r, {
          action: 'user.security_update',
          actorName: 'secadmin',
          targetId: id,
          code: 'separation_of_duties',
          reason: 'separation_of_duties',
        });
        expect(await getUser(id)).toMatchObject({ adminRole: from, version: before.version });
      }
      // The refused change did not end the auditor's session.
      expect((await aud.get('/api/auth/me')).statusCode).toBe(200);
    });
  });
});
