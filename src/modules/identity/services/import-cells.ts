/**
 * The organisation import's cells, pure: what the reader hands over, the problems in both languages, and the
 * columns that are more than text (business roles, the hire date, the computer-user flag). Table-tested in
 * test/unit/identity/import-rules.test.ts.
 */
import { BUSINESS_ROLES, type BusinessRole } from '../../../kernel/roles.js';
import { createUserBody } from '../contracts/directory.js';
import { problemText, type ImportError, type ImportProblem } from '../contracts/import.js';
import { IDENTITY_CODE_TEXTS } from '../contracts/notifications.js';

/**
 * A cell as the reader hands it over: its text; a date cell's calendar date ('YYYY-MM-DD', as the sheet shows
 * it, whatever the server's time zone); a TRUE/FALSE cell's value; or why it cannot be taken at all. Only the
 * hire date takes a date and only the computer-user column a TRUE/FALSE: elsewhere they are `not_text`.
 */
export type ImportCell = { text: string } | { date: string } | { yesNo: boolean } | { refused: 'formula' | 'not_text' };
export interface RawRow<C extends string> {
  row: number;
  cells: Partial<Record<C, ImportCell>>;
}

/** A problem on a column, in both languages. */
export function importError(
  column: string | null,
  problem: ImportProblem,
  params: Record<string, string> = {},
): ImportError {
  return {
    column,
    problem,
    message: { 'zh-CN': problemText(problem, 'zh-CN', params), 'en-US': problemText(problem, 'en-US', params) },
  };
}

/** Text a spreadsheet would evaluate: refused on the way in, as exports neutralise it on the way out. */
export const FORMULA_LIKE = /^[=+\-@\t\r]/;

/** Role names a cell may use: the code, or its name in either language (English in any case). */
const ROLE_NAMES: ReadonlyMap<string, BusinessRole> = new Map(
  BUSINESS_ROLES.flatMap((r) => [
    [r.toLowerCase(), r],
    [IDENTITY_CODE_TEXTS.role['zh-CN'][r].toLowerCase(), r],
    [IDENTITY_CODE_TEXTS.role['en-US'][r].toLowerCase(), r],
  ]),
);
const ROLE_SEPARATORS = /[,，、;；\n]+/;

export function parseBusinessRoles(text: string): { roles: BusinessRole[]; errors: ImportError[] } {
  const roles: BusinessRole[] = [];
  const errors: ImportError[] = [];
  for (const token of text
    .split(ROLE_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const role = ROLE_NAMES.get(token.toLowerCase());
    if (!role) {
      errors.push(
        importError('businessRoles', 'unknown_role', {
          value: token,
          allowed: BUSINESS_ROLES.map((r) => `${r} ${IDENTITY_CODE_TEXTS.role['zh-CN'][r]}`).join(', '),
        }),
      );
    } else if (!roles.includes(role)) roles.push(role);
  }
  if (roles.length > 4) errors.push(importError('businessRoles', 'too_many_roles'));
  return { roles, errors };
}

/** What an optional typed cell parses to: the text the preview shows, the value, or its problems. */
export interface ParsedCell<T> {
  shown: string;
  value: T;
  errors: ImportError[];
}

const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The hire date (入职日期): a date cell, or text 'YYYY-MM-DD' (a day the calendar has, by the create form's own
 * schema); empty: no date.
 */
export function parseHiredOn(cell: ImportCell | undefined): ParsedCell<string | null> {
  const none = { shown: '', value: null };
  if (!cell) return { ...none, errors: [] };
  if ('refused' in cell) return { ...none, errors: [importError('hiredOn', cell.refused)] };
  if ('yesNo' in cell) {
    const shown = cell.yesNo ? 'TRUE' : 'FALSE';
    return { shown, value: null, errors: [importError('hiredOn', 'bad_date', { value: shown })] };
  }
  const shown = 'date' in cell ? cell.date : cell.text.trim();
  if (shown === '') return { ...none, errors: [] };
  const refuse = (problem: ImportProblem) => ({
    shown,
    value: null,
    errors: [importError('hiredOn', problem, { value: shown })],
  });
  if (FORMULA_LIKE.test(shown)) return refuse('formula');
  if (!ISO_DATE_SHAPE.test(shown)) return refuse('bad_date');
  if (!createUserBody.shape.hiredOn.safeParse(shown).success) return refuse('no_such_date');
  return { shown, value: shown, errors: [] };
}

const YES_NO: ReadonlyMap<string, boolean> = new Map([
  ['是', true],
  ['否', false],
  ['yes', true],
  ['no', false],
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
]);

/** Whether the person uses computers (计算机用户): 是/否, yes/no, true/false or 1/0 in any case; empty: no. */
export function parseComputerUser(cell: ImportCell | undefined): ParsedCell<boolean> {
  if (!cell) return { shown: '', value: false, errors: [] };
  if ('refused' in cell) return { shown: '', value: false, errors: [importError('computerUser', cell.refused)] };
  if ('yesNo' in cell) return { shown: cell.yesNo ? 'TRUE' : 'FALSE', value: cell.yesNo, errors: [] };
  const shown = 'date' in cell ? cell.date : cell.text.trim();
  if (shown === '') return { shown, value: false, errors: [] };
  if (FORMULA_LIKE.test(shown)) return { shown, value: false, errors: [importError('computerUser', 'formula')] };
  const value = YES_NO.get(shown.toLowerCase());
  if (value === undefined)
    return { shown, value: false, errors: [importError('computerUser', 'bad_yes_no', { value: shown })] };
  return { shown, value, errors: [] };
}
