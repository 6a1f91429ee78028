import {
  firstEligibleTier,
  type ApproverGroup,
  type Candidate,
  type StepPolicy,
  type ChainRequest,
} from '../../kernel/approvals.js';
import { clearanceRankOf, type ClassificationPolicy } from '../../kernel/levels.js';
import type { AdminRole, ClearanceClass } from '../../kernel/roles.js';
import type { Trx } from '../audit/audit-repo.js';
import { departmentPath } from '../organisation.js';

/**
 * Finds the people who could take each step of a chain. Department groups are looked for in the given
 * department and then upwards; which of them are eligible (active, cleared, not the requester...) is the
 * domain's rule (approvals.ts).
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

export interface ChainContext extends ChainRequest {
  /** The department whose heads/officers approve: the item's for classification, the subject's for access. */
  departmentId: string | null;
  custodianId: string;
  classifierId: string | null;
}

export async function resolveCandidates(
  trx: Trx,
  policy: ClassificationPolicy,
  steps: readonly StepPolicy[],
  c: ChainContext,
): Promise<Partial<Record<ApproverGroup, Candidate[]>>> {
  const out: Partial<Record<ApproverGroup, Candidate[]>> = {};
  const byIds = async (ids: (string | null)[]) => {
    const real = ids.filter((x): x is string => !!x);
    if (!real.length) return [];
    return (await trx.selectFrom('users').select(USER_COLS).where('id', 'in', real).execute()).map((u) =>
      toCandidate(u, policy),
    );
  };
  for (const group of new Set(steps.map((s) => s.group))) {
    switch (group) {
      case 'dept_head':
      case 'dept_officer': {
        const role = group;
        const tiers: Candidate[][] = [];
        for (const d of await departmentPath(trx, c.departmentId)) {
          tiers.push((await withBusinessRole(trx, role, d)).map((u) => toCandidate(u, policy)));
        }
        out[group] = firstEligibleTier(tiers, c);
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
      case 'custodian':
        out[group] = await byIds([c.custodianId]);
        break;
      case 'classifier':
        out[group] = await byIds([c.classifierId]);
        break;
    }
  }
  return out;
}
