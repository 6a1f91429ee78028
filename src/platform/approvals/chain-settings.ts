import {
  CHAIN_TIERS,
  functionalRoleOf,
  isOrganisationGroup,
  ORGANISATION_GROUPS,
  type ChainPolicy,
  type ChainTier,
  type StepPolicy,
} from '../../kernel/approvals.js';
import { authorize } from '../authorize.js';
import { AppError } from '../errors.js';
import { audit, tx, type AppContext, type RequestContext } from '../context.js';
import type { Trx } from '../audit/audit-repo.js';
import type { Db } from '../db/database.js';
import { changedFields, settingStore } from '../settings/setting-store.js';
import { functionalRoles } from '../modules.js';
import { findRequestType, requestTypes } from './request-types.js';
import type { ApprovalChains } from './contracts.js';

/**
 * The approval chains by request type and tier: what the security administrator saved, and for a type never
 * saved its registered default (so a new module's types need no migration of this setting).
 */
const stored = settingStore<ChainPolicy>('approval_chains', {});

export async function chainFor(ctx: AppContext, q: Db | Trx, type: string): Promise<Record<ChainTier, StepPolicy[]>> {
  const def = findRequestType(type);
  if (!def) throw new AppError('validation_failed', `Unknown request type ${type}`, { field: 'type' });
  return (await stored.get(ctx, q)).value[type] ?? def.defaultChain;
}

/** The groups a chain of this type may name: the organisation's, its functional roles', its target's. */
function groupsFor(type: string, roles: readonly string[]): string[] {
  const def = findRequestType(type);
  return [...ORGANISATION_GROUPS, ...roles.map((r) => `role:${r}`), ...(def?.targetGroups ?? [])];
}

export async function viewChains(ctx: AppContext): Promise<ApprovalChains> {
  const [{ value, version }, roles] = await Promise.all([stored.fresh(ctx), functionalRoles(ctx.db)]);
  const codes = roles.map((r) => r.code);
  const types = requestTypes();
  return {
    version,
    chains: Object.fromEntries(types.map((d) => [d.type, value[d.type] ?? d.defaultChain])),
    types: types.map((d) => ({ type: d.type, targetType: d.targetType, groups: groupsFor(d.type, codes) })),
    roles: roles.map((r) => ({ code: r.code, nameZh: r.nameZh, nameEn: r.nameEn })),
  };
}

/** Why a chain cannot be saved (unknown type or group), or null. */
function chainProblem(chains: ChainPolicy, roles: readonly string[]): { field: string; message: string } | null {
  for (const [type, tiers] of Object.entries(chains)) {
    if (!findRequestType(type)) return { field: `chains.${type}`, message: `Unknown request type ${type}` };
    const allowed = new Set(groupsFor(type, roles));
    for (const tier of CHAIN_TIERS) {
      for (const [i, step] of (tiers[tier] ?? []).entries()) {
        if (allowed.has(step.group)) continue;
        const role = functionalRoleOf(step.group);
        return {
          field: `chains.${type}.${tier}.${i}.group`,
          message:
            role !== null
              ? `There is no functional role ${role}: add it on the departments page first`
              : isOrganisationGroup(step.group)
                ? `${step.group} cannot approve this request type`
                : `Unknown approver group ${step.group} for ${type}`,
        };
      }
    }
  }
  return null;
}

export async function updateChains(
  ctx: AppContext,
  rc: RequestContext,
  input: { version: number; chains: ChainPolicy },
): Promise<ApprovalChains> {
  await authorize(
    ctx,
    rc,
    'approval.manage_chains',
    { kind: 'none' },
    { audit: { action: 'approval.chains_update', targetType: 'settings', targetId: 'approval_chains' } },
  );
  const roles = (await functionalRoles(ctx.db)).map((r) => r.code);
  const problem = chainProblem(input.chains, roles);
  if (problem) throw new AppError('validation_failed', problem.message, { field: problem.field });
  await tx(ctx, async (trx) => {
    const { before } = await stored.save(trx, ctx, input.version, input.chains);
    // Compared with the chains in force: a type never saved had its default.
    const inForce = Object.fromEntries(requestTypes().map((d) => [d.type, before[d.type] ?? d.defaultChain]));
    const after = Object.fromEntries(requestTypes().map((d) => [d.type, input.chains[d.type] ?? d.defaultChain]));
    await audit(trx, ctx, rc, {
      action: 'approval.chains_update',
      targetType: 'settings',
      targetId: 'approval_chains',
      details: { changed: changedFields(inForce, after) },
    });
  });
  stored.invalidate(ctx);
  return viewChains(ctx);
}
