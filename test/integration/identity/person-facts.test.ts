/**
 * The two facts of a person's record the training audiences read (TRN-01, TRN-10): the start date (`hiredOn`) and
 * whether the person uses classified computers (`computerUser`). The system administrator keeps them on the account
 * (create and edit, versioned, audited); bad values change nothing; nobody else may set them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError } from '../../helpers/abuse.js';
import type { DirectoryEntry } from '../../../src/modules/identity/contracts/directory.js';

describe.each(DB_KINDS)('start date and computer use on the account, on %s', (kind) => {
  let t: TestApp;
  let sys: Agent;
  let sec: Agent;
  let me: Agent & { userId: string };

  beforeAll(async () => {
    t = await startTestApp(kind);
    sys = await t.admin('sysadmin');
    sec = await t.admin('secadmin');
    me = await t.employee('facts.me');
  });
  afterAll(() => t.close());

  it('[TRN-10] the system administrator creates a person with a start date and as a computer user', async () => {
    const r = await sys.post('/api/users', {
      username: 'facts.new',
      displayName: 'New Hire',
      departmentId: t.rootDepartmentId,
      hiredOn: '2026-03-01',
      computerUser: true,
    });
    expect(r.statusCode, r.body).toBe(201);
    const u = (r.json() as { user: DirectoryEntry }).user;
    expect(u).toMatchObject({ hiredOn: '2026-03-01', computerUser: true });
    const row = await t.ctx.db
      .selectFrom('users')
      .select(['hired_on', 'computer_user'])
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ hired_on: '2026-03-01', computer_user: 1 });
    // The security office reads them (its training needs them); another employee does not.
    expect(((await sec.get(`/api/users/${u.id}`)).json() as DirectoryEntry).hiredOn).toBe('2026-03-01');
    expect((await me.get(`/api/users/${u.id}`)).json()).not.toHaveProperty('hiredOn');
  });

  it('[TRN-01] the system administrator edits them (audited as changed), and clears the start date', async () => {
    const before = (await sys.get(`/api/users/${me.userId}`)).json() as DirectoryEntry;
    expect(before).toMatchObject({ hiredOn: null, computerUser: false });
    const h = await t.auditHead();
    const r = await sys.patch(`/api/users/${me.userId}`, {
      version: before.version,
      hiredOn: '2025-12-01',
      computerUser: true,
    });
    expect(r.statusCode, r.body).toBe(200);
    const after = r.json() as DirectoryEntry;
    expect(after).toMatchObject({ hiredOn: '2025-12-01', computerUser: true });
    const events = await auditRowsAfter(t, h);
    expect(events.map((e) => e.action)).toEqual(['user.update']);
    expect(JSON.parse(events[0]!.details!)).toEqual({
      changed: { hired_on: { from: null, to: '2025-12-01' }, computer_user: { from: 0, to: 1 } },
    });
    const cleared = await sys.patch(`/api/users/${me.userId}`, { version: after.version, hiredOn: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ hiredOn: null, computerUser: true });
    // A stale version changes nothing.
    expectError(
      await sys.patch(`/api/users/${me.userId}`, { version: after.version, computerUser: false }),
      409,
      'stale_version',
    );
  });

  it('bad values are refused (400) and change nothing', async () => {
    const v = ((await sys.get(`/api/users/${me.userId}`)).json() as DirectoryEntry).version;
    const h = await t.auditHead();
    for (const body of [
      { version: v, hiredOn: '2026-02-30' },
      { version: v, hiredOn: '1 March 2026' },
      { version: v, computerUser: 1 },
      { version: v, computerUser: 'yes' },
    ])
      expectError(await sys.patch(`/api/users/${me.userId}`, body), 400, 'validation_failed');
    expectError(
      await sys.post('/api/users', {
        username: 'facts.bad',
        displayName: 'Bad',
        departmentId: t.rootDepartmentId,
        hiredOn: '2026-13-01',
      }),
      400,
      'validation_failed',
    );
    expect(await t.auditHead()).toBe(h);
  });

  it('nobody else sets them: the security administrator and the person are refused (403, audited)', async () => {
    const v = ((await sys.get(`/api/users/${me.userId}`)).json() as DirectoryEntry).version;
    const h = await t.auditHead();
    expectError(await sec.patch(`/api/users/${me.userId}`, { version: v, computerUser: false }), 403, 'forbidden');
    expectError(await me.patch(`/api/users/${me.userId}`, { version: v, hiredOn: '2020-01-01' }), 403, 'forbidden');
    expect((await auditRowsAfter(t, h)).map((e) => [e.action, e.result])).toEqual([
      ['user.update', 'denied'],
      ['user.update', 'denied'],
    ]);
    expect(((await sys.get(`/api/users/${me.userId}`)).json() as DirectoryEntry).version).toBe(v);
  });
});
