import { z } from 'zod';
import { AGREEMENT_KINDS, OBLIGATION_STATES } from '../../../kernel/agreements.js';
import { USER_STATUSES } from '../../../kernel/roles.js';
import { lineText, queryInt } from '../../../platform/contracts/common.js';

/**
 * The agreements report (PER-01/02/04/06/08): per person in the reader's scope, where they stand with each
 * agreement they must sign; filters by department (with its sub-departments), state, kind and name; totals per
 * state; the same rows exported to CSV/XLSX.
 */
export const MAX_REPORT_PAGE = 200;

export const reportFilters = {
  /** A department and its sub-departments (the reader must see it); else the reader's whole scope. */
  departmentId: z.uuid().optional(),
  /** Only obligations in this state (and people with one). */
  state: z.enum(OBLIGATION_STATES).optional(),
  /** Only obligations past their date (`overdue`, `resign_overdue`): the office's overdue list. */
  overdue: z.enum(['true']).optional(),
  /** Only obligations to sign again (a new version, or the validity ended): who must re-sign. */
  resign: z.enum(['true']).optional(),
  /** Only agreements of this kind. */
  kind: z.enum(AGREEMENT_KINDS).optional(),
  /** Name or username contains. */
  q: lineText(100).optional(),
};
export const reportQuery = z.strictObject({
  ...reportFilters,
  limit: queryInt(1, MAX_REPORT_PAGE).optional(),
  /** The username key the previous page ended at (its `nextCursor`). */
  cursor: lineText(200).optional(),
});
export const reportExportQuery = z.strictObject({
  ...reportFilters,
  format: z.enum(['csv', 'xlsx']),
  lang: z.enum(['zh-CN', 'en-US']).optional(),
});

export const reportObligationSchema = z.object({
  templateId: z.string(),
  title: z.string(),
  kind: z.enum(AGREEMENT_KINDS),
  versionId: z.string(),
  versionNo: z.number().int(),
  state: z.enum(OBLIGATION_STATES),
  dueOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  signatureId: z.string().nullable(),
});
export type ReportObligation = z.infer<typeof reportObligationSchema>;

export const reportRowSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  post: z.string().nullable(),
  status: z.enum(USER_STATUSES),
  /** The office asked this person for the departure NDA (the leaver list). */
  leaver: z.boolean(),
  /** The agreements shown (those the filters keep), in the order the rule lists them. */
  obligations: z.array(reportObligationSchema),
});
export type ReportRow = z.infer<typeof reportRowSchema>;

export const reportResponse = z.object({
  items: z.array(reportRowSchema),
  /** People the filters keep (every page). */
  total: z.number().int(),
  nextCursor: z.string().nullable(),
  /**
   * Over the people in scope with the department, kind and name filters (not the state filters): how many, and
   * their obligations per state.
   */
  totals: z.object({ people: z.number().int(), byState: z.record(z.enum(OBLIGATION_STATES), z.number().int()) }),
});
export type ReportResponse = z.infer<typeof reportResponse>;
