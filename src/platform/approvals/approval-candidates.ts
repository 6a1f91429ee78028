import {
  firstEligibleTier,
  functionalRoleOf,
  type ApproverGroup,
  type Candidate,
  type ChainRequest,
  type GroupContext,
  type StepPolicy,
} from '../../kernel/approvals.js';
import { clearanceRankOf, type ClassificationPolicy } from '../../kernel/levels.js';
import type { AdminRole, ClearanceClass } from '../../kernel/roles.js';
import type { Trx } from '../audit/audit-repo.js';
import type { Db } from '../db/database.js';
import { departmentPath } from '../organisation.js';
import { functionalRoleHolders, generalManagerOf, leaderInChargeOf } from '../modules.js';
import { requestTypeOf, type RequestRow } from './request-types.js';

/**
 * Finds the people who could take each step of a chain. Department groups are looked for in the request's
 * department and then upwards; which of them are eligible (active, cleared, not the requester...) is the
 * kernel's rule (approvals.ts).
 */
interface UserLite {
  id: string;
  admin_role: string | null;
  clearance_class: string | null;
  status: string;
}

function toCandidate(u: UserLite, policy: ClassificationPolicy): Candidate {
  return {
    id: u.id,
    adminRole: u.admin_role as AdminRole | null,
    clearanceRank: clearanceRankOf(u.clearance_class as ClearanceClass | null, policy),
    active: u.status === 'active',
  };
}

const USER_COLS = ['id', 'admin_role', 'clearance_class', 'status'] as const;

async function withBusinessRole(trx: Trx, role: string, departmentId?: string) {
  let q = trx
    .selectFrom('users')
    .select(USER_COLS)
    .where('status', '=', 'active')
    .where('business_roles', 'like', `%"${role}"%`);
  if (departmentId) q = q.where('department_id', '=', departmentId);
  return q.orderBy('username').execute();
}

/**
 * Where a request's groups are now (`holdsGroup`): its type says which department and who holds its target's
 * groups; the organisation says who leads that department, who is general manager and who holds the functional
 * roles the chain names.
 */
export async function groupContextFor(q: Db | Trx, req: RequestRow, groups: readonly string[]): Promise<GroupContext> {
  const { departmentId, holders } = await requestTypeOf(req.type).groupsOf(q, req);
  const codes = [...new Set(groups.map(functionalRoleOf).filter((c): c is string => c !== null))];
  const [path, leader, manager, roleHolders] = await Promise.all([
    departmentPath(q, departmentId),
    groups.includes('leader_in_charge') && departmentId ? leaderInChargeOf(q, departmentId) : null,
    groups.includes('general_manager') ? generalManagerOf(q) : null,
    Promise.all(codes.map(async (c) => [c, await functionalRoleHolders(q, c)] as const)),
  ]);
  return {
    departmentPath: path,
    leaderInCharge: leader,
    generalManager: manager,
    roleHolders: Object.fromEntries(roleHolders),
    targetHolders: holders,
  };
}

export async function resolveCandidates(
  trx: Trx,
  policy: ClassificationPolicy,
  steps: readonly StepPolicy[],
  groups: GroupContext,
  req: ChainRequest,
): Promise<Partial<Record<ApproverGroup, Candidate[]>>> {
  const out: Partial<Record<ApproverGroup, Candidate[]>> = {};
  const byIds = async (ids: readonly (string | null)[]) => {
    const real = ids.filter((x): x is string => !!x);
    if (!real.length) return [];
    return (await trx.selectFrom('users').select(USER_COLS).where('id', 'in', real).orderBy('username').execute()).map(
      (u) => toCandidate(u, policy),
    );
  };
  for (const group of new Set(steps.map((s) => s.group))) {
    switch (group) {
      case 'dept_head':
      case 'dept_officer': {
        const tiers: Candidate[][] = [];
        for (const d of groups.departmentPath) {
          tiers.push((await withBusinessRole(trx, group, d)).map((u) => toCandidate(u, policy)));
        }
        out[group] = firstEligibleTier(tiers, req);
        break;
      }
      case 'leadership':
        out[group] = (await withBusinessRole(trx, 'leadership')).map((u) => toCandidate(u, policy));
        break;
      case 'confidentiality_office':
        out[group] = (
          await trx
            .selectFrom('users')
            .select(USER_COLS)
            .where('status', '=', 'active')
            .where('admin_role', '=', 'secadmin')
            .orderBy('username')
            .execute()
        ).map((u) => toCandidate(u, policy));
        break;
      case 'leader_in_charge':
        out[group] = await byIds([groups.leaderInCharge]);
        break;
      case 'general_manager':
        out[group] = await byIds([groups.generalManager]);
        break;
      default: {
        const role = functionalRoleOf(group);
        out[group] = await byIds(
          role !== null ? (groups.roleHolders[role] ?? []) : (groups.targetHolders[group] ?? []),
        );
      }
    }
  }
  return out;
}
