import { RANK, rankOf, type Level } from '../../../kernel/levels.js';

/**
 * Loans, circulations and carry-outs (pure): due dates, overdue, the check on return. Dates are calendar dates
 * in the organisation's time zone (ADR 0012), computed by the caller with `todayOf`.
 */

/** Loan periods in days by tier (秘密 / 机密 / 绝密): the defaults the issue names, a setting. */
export interface LoanDays {
  confidential: number;
  secret: number;
  top_secret: number;
}
export const DEFAULT_LOAN_DAYS: LoanDays = { confidential: 14, secret: 7, top_secret: 3 };

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function loanDaysFor(level: Level, days: LoanDays): number {
  const rank = rankOf(level);
  if (rank >= RANK.top_secret) return days.top_secret;
  if (rank >= RANK.secret) return days.secret;
  return days.confidential;
}

/** The due date of a loan made today; a shorter one may be asked for, never a longer one. */
export function loanDueProblem(
  today: string,
  asked: string | null,
  level: Level,
  days: LoanDays,
): { dueOn: string; problem: 'due_in_past' | 'due_beyond_policy' | null } {
  const max = addDays(today, loanDaysFor(level, days));
  if (asked === null) return { dueOn: max, problem: null };
  if (asked < today) return { dueOn: asked, problem: 'due_in_past' };
  return { dueOn: asked, problem: asked > max ? 'due_beyond_policy' : null };
}

/**
 * An extension moves the due date by at most one more loan period from the current due date, and never to a day
 * already past (an overdue loan extended to yesterday would still be overdue).
 */
export function extensionProblem(
  today: string,
  dueOn: string,
  asked: string,
  level: Level,
  days: LoanDays,
): 'due_in_past' | 'extension_not_later' | 'extension_too_long' | null {
  if (asked < today) return 'due_in_past';
  if (asked <= dueOn) return 'extension_not_later';
  return asked > addDays(dueOn, loanDaysFor(level, days)) ? 'extension_too_long' : null;
}

/** Overdue from the day after the due date (due today is not yet overdue). */
export function isOverdue(dueOn: string, today: string): boolean {
  return today > dueOn;
}

/** Whether a reminder is due: `before` days ahead of the due date, until it is returned. */
export function reminderDue(dueOn: string, today: string, before: number): 'due_soon' | 'overdue' | null {
  if (isOverdue(dueOn, today)) return 'overdue';
  return daysBetween(today, dueOn) <= before ? 'due_soon' : null;
}

/**
 * The check on return: the pages and quantity counted must be those registered (复核页数、数量). A shortfall is
 * refused unless the receiver records what is missing, which flags the carrier to the confidentiality office.
 */
export function returnProblem(
  registered: { pages: number | null; quantity: number },
  counted: { pages: number | null; quantity: number },
  note: string | null,
): 'pages_mismatch' | 'quantity_mismatch' | null {
  if (note && note.trim()) return null;
  if (registered.pages !== null && counted.pages !== registered.pages) return 'pages_mismatch';
  return counted.quantity !== registered.quantity ? 'quantity_mismatch' : null;
}

/** Does the return differ from the register (recorded with a note)? */
export function returnDiffers(
  registered: { pages: number | null; quantity: number },
  counted: { pages: number | null; quantity: number },
): boolean {
  return (registered.pages !== null && counted.pages !== registered.pages) || counted.quantity !== registered.quantity;
}

/** A carry-out's planned return must be today or later and within the policy's longest trip. */
export function carryOutReturnProblem(
  today: string,
  returnOn: string,
  maxDays: number,
): 'return_in_past' | 'return_too_far' | null {
  if (returnOn < today) return 'return_in_past';
  return returnOn > addDays(today, maxDays) ? 'return_too_far' : null;
}

/**
 * A destination that is a home or a public place is refused (CAR-11: 不准带回家或其他公共场所). Matched on the text
 * folded to NFKC lower case (full-width letters too), by the words for a home (家中/家里, but not 国家中…/科学家中心),
 * lodgings and places open to the public; "Home Office" and "homeland" are names, not homes.
 */
const PRIVATE_PLACES = [
  /(?<![国学专作画大商厂店行])家[中里]|回家|老家|私宅|住宅|住所|住处|寓所|公寓|宿舍|出租屋/,
  /公共场所|宾馆|酒店|旅馆|旅店|招待所|饭店|餐厅|餐馆|咖啡|茶馆|网吧|商场|超市|公园|酒吧/,
  /\bhome\b(?!\s+office)|\bhouse\b|\bapartment\b|\bflat\b|\bdorm(itory)?\b|\bresidence\b/,
  /\bhotel\b|\bhostel\b|\bmotel\b|\brestaurant\b|\bcaf[eé]\b|\bcoffee\b|\bbar\b|\bpub\b|\bmall\b|\bpublic place\b|\binternet caf/,
];
export function destinationProblem(destination: string): 'private_destination' | null {
  const text = destination.normalize('NFKC').toLowerCase();
  return PRIVATE_PLACES.some((p) => p.test(text)) ? 'private_destination' : null;
}
