import { clearanceRankOf, OPEN_RANK, rankOf, type Level } from '../../../kernel/levels.js';
import { can } from '../../../policy/index.js';
import { refuse } from '../../../platform/authorize.js';
import { CLEARANCE_CLASSES, CONTENT_EXCLUDED_ROLES } from '../../../kernel/roles.js';
import { forbidden } from '../../../platform/errors.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import { getClassificationPolicy, withAccess } from '../../../platform/organisation.js';
import { nameContains, type EligiblePerson } from '../../identity/index.js';

const LIMIT = 20;

/**
 * Who a picker may offer, by name only: the directory no longer tells everyone each person's clearance, so
 * eligibility is decided here, by the same rules the server applies on submit (which decides again).
 * - `custodian` of an item at `level`: active and cleared for the level; asked by those who may propose an
 *   item at that level (so cleared for it themselves) or manage classification (custody hand-over).
 * - `classifier`: active, not a system administrator or auditor (三员), holding no authority yet; asked by
 *   those who manage classification.
 */
export async function eligiblePeople(
  ctx: AppContext,
  rc: RequestContext,
  query: { for: 'custodian' | 'classifier'; level?: Level | undefined; q?: string | undefined },
): Promise<{ items: EligiblePerson[] }> {
  const actor = await withAccess(ctx, actorOf(rc));
  // A proposer learns who may keep an item only at levels they may propose at themselves (their own
  // clearance); otherwise the list would tell them everyone's clearance.
  const allowed =
    query.for === 'custodian'
      ? can(actor, 'classification.manage') ||
        (query.level !== undefined && can(actor, 'item.propose', { kind: 'new_item', level: query.level }))
      : can(actor, 'classification.manage');
  if (!allowed)
    await refuse(
      ctx,
      rc,
      { action: 'user.view', targetType: 'user', details: { eligibleFor: query.for } },
      forbidden(),
    );
  let base = ctx.db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select(['users.id', 'users.username', 'users.display_name', 'departments.name as department_name'])
    .where('users.status', '=', 'active');
  if (query.for === 'custodian') {
    const wanted = rankOf(query.level!); // the contract requires it for custodians
    if (wanted > OPEN_RANK) {
      const policy = await getClassificationPolicy(ctx);
      const classes = CLEARANCE_CLASSES.filter((c) => clearanceRankOf(c, policy) >= wanted);
      if (!classes.length) return { items: [] };
      base = base.where('users.clearance_class', 'in', classes);
    }
  } else {
    base = base
      .where((eb) =>
        eb.or([eb('users.admin_role', 'is', null), eb('users.admin_role', 'not in', [...CONTENT_EXCLUDED_ROLES])]),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('classification_authorities as a')
              .select('a.id')
              .whereRef('a.user_id', '=', 'users.id')
              .where('a.revoked_at', 'is', null),
          ),
        ),
      );
  }
  if (query.q) base = base.where(nameContains(query.q));
  const rows = await base.orderBy('users.username').limit(LIMIT).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      departmentName: r.department_name ?? null,
    })),
  };
}
