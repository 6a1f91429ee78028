import { ACCESS_DECISIONS, ANNUAL_DECISIONS, REVIEW_KINDS } from '../../kernel/secret-item.js';
import { z } from 'zod';
import { APPROVER_GROUPS, REQUEST_STATUSES, REQUEST_TYPES, STEP_MODES } from '../../kernel/approvals.js';
import { LEVELS } from '../../kernel/levels.js';
import { GRANT_ACTIONS, SCOPE_KINDS } from '../../kernel/secret-item.js';
import { multilineText, pageOf, pageQuery, queryInt, requiredLine, versionField } from '../contracts/common.js';
import { itemDetailSchema, scopeEntrySchema } from '../../modules/classification/contracts/classification.js';

// ---- Requests and the approval inbox

export const chainStepView = z.object({
  group: z.enum(APPROVER_GROUPS),
  mode: z.enum(STEP_MODES),
  approvers: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
});

export const decisionView = z.object({
  step: z.number().int(),
  approverId: z.string(),
  approverName: z.string().nullable(),
  decision: z.enum(['approved', 'rejected']),
  comment: z.string().nullable(),
  decidedAt: z.string(),
});

export const requestSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  type: z.enum(REQUEST_TYPES),
  status: z.enum(REQUEST_STATUSES),
  itemId: z.string(),
  itemNumber: z.string(),
  /** null when the viewer may not learn them yet (an access request by number, before it is granted). */
  itemTitle: z.string().nullable(),
  itemLevel: z.enum(LEVELS).nullable(),
  requesterId: z.string(),
  requesterName: z.string().nullable(),
  subjectId: z.string().nullable(),
  subjectName: z.string().nullable(),
  reason: z.string(),
  currentStep: z.number().int(),
  stepCount: z.number().int(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  expiresAt: z.string(),
  version: z.number().int(),
});
export type RequestSummary = z.infer<typeof requestSummarySchema>;

/** The item's particulars as its approvers decide on them (see `requestShowsItemFacts`); never its content. */
export const requestItemFactsSchema = itemDetailSchema.pick({
  category: true,
  level: true,
  status: true,
  marking: true,
  period: true,
  declassifyCondition: true,
  secrecyUntil: true,
  basis: true,
  classifierName: true,
  classifierKind: true,
  origin: true,
  custodianName: true,
  departmentName: true,
  scope: true,
});
export type RequestItemFacts = z.infer<typeof requestItemFactsSchema>;

export const requestDetailSchema = requestSummarySchema.extend({
  payload: z.record(z.string(), z.unknown()),
  itemFacts: requestItemFactsSchema.nullable(),
  chain: z.array(chainStepView),
  decisions: z.array(decisionView),
  canDecide: z.boolean(),
  canWithdraw: z.boolean(),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;

export const REQUEST_BOXES = ['mine', 'inbox', 'decided'] as const;
export const requestListQuery = z.strictObject({
  ...pageQuery,
  box: z.enum(REQUEST_BOXES),
  status: z.enum(REQUEST_STATUSES).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
});
export const requestListResponse = pageOf(requestSummarySchema);
export const requestCountsResponse = z.object({
  inbox: z.number().int(),
  minePending: z.number().int(),
  reviewTasks: z.number().int(),
});

export const decideBody = z.strictObject({
  version: versionField,
  decision: z.enum(['approve', 'reject']),
  comment: multilineText(1000).nullable().optional(),
});
export const versionOnlyBody = z.strictObject({ version: versionField });

export const accessRequestBody = z
  .strictObject({
    itemId: z.uuid().optional(),
    itemNumber: requiredLine(40).optional(),
    subjectId: z.uuid().optional(),
    actions: z.array(z.enum(GRANT_ACTIONS)).min(1).max(GRANT_ACTIONS.length),
    days: z.number().int().min(1).max(3650),
    reason: multilineText(1000, 1),
  })
  .refine((b) => (b.itemId === undefined) !== (b.itemNumber === undefined), {
    message: 'give itemId or itemNumber, not both',
    path: ['itemId'],
  });

export const emergencyAccessBody = z.strictObject({ reason: multilineText(1000, 10) });
/** Break-glass by item number: the person may not be able to see the item, so they cannot know its id. */
export const emergencyByNumberBody = z.strictObject({ itemNumber: requiredLine(40), reason: multilineText(1000, 10) });

// ---- Grants

export const grantSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  itemNumber: z.string(),
  itemTitle: z.string(),
  itemLevel: z.enum(LEVELS),
  granteeId: z.string(),
  granteeName: z.string().nullable(),
  actions: z.array(z.enum(GRANT_ACTIONS)),
  source: z.enum(['request', 'emergency']),
  requestId: z.string().nullable(),
  reason: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  active: z.boolean(),
  reviewStatus: z.enum(['pending', 'justified', 'unjustified']).nullable(),
  reviewNote: z.string().nullable(),
  version: z.number().int(),
});
export type Grant = z.infer<typeof grantSchema>;

export const GRANT_VIEWS = ['mine', 'managed', 'emergency'] as const;
export const grantListQuery = z.strictObject({
  ...pageQuery,
  view: z.enum(GRANT_VIEWS),
  active: z.enum(['true', 'false']).optional(),
  itemId: z.uuid().optional(),
});
export const grantListResponse = pageOf(grantSchema);
export const revokeGrantBody = z.strictObject({ version: versionField, reason: multilineText(1000, 1) });
export const reviewGrantBody = z.strictObject({
  version: versionField,
  verdict: z.enum(['justified', 'unjustified']),
  note: multilineText(1000).nullable().optional(),
});

// ---- Review campaigns (annual classification review, access review)

export { ACCESS_DECISIONS, ANNUAL_DECISIONS, REVIEW_KINDS };

export const campaignSchema = z.object({
  id: z.string(),
  kind: z.enum(REVIEW_KINDS),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  dueOn: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  taskCount: z.number().int(),
  doneCount: z.number().int(),
});
export const campaignListResponse = z.object({ items: z.array(campaignSchema) });
export const createCampaignBody = z.strictObject({
  kind: z.enum(REVIEW_KINDS),
  title: requiredLine(200),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
});

export const reviewTaskSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  campaignKind: z.enum(REVIEW_KINDS),
  campaignTitle: z.string(),
  dueOn: z.string(),
  itemId: z.string(),
  itemNumber: z.string(),
  itemTitle: z.string(),
  itemLevel: z.enum(LEVELS),
  itemSecrecyUntil: z.string().nullable(),
  reviewerId: z.string(),
  reviewerName: z.string().nullable(),
  status: z.enum(['pending', 'done']),
  decision: z.string().nullable(),
  comment: z.string().nullable(),
  decidedAt: z.string().nullable(),
  requestId: z.string().nullable(),
  version: z.number().int(),
});
export type ReviewTask = z.infer<typeof reviewTaskSchema>;
export const reviewTaskListQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(['pending', 'done']).optional(),
  campaignId: z.uuid().optional(),
});
export const reviewTaskListResponse = pageOf(reviewTaskSchema);

export const accessEntrySchema = z.object({
  kind: z.enum([...SCOPE_KINDS, 'grant']),
  ref: z.string(),
  label: z.string().nullable(),
  grantId: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export const reviewTaskDetailSchema = reviewTaskSchema.extend({ access: z.array(accessEntrySchema) });

export const decideReviewBody = z.strictObject({
  version: versionField,
  decision: z.enum([...ANNUAL_DECISIONS, ...ACCESS_DECISIONS]),
  comment: multilineText(1000).nullable().optional(),
  /** access review "revoke": grants to revoke and scope entries to remove. */
  revokeGrantIds: z.array(z.uuid()).max(200).optional(),
  removeScope: z.array(scopeEntrySchema).max(200).optional(),
  /** annual review "reclassify"/"extend": the change to request. */
  level: z.enum(LEVELS).optional(),
  period: z
    .strictObject({ value: z.number().int().min(1).max(100), unit: z.enum(['years', 'months']) })
    .nullable()
    .optional(),
  declassifyCondition: multilineText(500).nullable().optional(),
});

export const limitQuery = z.strictObject({ limit: queryInt(1, 100).optional() });
