import type { BusinessRole } from './roles.js';
import { anyOf, type ChainTier, type StepPolicy } from './approvals.js';
import { OPEN_RANK, RANK, isClassified, rankOf, type Level } from './levels.js';

/**
 * A secret item (保密事项) of the catalogue and what the policy needs to know about it.
 * Lifecycle: proposed --(classification approved)--> in_force --(declassified)--> declassified;
 * a proposal that is rejected, withdrawn or expires ends as rejected / withdrawn and never takes effect.
 */
export const ITEM_STATUSES = ['proposed', 'in_force', 'declassified', 'rejected', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const SCOPE_KINDS = ['user', 'department', 'role'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export interface ScopeEntry {
  kind: ScopeKind;
  /** user id, department id, or business role code */
  ref: string;
}

/** What a grant may allow. Reading is always part of a grant; the others are asked for one by one. */
export const GRANT_ACTIONS = ['read', 'download', 'print', 'copy', 'excerpt', 'lend'] as const;
export type GrantAction = (typeof GRANT_ACTIONS)[number];

export interface GrantView {
  granteeId: string;
  actions: readonly GrantAction[];
  expiresAt: string; // ISO instant
  revokedAt: string | null;
}

export const CLASSIFIER_KINDS = ['statutory', 'designated'] as const;
export type ClassifierKind = (typeof CLASSIFIER_KINDS)[number];
export const ORIGINS = ['original', 'derivative'] as const;
export type Origin = (typeof ORIGINS)[number];

export const DECLASSIFY_REASONS = ['expired', 'condition_met', 'review', 'decision'] as const;
export type DeclassifyReason = (typeof DECLASSIFY_REASONS)[number];

/**
 * The rank access decisions use: the level's rank while the item is secret, public once declassified
 * (a declassified item is no longer secret; its catalogue entry stays for the record).
 */
export function accessRankOf(level: Level, status: ItemStatus): number {
  return status === 'declassified' ? RANK.public : rankOf(level);
}

export function isOpenRank(rank: number): boolean {
  return rank <= OPEN_RANK;
}

/** Whether a grant is in force at instant `at` (ISO strings compare in time order). */
export function grantActive(g: Pick<GrantView, 'expiresAt' | 'revokedAt'>, at: string): boolean {
  return g.revokedAt === null && g.expiresAt > at;
}

/** Does the scope name this person, one of their departments (sub-departments included) or roles? */
export function scopeMatches(
  scope: readonly ScopeEntry[],
  person: { id: string; departmentPath: readonly string[]; roles: readonly BusinessRole[] },
): boolean {
  for (const s of scope) {
    if (s.kind === 'user' && s.ref === person.id) return true;
    if (s.kind === 'department' && person.departmentPath.includes(s.ref)) return true;
    if (s.kind === 'role' && (person.roles as readonly string[]).includes(s.ref)) return true;
  }
  return false;
}

/**
 * People named anew in the scope of a classified item must be active and cleared for its level: an entry they
 * could never use is a mistake (whoever loses clearance later simply stops seeing the item). Returns the ids
 * that fail.
 */
export function unfitNamedPeople(
  level: Level,
  people: readonly { id: string; active: boolean; clearanceRank: number }[],
): string[] {
  if (!isClassified(level)) return [];
  return people.filter((p) => !p.active || p.clearanceRank < rankOf(level)).map((p) => p.id);
}

/** A classified item needs a non-empty scope: somebody must be allowed to know it. */
export function scopeProblem(level: Level, scope: readonly ScopeEntry[]): 'scope_required' | 'scope_duplicate' | null {
  const keys = new Set(scope.map((s) => `${s.kind}:${s.ref}`));
  if (keys.size !== scope.length) return 'scope_duplicate';
  return isClassified(level) && scope.length === 0 ? 'scope_required' : null;
}

/** How the catalogue may be sorted (the list's `sort`). */
export const ITEM_SORTS = ['number', 'secrecyUntil', 'level'] as const;

/** Review campaigns: the annual review of classification decisions, and the review of who holds access. */
export const REVIEW_KINDS = ['annual', 'access'] as const;
/** What an annual review decides about an item, and what an access review decides about a grant. */
export const ANNUAL_DECISIONS = ['keep', 'declassify', 'reclassify', 'extend'] as const;
export const ACCESS_DECISIONS = ['confirm', 'revoke'] as const;

/**
 * The approval request types classification registers with the engine (`classification.<verb>`): a
 * classification decision and each change of an item, and an access grant.
 */
export const CLASSIFICATION_REQUEST_TYPES = [
  'classification.classify',
  'classification.reclassify',
  'classification.extend',
  'classification.declassify',
  'classification.rescope',
  'classification.access_grant',
] as const;
export type ClassificationRequestType = (typeof CLASSIFICATION_REQUEST_TYPES)[number];

/** Requests that change an item itself: one at a time per item (access grants are per person). */
export const ITEM_CHANGE_REQUEST_TYPES = CLASSIFICATION_REQUEST_TYPES.filter(
  (t) => t !== 'classification.access_grant',
);

/** The groups a secret item gives its requests' chains (besides the organisation's). */
export const ITEM_APPROVER_GROUPS = ['custodian', 'classifier'] as const;

const classificationChain: Record<ChainTier, StepPolicy[]> = {
  confidential: [anyOf('dept_head')],
  secret: [anyOf('dept_head'), anyOf('confidentiality_office')],
  top_secret: [anyOf('dept_head'), anyOf('confidentiality_office'), anyOf('leadership')],
};

export const DEFAULT_CLASSIFICATION_CHAINS: Record<ClassificationRequestType, Record<ChainTier, StepPolicy[]>> = {
  'classification.classify': classificationChain,
  'classification.reclassify': classificationChain,
  'classification.extend': classificationChain,
  'classification.declassify': classificationChain,
  // The need-to-know scope is part of the classification decision: widening it takes the same chain.
  'classification.rescope': classificationChain,
  'classification.access_grant': {
    confidential: [anyOf('custodian')],
    secret: [anyOf('custodian'), anyOf('confidentiality_office')],
    top_secret: [anyOf('custodian'), anyOf('confidentiality_office'), anyOf('leadership')],
  },
};
