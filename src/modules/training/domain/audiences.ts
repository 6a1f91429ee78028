import type { ClearanceClass } from '../../../kernel/roles.js';
import { isCalendarDate } from '../../../kernel/secrecy-period.js';
import { TRAINING_DEFAULTS, type AudienceRule } from '../../../kernel/training.js';

/**
 * Who belongs to an audience (TRN-01..03, 10): a rule over the person's record, never a hand-kept list. Pure: dates are
 * calendar dates of the organisation ('YYYY-MM-DD'), `today` is passed in.
 */
export interface TrainingPersonFacts {
  id: string;
  /** The person's department first, then its parents up to the root (the actor's `departmentPath`). */
  departmentPath: readonly string[];
  post: string | null;
  clearanceClass: ClearanceClass | null;
  /** Uses classified computers (涉密计算机使用人员). */
  computerUser: boolean;
  /** The start date (入职日期), or the day the account was created when none is recorded. */
  startOn: string;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Does this one rule take in the person? */
export function ruleMatches(rule: AudienceRule, person: TrainingPersonFacts, today: string): boolean {
  switch (rule.kind) {
    case 'all':
      return true;
    case 'department':
      return person.departmentPath.includes(rule.departmentId);
    case 'post':
      return person.post !== null && person.post === rule.post;
    case 'clearance':
      return person.clearanceClass !== null && rule.classes.includes(person.clearanceClass);
    case 'computer_users':
      return person.computerUser;
    case 'new_hires':
      // Started within the last `withinDays` days, or starting later (onboarding before entry, TRN-01).
      return person.startOn >= addDays(today, -rule.withinDays);
  }
}

/** A person belongs to an audience when any of its rules takes them in; an empty audience is nobody. */
export function inAudience(rules: readonly AudienceRule[], person: TrainingPersonFacts, today: string): boolean {
  return rules.some((r) => ruleMatches(r, person, today));
}

export type AudienceProblem =
  'audience_duplicate_rule' | 'audience_days_out_of_range' | 'audience_empty_classes' | 'audience_blank_post';

/** What is wrong with an audience as written (the departments' existence is checked by the service), or null. */
export function audienceProblem(rules: readonly AudienceRule[]): AudienceProblem | null {
  const seen = new Set<string>();
  for (const r of rules) {
    const key = JSON.stringify(r.kind === 'clearance' ? { ...r, classes: [...r.classes].sort() } : r);
    if (seen.has(key)) return 'audience_duplicate_rule';
    seen.add(key);
    if (r.kind === 'new_hires' && (!Number.isInteger(r.withinDays) || r.withinDays < 1 || r.withinDays > 3650))
      return 'audience_days_out_of_range';
    if (r.kind === 'clearance' && r.classes.length === 0) return 'audience_empty_classes';
    if (r.kind === 'post' && r.post.trim() === '') return 'audience_blank_post';
  }
  return null;
}

/** The start date a record counts from: the recorded one, else the account's creation day. */
export function startOnOf(hiredOn: string | null, createdOn: string): string {
  return hiredOn !== null && isCalendarDate(hiredOn) ? hiredOn : createdOn;
}

export const DEFAULT_NEW_HIRE_DAYS = TRAINING_DEFAULTS.newHireDays;
