import {
  LEVEL_DEFS,
  isClassified,
  levelsInUse,
  rankOf,
  type ClassificationPolicy,
  type Level,
} from '../../../kernel/levels.js';
import {
  addMonths,
  checkTerm,
  isExpired,
  periodMonths,
  secrecyUntil,
  type PeriodProblem,
  type SecrecyPeriod,
  type SecrecyTerm,
} from '../../../kernel/secrecy-period.js';
import { scopeProblem, type DeclassifyReason, type ItemStatus, type ScopeEntry } from '../../../kernel/secret-item.js';

/**
 * The classification lifecycle as pure transitions: what a proposal or a change must satisfy, and the item
 * state after it takes effect. Approvals decide *whether* a change happens; these rules decide whether it
 * is a valid change at all, checked at submission and again when the last approval applies it.
 */
export interface ItemState {
  level: Level;
  status: ItemStatus;
  /** The marked date (from which the period counts); set when the classification takes effect. */
  markedOn: string | null;
  period: SecrecyPeriod | null;
  condition: string | null;
  secrecyUntil: string | null;
}

export type LifecycleProblem =
  | PeriodProblem
  | 'level_not_in_use'
  | 'not_in_force'
  | 'not_proposed'
  | 'same_level'
  | 'already_expired'
  | 'until_in_past'
  | 'no_period_to_extend'
  | 'extension_not_longer'
  | 'open_level_change'
  | 'scope_required'
  | 'scope_duplicate'
  | 'scope_not_widened'
  | 'open_item';

export function levelProblem(level: Level, policy: Pick<ClassificationPolicy, 'schemes'>): 'level_not_in_use' | null {
  return levelsInUse(policy).includes(level) ? null : 'level_not_in_use';
}

export function proposalProblem(
  level: Level,
  term: SecrecyTerm,
  policy: ClassificationPolicy,
): LifecycleProblem | null {
  return levelProblem(level, policy) ?? checkTerm(level, term, policy);
}

/** The classification takes effect: in force from `today`, the period counting from that date. */
export function applyClassification(s: ItemState, today: string): ItemState {
  if (s.status !== 'proposed') throw new Error('only a proposed item can take effect');
  const markedOn = today;
  return { ...s, status: 'in_force', markedOn, secrecyUntil: secrecyUntil(markedOn, s.period) };
}

export interface ReclassifyChange {
  type: 'reclassify';
  level: Level;
  term: SecrecyTerm;
}
export interface ExtendChange {
  type: 'extend';
  period: SecrecyPeriod;
}
export interface DeclassifyChange {
  type: 'declassify';
  reason: Exclude<DeclassifyReason, 'expired'>;
}
/** A new need-to-know scope that adds someone (narrowing alone needs no approval), beside the scope it replaces. */
export interface RescopeChange {
  type: 'rescope';
  scope: readonly ScopeEntry[];
  before: readonly ScopeEntry[];
}
export type ItemChange = ReclassifyChange | ExtendChange | DeclassifyChange | RescopeChange;

/** What a new scope adds to and removes from the current one. */
export function scopeDiff(
  before: readonly ScopeEntry[],
  after: readonly ScopeEntry[],
): { added: ScopeEntry[]; removed: ScopeEntry[] } {
  const key = (e: ScopeEntry) => `${e.kind}:${e.ref}`;
  const had = new Set(before.map(key));
  const has = new Set(after.map(key));
  return { added: after.filter((e) => !had.has(key(e))), removed: before.filter((e) => !has.has(key(e))) };
}

/** The scope after an approved change: what it removes goes, what it adds comes (once), the rest stays. */
export function applyScopeChange(
  current: readonly ScopeEntry[],
  added: readonly ScopeEntry[],
  removed: readonly ScopeEntry[],
): ScopeEntry[] {
  const key = (e: ScopeEntry) => `${e.kind}:${e.ref}`;
  const gone = new Set(removed.map(key));
  const kept = current.filter((e) => !gone.has(key(e)));
  const had = new Set(kept.map(key));
  return [...kept, ...added.filter((e) => !had.has(key(e))).map(({ kind, ref }) => ({ kind, ref }))];
}

/**
 * Whether an edit may set this scope directly. Widening who may know an item in force is a classification
 * decision and goes through approval (`scope_widening_needs_approval`). A proposal is not in force: its scope
 * may change until an approver has approved a step of its classification (then the approvers decided on the
 * scope they saw: `scope_frozen_in_approval`; withdraw and propose again). Narrowing takes away nothing granted
 * by approval and applies at once; open items are visible to everyone anyway.
 */
export function scopeEditProblem(
  s: Pick<ItemState, 'level' | 'status'>,
  before: readonly ScopeEntry[],
  after: readonly ScopeEntry[],
  approvalStarted: boolean,
): 'scope_widening_needs_approval' | 'scope_frozen_in_approval' | null {
  if (!isClassified(s.level) || scopeDiff(before, after).added.length === 0) return null;
  if (s.status === 'in_force') return 'scope_widening_needs_approval';
  return s.status === 'proposed' && approvalStarted ? 'scope_frozen_in_approval' : null;
}

/** What an edit of an item may change besides its scope. */
export const EDITABLE_FIELDS = ['title', 'content', 'category', 'basis'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/**
 * Whether an edit may change these fields. Once an approver has approved a step of a proposal's
 * classification, the approvers decided on the proposal they read: its title, content, category and basis are
 * frozen with its scope (`proposal_frozen_in_approval`; withdraw and propose again). Before that, and on items
 * in force, the custodian edits them (an edit makes open decision pages stale, see the service).
 */
export function proposalEditProblem(
  status: ItemState['status'],
  approvalStarted: boolean,
  changed: readonly EditableField[],
): 'proposal_frozen_in_approval' | null {
  return status === 'proposed' && approvalStarted && changed.length > 0 ? 'proposal_frozen_in_approval' : null;
}

/** Upgrade or downgrade: the level the change moves to, compared by rank. */
export function reclassifyDirection(from: Level, to: Level): 'upgrade' | 'downgrade' | 'lateral' {
  const a = rankOf(from);
  const b = rankOf(to);
  return b > a ? 'upgrade' : b < a ? 'downgrade' : 'lateral';
}

/**
 * Whether a change may be made to an item on `today`. Changes are decided before expiry: once the until-date
 * has come, the item is due for automatic declassification and can no longer be extended or reclassified.
 */
export function changeProblem(
  s: ItemState,
  change: ItemChange,
  policy: ClassificationPolicy,
  today: string,
): LifecycleProblem | null {
  if (s.status !== 'in_force') return 'not_in_force';
  if (isExpired(s.secrecyUntil, today)) return 'already_expired';
  switch (change.type) {
    case 'reclassify': {
      if (change.level === s.level) return 'same_level';
      if (!isClassified(change.level)) return 'open_level_change'; // going open is declassification
      const p = levelProblem(change.level, policy) ?? checkTerm(change.level, change.term, policy);
      if (p) return p;
      const until = secrecyUntil(s.markedOn ?? today, change.term.period);
      return until !== null && until <= today ? 'until_in_past' : null;
    }
    case 'extend': {
      if (!s.period) return 'no_period_to_extend';
      if (periodMonths(change.period) <= periodMonths(s.period)) return 'extension_not_longer';
      return checkTerm(s.level, { period: change.period, condition: null }, policy);
    }
    case 'declassify':
      return null;
    case 'rescope':
      // Open items have no need-to-know; a scope request must add someone (narrowing is an edit).
      if (!isClassified(s.level)) return 'open_item';
      return (
        scopeProblem(s.level, change.scope) ??
        (scopeDiff(change.before, change.scope).added.length === 0 ? 'scope_not_widened' : null)
      );
  }
}

export function applyChange(s: ItemState, change: ItemChange, today: string): ItemState {
  switch (change.type) {
    case 'reclassify': {
      const markedOn = s.markedOn ?? today;
      return {
        ...s,
        level: change.level,
        period: change.term.period,
        condition: change.term.condition,
        secrecyUntil: secrecyUntil(markedOn, change.term.period),
      };
    }
    case 'extend':
      return { ...s, period: change.period, secrecyUntil: secrecyUntil(s.markedOn ?? today, change.period) };
    case 'declassify':
      return { ...s, status: 'declassified' };
    case 'rescope':
      return s; // the scope lives beside the state (the need-to-know index)
  }
}

/** The level whose chain governs a change: the higher of the current and the target level. */
export function governingRank(s: Pick<ItemState, 'level'>, change: ItemChange | null): number {
  const current = rankOf(s.level);
  return change?.type === 'reclassify' ? Math.max(current, rankOf(change.level)) : current;
}

/** Items in force whose until-date has come are declassified by the scheduled job. */
export function dueForDeclassification(s: Pick<ItemState, 'status' | 'secrecyUntil'>, today: string): boolean {
  return s.status === 'in_force' && isExpired(s.secrecyUntil, today);
}

/** Every item in force is reviewed once per interval (default a year). */
export function nextReviewOn(from: string, policy: Pick<ClassificationPolicy, 'reviewIntervalMonths'>): string {
  return addMonths(from, policy.reviewIntervalMonths);
}

export function levelName(level: Level, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? LEVEL_DEFS[level].zh : LEVEL_DEFS[level].en;
}
