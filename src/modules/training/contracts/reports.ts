import { z } from 'zod';
import { COURSE_KINDS, TRAINING_STATES } from '../../../kernel/training.js';
import { USER_STATUSES } from '../../../kernel/roles.js';
import { lineText, queryInt, settingVersionField } from '../../../platform/contracts/common.js';

/**
 * The training settings, the coverage and completion reports (TRN-01/02/10) and their export: requests and answers.
 */

/** The training settings (key 'training'): `TrainingSettings` of the kernel, each bounded. */
export const trainingSettingsSchema = z.strictObject({
  /** Onboarding due this many days after the start date (negative: before it). */
  onboardingOffsetDays: z.number().int().min(-365).max(365),
  /** Refresher interval when a course sets none. */
  refresherMonths: z.number().int().min(1).max(120),
  /** Days to take a refresher one never took, from joining its audience or its publication. */
  newCourseGraceDays: z.number().int().min(0).max(365),
  /** Days before a due date (or a validity's end) a person is reminded. */
  reminderDays: z.number().int().min(0).max(90),
});
export const settingsResponse = z.object({ settings: trainingSettingsSchema, version: z.number().int() });
export const updateSettingsBody = z.strictObject({ version: settingVersionField, settings: trainingSettingsSchema });

export const MAX_REPORT_PAGE = 200;
export const trainingStateSchema = z.enum(TRAINING_STATES);

export const reportFilters = {
  /** A department and its sub-departments (the reader must see it); else the reader's whole scope. */
  departmentId: z.uuid().optional(),
  /** Only this course's dues. */
  courseId: z.uuid().optional(),
  /** Only dues in this state (and the people with one). */
  state: trainingStateSchema.optional(),
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

export const reportDueSchema = z.object({
  courseId: z.string(),
  title: z.string(),
  kind: z.enum(COURSE_KINDS),
  state: trainingStateSchema,
  dueOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  lastCompletedOn: z.string().nullable(),
  /** An open follow-up task (TRN-13) makes it due. */
  assignmentId: z.string().nullable(),
});
export type ReportDue = z.infer<typeof reportDueSchema>;

export const reportRowSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  post: z.string().nullable(),
  status: z.enum(USER_STATUSES),
  /** The dues the filters keep, by course title. */
  dues: z.array(reportDueSchema),
});
export type ReportRow = z.infer<typeof reportRowSchema>;

const byState = z.object({
  completed: z.number().int(),
  expiring: z.number().int(),
  due: z.number().int(),
  overdue: z.number().int(),
});

export const reportResponse = z.object({
  items: z.array(reportRowSchema),
  /** People the filters keep (every page). */
  total: z.number().int(),
  nextCursor: z.string().nullable(),
  /** Over the people in scope with the department, course and name filters (not the state): people, dues per state. */
  totals: z.object({ people: z.number().int(), byState }),
});
export type ReportResponse = z.infer<typeof reportResponse>;

export const COVERAGE_GROUPINGS = ['department', 'post', 'clearance'] as const;
export type CoverageGrouping = (typeof COVERAGE_GROUPINGS)[number];

export const coverageQuery = z.strictObject({
  by: z.enum(COVERAGE_GROUPINGS),
  departmentId: z.uuid().optional(),
  courseId: z.uuid().optional(),
});

export const coverageGroupSchema = z.object({
  /** The department's id, the post, the clearance class; null: none (no department, post or clearance). */
  key: z.string().nullable(),
  /** The department's name, the post, the class code; null as `key`. */
  label: z.string().nullable(),
  /** The people of the group in the reader's scope. */
  people: z.number().int(),
  /** Of them, those with training due to them (any state). */
  inAudience: z.number().int(),
  /** ... with every due one completed (and valid). */
  completed: z.number().int(),
  /** ... with one still to do, none overdue. */
  due: z.number().int(),
  /** ... with one overdue. */
  overdue: z.number().int(),
  /** completed / inAudience, or null when nobody is in the audience. */
  rate: z.number().nullable(),
});
export type CoverageGroup = z.infer<typeof coverageGroupSchema>;

export const coverageResponse = z.object({
  by: z.enum(COVERAGE_GROUPINGS),
  groups: z.array(coverageGroupSchema),
  total: coverageGroupSchema.omit({ key: true, label: true }),
});
export type CoverageResponse = z.infer<typeof coverageResponse>;

/** The caller's open training (due or overdue): the workbench card `training.to_do` counts it. */
export const toDoResponse = z.object({ items: z.array(reportDueSchema), total: z.number().int() });
