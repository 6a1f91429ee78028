import {
  ITEM_CATEGORIES,
  LEVELS,
  LEVEL_DEFS,
  levelsInUse,
  maxYearsOf,
  type ClassificationPolicy,
} from '../../../kernel/levels.js';
import { authorize } from '../../../platform/authorize.js';
import type { ClassificationSettings } from '../contracts/classification.js';
import { AppError } from '../../../platform/errors.js';
import { audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { changedFields } from '../../../platform/settings/setting-store.js';
import { classificationPolicy } from '../../../platform/organisation.js';

// Read by every module: they live in the platform (organisation settings, access profile).
export {
  accessProfileOf,
  departmentPath,
  getClassificationPolicy,
  todayOf,
  withAccess,
} from '../../../platform/organisation.js';

/** The settings as the API serves them: to whoever the policy lets view classification (refusal audited). */
export async function viewClassificationSettings(ctx: AppContext, rc: RequestContext): Promise<ClassificationSettings> {
  await authorize(
    ctx,
    rc,
    'classification.view',
    { kind: 'none' },
    {
      audit: { action: 'settings.view', targetType: 'settings', targetId: 'classification' },
    },
  );
  return classificationSettings(ctx);
}

export async function classificationSettings(ctx: AppContext): Promise<ClassificationSettings> {
  const p = await classificationPolicy.fresh(ctx);
  const inUse = new Set(levelsInUse(p.value));
  return {
    policy: p.value,
    policyVersion: p.version,
    levels: LEVELS.map((code) => ({
      ...LEVEL_DEFS[code],
      inUse: inUse.has(code),
      maxYears: maxYearsOf(code, p.value),
    })),
    categories: [...ITEM_CATEGORIES],
  };
}

const requireManage = (ctx: AppContext, rc: RequestContext, targetId: string) =>
  authorize(
    ctx,
    rc,
    'classification.manage',
    { kind: 'none' },
    {
      audit: { action: 'classification.settings_update', targetType: 'settings', targetId },
    },
  );

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
