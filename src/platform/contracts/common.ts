import { z } from 'zod';
import { MAX_PAGE, MAX_PAGE_SIZE } from '../../kernel/pagination.js';

/** The largest value of an `integer` column (PostgreSQL int4); the bound of every integer a request carries. */
export const MAX_INT32 = 2_147_483_647;

/**
 * Characters no text field stores: C0 controls (multi-line text excepts tab, LF and CR), DEL, C1 controls,
 * and lone UTF-16 surrogates. PostgreSQL refuses NUL (a 500 before this rule), SQLite stored it
 * as is, and a lone surrogate was silently turned into U+FFFD on the way to the database.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_LINE = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function textProblem(s: string, multiline: boolean): string | null {
  if ((multiline ? CONTROL_MULTILINE : CONTROL_LINE).test(s))
    return multiline
      ? 'must not contain control characters'
      : 'must not contain control characters (tabs, line breaks)';
  if (LONE_SURROGATE.test(s)) return 'must not contain unpaired surrogates (invalid Unicode)';
  return null;
}

const checked = (multiline: boolean) => (s: string, c: z.core.$RefinementCtx<string>) => {
  const problem = textProblem(s, multiline);
  if (problem) c.addIssue({ code: 'custom', message: problem });
};

/** One line of free text (names, search terms, filters), at most `max` characters; not trimmed. */
export const lineText = (max: number) => z.string().max(max).superRefine(checked(false));
/** Trimmed one-line text of 1..max characters. */
export const requiredLine = (max: number, min = 1) => z.string().trim().min(min).max(max).superRefine(checked(false));
/** Trimmed one-line text of 0..max characters. */
export const optionalLine = (max: number) => z.string().trim().max(max).superRefine(checked(false));
/** Multi-line free text (content, reasons, comments): tab, LF and CR allowed, other controls not. */
export const multilineText = (max: number, min = 0) => z.string().trim().min(min).max(max).superRefine(checked(true));
/** Multi-line text kept exactly as sent (item content). */
export const rawMultilineText = (max: number) => z.string().max(max).superRefine(checked(true));

/**
 * Query strings arrive as text. We parse integers explicitly (digits only) instead of coercing, so "1e3",
 * " 5" or "0x10" are refused rather than silently reinterpreted.
 */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const pageQuery = {
  page: queryInt(1, MAX_PAGE).optional(),
  pageSize: queryInt(1, MAX_PAGE_SIZE).optional(),
  order: z.enum(['asc', 'desc']).optional(),
};

export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const idParam = z.strictObject({ id: z.uuid() });
export const okResponse = z.object({ ok: z.literal(true) });
/** Stored in an `integer` column and incremented by the update it guards, so one less than the column's maximum. */
export const versionField = z
  .number()
  .int()
  .min(1)
  .max(MAX_INT32 - 1);
/** The version of a setting that may never have been saved (0). */
export const settingVersionField = z
  .number()
  .int()
  .min(0)
  .max(MAX_INT32 - 1);
export const isoDateTime = z.iso.datetime({ offset: true });

/** Trimmed, non-empty, bounded one-line text for names and titles. */
export const nameText = (max = 100) => requiredLine(max);
