import { excludedFromContent, type AdminRole } from './roles.js';
import { OPEN_RANK, RANK } from './levels.js';

/**
 * One approval engine for every operation that needs one. A request's chain of steps is derived from the
 * organisation's policy by request type and level, resolved to named approvers when it is submitted
 * (a snapshot: later role changes do not silently re-route a request in flight), and walked step by step.
 * A step needs any one of its approvers, or all of them, and one person approves one step of a request (four
 * eyes). The effect applies only when the last step completes; rejected, withdrawn and expired requests apply
 * nothing.
 */
/**
 * A request's type is `<module>.<verb>` (`classification.reclassify`): each module registers its types with
 * the engine (platform/approvals/request-types.ts); the engine and this kernel name none of them.
 */
export type RequestType = string;
export const REQUEST_TYPE_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * Who approves a step. The organisation's groups: a department's heads and confidentiality officers (sought in
 * the department of the request and then upwards), the leader in charge of that department (主管领导), the
 * confidentiality office (security administrator), leadership, the general manager alone (总经理); a
 * functional role the security administrator maps to people (`role:<code>`, e.g. `role:finance_supervisor`);
 * and the groups a request type's target defines (`custodian`, `classifier` of a secret item), declared by
 * the module that registers the type.
 */
export const ORGANISATION_GROUPS = [
  'dept_head',
  'dept_officer',
  'leader_in_charge',
  'confidentiality_office',
  'leadership',
  'general_manager',
] as const;
export type OrganisationGroup = (typeof ORGANISATION_GROUPS)[number];
export type ApproverGroup = string;
export const ROLE_GROUP_PREFIX = 'role:';

export function isOrganisationGroup(g: string): g is OrganisationGroup {
  return (ORGANISATION_GROUPS as readonly string[]).includes(g);
}

/** The functional role a `role:<code>` group names, or null. */
export function functionalRoleOf(group: string): string | null {
  return group.startsWith(ROLE_GROUP_PREFIX) ? group.slice(ROLE_GROUP_PREFIX.length) : null;
}

export const STEP_MODES = ['any', 'all'] as const;
export type StepMode = (typeof STEP_MODES)[number];

export interface StepPolicy {
  group: ApproverGroup;
  mode: StepMode;
}

/** Chains per classified level tier (rank 2, 3, 4). Open levels need no approval. */
export const CHAIN_TIERS = ['confidential', 'secret', 'top_secret'] as const;
export type ChainTier = (typeof CHAIN_TIERS)[number];
/** Chains by request type and tier; a type missing here takes its registered default. */
export type ChainPolicy = Record<RequestType, Record<ChainTier, StepPolicy[]>>;

export const anyOf = (group: ApproverGroup): StepPolicy => ({ group, mode: 'any' });

export function tierOf(rank: number): ChainTier | null {
  if (rank <= OPEN_RANK) return null;
  if (rank >= RANK.top_secret) return 'top_secret';
  return rank >= RANK.secret ? 'secret' : 'confidential';
}

export function stepsFor(chain: Record<ChainTier, StepPolicy[]>, rank: number): StepPolicy[] {
  const tier = tierOf(rank);
  return tier ? chain[tier] : [];
}

export interface Candidate {
  id: string;
  clearanceRank: number;
  adminRole: AdminRole | null;
  active: boolean;
}

export interface ChainStep {
  group: ApproverGroup;
  mode: StepMode;
  approvers: string[];
}

/**
 * A chain that cannot be built: `no_approver`, nobody of the group is eligible for the step; `four_eyes`, the
 * step's eligible people are all needed for earlier steps (one person approves one step of a request).
 */
export type ChainResult =
  | { ok: true; chain: ChainStep[] }
  | { ok: false; step: number; group: ApproverGroup; problem: 'no_approver' | 'four_eyes' };

/**
 * Resolves policy steps to named approvers: active people of the group, cleared for the level, neither the
 * requester nor anyone who would benefit (the grantee, the people a scope request adds by name), and not the sysadmin or auditor (三员: they approve nothing
 * classified). A step nobody can take is refused at submission, naming the step, instead of stalling later.
 */
export interface ChainRequest {
  requesterId: string;
  /** The person a grant is for (null when the request is about the item itself). */
  subjectId: string | null;
  /** Others who would gain knowledge by the request (people a scope request names): they approve nothing of it. */
  beneficiaryIds?: readonly string[];
  levelRank: number;
}

export function isEligibleApprover(c: Candidate, req: ChainRequest): boolean {
  return (
    c.active &&
    c.id !== req.requesterId &&
    c.id !== req.subjectId &&
    !(req.beneficiaryIds ?? []).includes(c.id) &&
    c.clearanceRank >= req.levelRank &&
    !excludedFromContent(c.adminRole)
  );
}

/**
 * Department groups (dept head, dept officer) are looked for in the department first and then upwards:
 * the first tier (own department, parent, ...) with an eligible approver is the group.
 */
export function firstEligibleTier(tiers: readonly (readonly Candidate[])[], req: ChainRequest): Candidate[] {
  for (const tier of tiers) if (tier.some((c) => isEligibleApprover(c, req))) return [...tier];
  return [];
}

export function buildChain(
  steps: readonly StepPolicy[],
  candidates: Readonly<Partial<Record<ApproverGroup, readonly Candidate[]>>>,
  req: ChainRequest,
): ChainResult {
  const chain: ChainStep[] = [];
  for (const [i, step] of steps.entries()) {
    const approvers = [
      ...new Set((candidates[step.group] ?? []).filter((c) => isEligibleApprover(c, req)).map((c) => c.id)),
    ];
    if (approvers.length === 0) return { ok: false, step: i, group: step.group, problem: 'no_approver' };
    chain.push({ group: step.group, mode: step.mode, approvers });
  }
  const short = unstaffableStep(chain, 0, new Set());
  if (short !== null) return { ok: false, step: short, group: chain[short]!.group, problem: 'four_eyes' };
  return { ok: true, chain };
}

/**
 * Four eyes across steps: one person's approval counts for one step of a request only, so a chain of n steps
 * is approved by n different people (every approver of an `all` step counts for that step). Returns the first
 * step from `from` on that cannot be given people outside `used` (those who approved earlier steps) while
 * every other step keeps its own, or null when all can. `any` steps get distinct representatives by
 * augmenting paths; chains are a few steps long.
 */
export function unstaffableStep(chain: readonly ChainStep[], from: number, used: ReadonlySet<string>): number | null {
  const reserved = new Set<string>();
  for (let j = from; j < chain.length; j++) {
    const step = chain[j]!;
    if (step.mode !== 'all') continue;
    if (step.approvers.some((a) => used.has(a) || reserved.has(a))) return j;
    for (const a of step.approvers) reserved.add(a);
  }
  const stepOf = new Map<string, number>();
  const place = (j: number, seen: Set<string>): boolean => {
    for (const a of chain[j]!.approvers) {
      if (used.has(a) || reserved.has(a) || seen.has(a)) continue;
      seen.add(a);
      const k = stepOf.get(a);
      if (k === undefined || place(k, seen)) {
        stepOf.set(a, j);
        return true;
      }
    }
    return false;
  };
  for (let j = from; j < chain.length; j++) if (chain[j]!.mode === 'any' && !place(j, new Set())) return j;
  return null;
}

/** People who approved a step before the current one: they decide no later step of the request. */
export function earlierApprovers(s: Pick<RequestState, 'currentStep' | 'decisions'>): Set<string> {
  return new Set(
    s.decisions.filter((d) => d.step < s.currentStep && d.decision === 'approve').map((d) => d.approverId),
  );
}

export interface DecisionRecord {
  step: number;
  approverId: string;
  decision: 'approve' | 'reject';
}

export interface RequestState {
  status: RequestStatus;
  currentStep: number;
  chain: readonly ChainStep[];
  decisions: readonly DecisionRecord[];
}

/** Approvers of the current step who have not decided on it yet and approved no earlier step. */
export function pendingApprovers(s: RequestState): string[] {
  if (s.status !== 'pending') return [];
  const step = s.chain[s.currentStep];
  if (!step) return [];
  const decided = new Set(s.decisions.filter((d) => d.step === s.currentStep).map((d) => d.approverId));
  const earlier = earlierApprovers(s);
  return step.approvers.filter((a) => !decided.has(a) && !earlier.has(a));
}

/** Approvers of the current step who approved an earlier step: four eyes, they do not decide this one. */
export function earlierStepApprovers(s: RequestState): string[] {
  if (s.status !== 'pending') return [];
  const step = s.chain[s.currentStep];
  if (!step) return [];
  const earlier = earlierApprovers(s);
  return step.approvers.filter((a) => earlier.has(a));
}

/**
 * Where a request's approver groups are now: the department path the department groups are sought along (the
 * department the request type names: an item's, an access subject's), the leader in charge of that department,
 * the general manager, the holders of the functional roles its chain names, and the holders of its target's
 * own groups (an item's custodian and classifier).
 */
export interface GroupContext {
  departmentPath: readonly string[];
  leaderInCharge: string | null;
  generalManager: string | null;
  roleHolders: Readonly<Record<string, readonly string[]>>;
  targetHolders: Readonly<Record<string, readonly string[]>>;
}

export const NO_GROUPS: GroupContext = {
  departmentPath: [],
  leaderInCharge: null,
  generalManager: null,
  roleHolders: {},
  targetHolders: {},
};

/**
 * Does this person still belong to the group a step's approvers were drawn from? Approvers are named when a
 * request is submitted (a snapshot), but a named approver who has since lost the role — no longer a
 * security administrator, no longer head of a department on the path, no longer the custodian — decides
 * nothing: the role, not the name, carries the authority.
 */
export function holdsGroup(
  p: { id: string; adminRole: AdminRole | null; businessRoles: readonly string[]; departmentId: string | null },
  group: ApproverGroup,
  c: GroupContext,
): boolean {
  switch (group) {
    case 'dept_head':
    case 'dept_officer':
      return p.businessRoles.includes(group) && p.departmentId !== null && c.departmentPath.includes(p.departmentId);
    case 'leadership':
      return p.businessRoles.includes('leadership');
    case 'confidentiality_office':
      return p.adminRole === 'secadmin';
    case 'leader_in_charge':
      return c.leaderInCharge === p.id;
    case 'general_manager':
      return c.generalManager === p.id;
  }
  const role = functionalRoleOf(group);
  if (role !== null) return (c.roleHolders[role] ?? []).includes(p.id);
  return (c.targetHolders[group] ?? []).includes(p.id);
}

/** Does a pending request still wait for a step of this group (the current one or a later one)? */
export function awaitsGroup(
  chain: readonly Pick<ChainStep, 'group'>[],
  currentStep: number,
  group: ApproverGroup,
): boolean {
  return chain.slice(currentStep).some((s) => s.group === group);
}

export function chainApprovers(chain: readonly ChainStep[]): string[] {
  return [...new Set(chain.flatMap((s) => s.approvers))];
}

export type DecideResult =
  | { ok: true; state: RequestState; completed: boolean; decision: DecisionRecord }
  | { ok: false; problem: 'not_pending' | 'not_an_approver' }
  /** Approving here would leave `step` without an approver who approved nothing else: another must decide. */
  | { ok: false; problem: 'needed_later'; step: number };

/**
 * Applies one decision. A rejection ends the request. An approval completes an `any` step at once and an
 * `all` step when every approver of it has approved; completing the last step approves the request
 * (`completed`: the caller applies the effect in the same transaction).
 */
export function decide(s: RequestState, approverId: string, decision: 'approve' | 'reject'): DecideResult {
  if (s.status !== 'pending') return { ok: false, problem: 'not_pending' };
  if (!pendingApprovers(s).includes(approverId)) return { ok: false, problem: 'not_an_approver' };
  const record: DecisionRecord = { step: s.currentStep, approverId, decision };
  const decisions = [...s.decisions, record];
  if (decision === 'approve') {
    const current = s.chain[s.currentStep]!;
    const used = earlierApprovers(s);
    for (const a of current.mode === 'all' ? current.approvers : [approverId]) used.add(a);
    const short = unstaffableStep(s.chain, s.currentStep + 1, used);
    if (short !== null) return { ok: false, problem: 'needed_later', step: short };
  }
  if (decision === 'reject')
    return { ok: true, state: { ...s, status: 'rejected', decisions }, completed: false, decision: record };
  const step = s.chain[s.currentStep]!;
  const approvedHere = new Set(
    decisions.filter((d) => d.step === s.currentStep && d.decision === 'approve').map((d) => d.approverId),
  );
  const stepDone = step.mode === 'any' || step.approvers.every((a) => approvedHere.has(a));
  if (!stepDone) return { ok: true, state: { ...s, decisions }, completed: false, decision: record };
  const next = s.currentStep + 1;
  const completed = next >= s.chain.length;
  return {
    ok: true,
    state: { ...s, decisions, currentStep: next, status: completed ? 'approved' : 'pending' },
    completed,
    decision: record,
  };
}

/** Pending requests expire; an expired request can no longer be decided. */
export function requestExpired(expiresAt: string, at: string): boolean {
  return at >= expiresAt;
}
