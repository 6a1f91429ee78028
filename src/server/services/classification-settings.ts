import { dateOf } from '../../kernel/secrecy-period.js';
import { DEFAULT_CHAIN_POLICY, type ChainPolicy } from '../../kernel/approvals.js';
import {
  DEFAULT_CLASSIFICATION_POLICY,
  ITEM_CATEGORIES,
  LEVELS,
  LEVEL_DEFS,
  clearanceRankOf,
  levelsInUse,
  maxYearsOf,
  type ClassificationPolicy,
} from '../../kernel/levels.js';
import type { AccessProfile, Actor } from '../../kernel/actor.js';
import { can } from '../../policy/index.js';
import type { ClassificationSettings } from '../../contracts/classification.js';
import { AppError, forbidden } from '../errors.js';
import { actorOf, audit, auditAlone, tx, type AppContext, type RequestContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { Trx } from '../audit/audit-repo.js';
import { changedFields, settingStore } from './setting-store.js';

const classificationPolicy = settingStore<ClassificationPolicy>('classification_policy', DEFAULT_CLASSIFICATION_POLICY);
const chainPolicy = settingStore<ChainPolicy>('approval_chains', DEFAULT_CHAIN_POLICY);

/** Pass the transaction as `q` when inside one (SQLite has a single connection). */
export async function getClassificationPolicy(ctx: AppContext, q: Db | Trx = ctx.db): Promise<ClassificationPolicy> {
  return (await classificationPolicy.get(ctx, q)).value;
}

/** Today's calendar date in the organisation's time zone (classification policy). */
export async function todayOf(ctx: AppContext, q: Db | Trx = ctx.db): Promise<string> {
  return dateOf(ctx.now(), (await getClassificationPolicy(ctx, q)).timeZone);
}

export async function getChainPolicy(ctx: AppContext, q: Db | Trx = ctx.db): Promise<ChainPolicy> {
  return (await chainPolicy.get(ctx, q)).value;
}

/** The settings as the API serves them: to whoever the policy lets view classification (refusal audited). */
export async function viewClassificationSettings(ctx: AppContext, rc: RequestContext): Promise<ClassificationSettings> {
  if (!can(actorOf(rc), 'classification.view')) {
    await auditAlone(ctx, rc, {
      action: 'settings.view',
      targetType: 'settings',
      targetId: 'classification',
      result: 'denied',
    });
    throw forbidden();
  }
  return classificationSettings(ctx);
}

export async function classificationSettings(ctx: AppContext): Promise<ClassificationSettings> {
  const [p, c] = await Promise.all([classificationPolicy.get(ctx), chainPolicy.get(ctx)]);
  const inUse = new Set(levelsInUse(p.value));
  return {
    policy: p.value,
    policyVersion: p.version,
    chains: c.value,
    chainsVersion: c.version,
    levels: LEVELS.map((code) => ({
      ...LEVEL_DEFS[code],
      inUse: inUse.has(code),
      maxYears: maxYearsOf(code, p.value),
    })),
    categories: [...ITEM_CATEGORIES],
  };
}

async function requireManage(ctx: AppContext, rc: RequestContext, targetId: string): Promise<void> {
  if (!can(actorOf(rc), 'classification.manage')) {
    await auditAlone(ctx, rc, {
      action: 'classification.settings_update',
      targetType: 'settings',
      targetId,
      result: 'denied',
    });
    throw forbidden();
  }
}

export async function updateClassificationPolicy(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; policy: ClassificationPolicy },
): Promise<ClassificationSettings> {
  await requireManage(ctx, rc, 'classification_policy');
  const { policy } = input;
  // A clearance above the levels in use would be meaningless; refuse rather than store it.
  const inUse = levelsInUse(policy);
  for (const [cls, level] of Object.entries(policy.clearance)) {
    if (!inUse.includes(level) || !LEVEL_DEFS[level].classified) {
      throw new AppError('validation_failed', `The clearance of class ${cls} must be a classified level in use`, {
        field: `clearance.${cls}`,
      });
    }
  }
  await tx(ctx, async (trx) => {
    const { before } = await classificationPolicy.save(trx, ctx, input.version, policy);
    await audit(trx, ctx, rc, {
      action: 'classification.settings_update',
      targetType: 'settings',
      targetId: 'classification_policy',
      details: { changed: changedFields(before, policy) },
    });
  });
  classificationPolicy.invalidate(ctx);
  return classificationSettings(ctx);
}

export async function updateChainPolicy(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; chains: ChainPolicy },
): Promise<ClassificationSettings> {
  await requireManage(ctx, rc, 'approval_chains');
  await tx(ctx, async (trx) => {
    const { before } = await chainPolicy.save(trx, ctx, input.version, input.chains);
    await audit(trx, ctx, rc, {
      action: 'classification.chains_update',
      targetType: 'settings',
      targetId: 'approval_chains',
      details: { changed: changedFields(before, input.chains) },
    });
  });
  chainPolicy.invalidate(ctx);
  return classificationSettings(ctx);
}

/** The department and its ancestors, own first (a scope naming a department covers its sub-departments). */
export async function departmentPath(q: Db | Trx, departmentId: string | null): Promise<string[]> {
  if (!departmentId) return [];
  const path: string[] = [];
  let cur: string | null = departmentId;
  // Walk up; the tree is shallow and cycles are refused when departments move (bounded anyway).
  while (cur && path.length < 64) {
    path.push(cur);
    const row: { parent_id: string | null } | undefined = await q
      .selectFrom('departments')
      .select('parent_id')
      .where('id', '=', cur)
      .executeTakeFirst();
    cur = row?.parent_id ?? null;
  }
  return path;
}

export async function accessProfileOf(
  ctx: AppContext,
  q: Db | Trx,
  p: Pick<Actor, 'departmentId' | 'clearanceClass'>,
): Promise<AccessProfile> {
  const policy = await getClassificationPolicy(ctx, q);
  return {
    departmentPath: await departmentPath(q, p.departmentId),
    clearanceRank: clearanceRankOf(p.clearanceClass, policy),
  };
}

/** The actor with its access profile attached, as the item policy needs it. */
export async function withAccess(ctx: AppContext, actor: Actor): Promise<Actor> {
  if (actor.access) return actor;
  return { ...actor, access: await accessProfileOf(ctx, ctx.db, actor) };
}
