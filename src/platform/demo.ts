import { ADMIN_ROLES } from '../kernel/roles.js';
import { AppError } from './errors.js';
import { audit, SYSTEM_CONTEXT, tx, type AppContext, type RequestContext } from './context.js';
import type { Trx } from './audit/audit-repo.js';
import {
  DEMO_PASSWORD,
  demoPeople,
  initialiseOrganisation,
  MODULES,
  prepareOrganisationDemo,
  type InitialCredential,
} from './modules.js';

export { DEMO_PASSWORD, demoPeople };
export const DEMO_SETTING = 'demo_loaded';

export interface DemoSummary {
  departments: number;
  users: number;
  /** What each module's demo loaded (counts), by module name, e.g. `modules.classification.items`. */
  modules: Record<string, Record<string, number>>;
  password: string;
  /** Present when the database was empty and loadDemo initialised it: the administrators' one-time passwords. */
  adminCredentials?: InitialCredential[];
}

/** Why this database may not receive demo data, or null when it may. */
async function realDataReason(trx: Trx): Promise<string | null> {
  const demo = await trx.selectFrom('settings').select('key').where('key', '=', DEMO_SETTING).executeTakeFirst();
  if (demo) return 'The demo organisation is already loaded';
  const others = await trx
    .selectFrom('users')
    .select('username')
    .where('username', 'not in', [...ADMIN_ROLES])
    .limit(1)
    .executeTakeFirst();
  if (others) return 'This database holds real accounts; demo data is only loaded into a fresh installation';
  const depts = await trx
    .selectFrom('departments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(depts.n) > 1)
    return 'This database holds real departments; demo data is only loaded into a fresh installation';
  return null;
}

/**
 * Loads a demo organisation into a fresh installation: identity's departments and people in one transaction
 * that first checks the database holds nothing beyond the initial administrators (refused as a conflict
 * otherwise) and marks the database as a demo; then each module's `demo`, in the order of `MODULES`, through
 * the same use cases as the API, so the registers, inboxes and audit trail look exactly as they would in use.
 */
export async function loadDemo(ctx: AppContext, rc: RequestContext = SYSTEM_CONTEXT): Promise<DemoSummary> {
  const early = await tx(ctx, realDataReason);
  if (early) throw new AppError('conflict', early);
  let adminCredentials: InitialCredential[] | undefined;
  const any = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (!any) adminCredentials = await initialiseOrganisation(ctx);

  const organisation = await prepareOrganisationDemo(ctx);
  const counts = await tx(ctx, async (trx) => {
    const reason = await realDataReason(trx); // again, under the write lock
    if (reason) throw new AppError('conflict', reason);
    const loaded = await organisation.write(trx, rc);
    const now = ctx.now().toISOString();
    const value = { loadedAt: now, ...loaded };
    await trx
      .insertInto('settings')
      .values({ key: DEMO_SETTING, value: JSON.stringify(value), updated_at: now, version: 1 })
      .execute();
    await audit(trx, ctx, rc, {
      action: 'demo.load',
      targetType: 'settings',
      targetId: DEMO_SETTING,
      details: { ...value, sharedKnownPassword: true, mustChangePassword: false, usernames: organisation.usernames },
    });
    return loaded;
  });

  const modules: DemoSummary['modules'] = {};
  for (const m of MODULES) if (m.demo) modules[m.name] = await m.demo(ctx);
  return { ...counts, modules, password: DEMO_PASSWORD, ...(adminCredentials ? { adminCredentials } : {}) };
}
