import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import { newId, SYSTEM_CONTEXT, tx, type AppContext } from '../../../src/platform/context.js';
import { initialiseOrganisation } from '../../../src/modules/identity/services/setup-service.js';
import { insertUser } from '../../../src/modules/identity/services/user-service.js';
import { hashPassword, verifyPassword } from '../../../src/platform/crypto/password-hash.js';
import { anchoredVerify } from '../../helpers/anchor.js';
import { AppError } from '../../../src/platform/errors.js';
import { DEMO_PASSWORD, demoPeople, loadDemo } from '../../../src/platform/demo.js';
import { todayOf } from '../../../src/platform/organisation.js';

/** Loading the whole demo (every module's records, through their use cases) takes half a minute on a loaded machine. */
const DEMO_TIMEOUT = 180_000;

describe.each(DB_KINDS)('demo data on %s', (kind) => {
  const open: { db: FreshDatabase; ctx: AppContext }[] = [];
  async function fresh(): Promise<AppContext> {
    const db = await freshDatabase(kind);
    const config = loadConfig(
      {},
      { dataDir: db.dataDir, databaseUrl: db.url, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent' },
    );
    const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
    open.push({ db, ctx });
    return ctx;
  }
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.ctx.handle.close();
      await o.db.cleanup();
    }
  });

  const count = async (ctx: AppContext, table: 'users' | 'departments' | 'audit_events') =>
    Number(
      (
        await ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function expectConflict(p: Promise<unknown>, message: RegExp): Promise<void> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
    expect((err as AppError).message).toMatch(message);
  }

  it(
    'initialises an empty database and loads the demo organisation, all audited',
    async () => {
      const ctx = await fresh();
      const r = await loadDemo(ctx);
      expect(r).toMatchObject({ departments: 9, users: demoPeople().length, password: DEMO_PASSWORD });
      expect(r.adminCredentials?.map((c) => c.username).sort()).toEqual(['auditor', 'secadmin', 'sysadmin']);
      expect(await count(ctx, 'departments')).toBe(10);
      expect(await count(ctx, 'users')).toBe(3 + demoPeople().length);

      const rd = await ctx.db
        .selectFrom('departments')
        .select('id')
        .where('name', '=', '研发中心')
        .executeTakeFirstOrThrow();
      const subs = await ctx.db
        .selectFrom('departments')
        .select('name')
        .where('parent_id', '=', rd.id)
        .orderBy('sort_order')
        .execute();
      expect(subs.map((d) => d.name)).toEqual(['软件部', '硬件部']);

      const wang = await ctx.db
        .selectFrom('users')
        .innerJoin('departments', 'departments.id', 'users.department_id')
        .selectAll('users')
        .select('departments.name as dept')
        .where('username', '=', 'wangjianguo')
        .executeTakeFirstOrThrow();
      expect(wang).toMatchObject({
        display_name: '王建国',
        dept: '总经理办公室',
        post: '总经理',
        clearance_class: 'core',
        must_change_password: 0,
        admin_role: null,
        status: 'active',
      });
      expect(JSON.parse(wang.business_roles)).toEqual(['leadership']);
      expect(await verifyPassword(DEMO_PASSWORD, wang.password_hash)).toBe(true);
      const classes = await ctx.db
        .selectFrom('users')
        .select('clearance_class')
        .distinct()
        .where('admin_role', 'is', null)
        .execute();
      expect(new Set(classes.map((c) => c.clearance_class))).toEqual(new Set(['core', 'important', 'general', null]));
      // The administrators keep their one-time passwords.
      const admins = await ctx.db
        .selectFrom('users')
        .select('must_change_password')
        .where('admin_role', 'is not', null)
        .execute();
      expect(admins.every((a) => a.must_change_password === 1)).toBe(true);

      const actions = await ctx.db.selectFrom('audit_events').select(['action', 'target_id']).execute();
      const userCreates = actions.filter((a) => a.action === 'user.create').length;
      expect(userCreates).toBe(3 + demoPeople().length);
      expect(actions.filter((a) => a.action === 'department.create')).toHaveLength(9);
      expect(actions.filter((a) => a.action === 'demo.load')).toHaveLength(1);
      expect((await anchoredVerify(ctx.db, ctx.config.dataDir, ctx.keys)).ok).toBe(true);

      const setting = await ctx.db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'demo_loaded')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(setting.value)).toMatchObject({ users: demoPeople().length, departments: 9 });

      // Classification: items at every state-scheme level plus an internal one, in force, pending and
      // declassified; requests waiting in inboxes; grants including an emergency access awaiting review.
      expect(r.modules.classification).toEqual({ items: 8, pendingRequests: 4, grants: 2 });
      const items = await ctx.db.selectFrom('secret_items').select(['level', 'status']).execute();
      expect(new Set(items.map((i) => i.level))).toEqual(new Set(['top_secret', 'secret', 'confidential', 'internal']));
      expect(new Set(items.map((i) => i.status))).toEqual(new Set(['in_force', 'proposed', 'declassified']));
      const pending = await ctx.db
        .selectFrom('approval_requests')
        .select('type')
        .where('status', '=', 'pending')
        .execute();
      expect(pending.map((p) => p.type).sort()).toEqual([
        'classification.access_grant',
        'classification.classify',
        'classification.extend',
        'classification.rescope',
      ]);
      const grants = await ctx.db.selectFrom('access_grants').select(['source', 'review_status']).execute();
      expect(grants.map((g) => `${g.source}:${g.review_status}`).sort()).toEqual(['emergency:pending', 'request:null']);
      // Carriers: a register of a few hundred across kinds and levels, with movements under way.
      expect(r.modules.carriers).toMatchObject({ overdueLoans: 1, carryOuts: 1, awaitingSignFor: 1, circulations: 1 });
      const carriers = await ctx.db.selectFrom('carriers').select(['kind', 'level', 'status']).execute();
      expect(carriers.length).toBe(r.modules.carriers!.carriers);
      expect(carriers.length).toBeGreaterThan(250);
      expect(new Set(carriers.map((c) => c.level))).toEqual(new Set(['top_secret', 'secret', 'confidential']));
      expect(new Set(carriers.map((c) => c.kind))).toEqual(
        new Set(['paper_document', 'telegram', 'chart', 'storage_medium', 'device', 'meeting_record']),
      );
      expect(new Set(carriers.map((c) => c.status))).toEqual(
        new Set(['in_store', 'on_loan', 'carried_out', 'in_transit', 'circulating', 'dispatched']),
      );
      const today = await todayOf(ctx);
      const loans = await ctx.db.selectFrom('carrier_loans').select(['status', 'due_on']).execute();
      expect(loans.filter((l) => l.status === 'active' && l.due_on < today)).toHaveLength(1);
      expect(loans.filter((l) => l.status === 'active')).toHaveLength(r.modules.carriers!.loans!);
      expect(await count(ctx, 'audit_events')).toBeGreaterThan(100);
      expect((await anchoredVerify(ctx.db, ctx.config.dataDir, ctx.keys)).ok).toBe(true);

      // Twice is refused.
      await expectConflict(loadDemo(ctx), /already loaded/);
    },
    DEMO_TIMEOUT,
  );

  it(
    'loads into a freshly initialised installation (the three administrators only)',
    async () => {
      const ctx = await fresh();
      await initialiseOrganisation(ctx);
      const r = await loadDemo(ctx);
      expect(r.adminCredentials).toBeUndefined();
      expect(await count(ctx, 'users')).toBe(3 + demoPeople().length);
    },
    DEMO_TIMEOUT,
  );

  it('refuses a database with real people or departments, writing nothing', async () => {
    const ctx = await fresh();
    await initialiseOrganisation(ctx);
    const root = await ctx.db.selectFrom('departments').select('id').executeTakeFirstOrThrow();
    const hash = await hashPassword('Real-Person-1!', 1024);
    await tx(ctx, (trx) =>
      insertUser(
        trx,
        ctx,
        SYSTEM_CONTEXT,
        { username: 'realperson', displayName: '真实用户', departmentId: root.id },
        hash,
        null,
      ),
    );
    const before = await count(ctx, 'audit_events');
    await expectConflict(loadDemo(ctx), /real accounts/);
    expect(await count(ctx, 'departments')).toBe(1);
    expect(await count(ctx, 'users')).toBe(4);
    expect(await count(ctx, 'audit_events')).toBe(before);

    const ctx2 = await fresh();
    await initialiseOrganisation(ctx2);
    const root2 = await ctx2.db.selectFrom('departments').select('id').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await ctx2.db
      .insertInto('departments')
      .values({
        id: newId(),
        parent_id: root2.id,
        name: '真实部门',
        code: null,
        sort_order: 0,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .execute();
    await expectConflict(loadDemo(ctx2), /real departments/);
    expect(await count(ctx2, 'users')).toBe(3);
  });
});
