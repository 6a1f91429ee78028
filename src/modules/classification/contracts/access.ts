import { z } from 'zod';
import { LEVELS } from '../../../kernel/levels.js';
import {
  ACCESS_DECISIONS,
  ANNUAL_DECISIONS,
  GRANT_ACTIONS,
  REVIEW_KINDS,
  SCOPE_KINDS,
} from '../../../kernel/secret-item.js';
import {
  multilineText,
  pageOf,
  pageQuery,
  queryInt,
  requiredLine,
  versionField,
} from '../../../platform/contracts/common.js';
import { itemDetailSchema, scopeEntrySchema } from './classification.js';

/**
 * Access to items (requests by id or number, break-glass, grants), review campaigns and tasks, and what an
 * item request's approvers see of the item (`requestItemFactsSchema`, the request page's details).
 */

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
  /** Grants ending at or before this instant (to renew in time). */
  expiresBefore: z.iso.datetime({ offset: true }).optional(),
  /** Emergency grants still awaiting the confidentiality office's review. */
  review: z.enum(['pending']).optional(),
});
/** A listed grant with what the viewer may do with it now (a list offers bulk revoking from it). */
export const grantListItemSchema = grantSchema.extend({
  /** The viewer may revoke it (or give it back, their own) now. */
  canRevoke: z.boolean(),
  /** The viewer may review this emergency grant now. */
  canReview: z.boolean(),
});
export type GrantListItem = z.infer<typeof grantListItemSchema>;
export const grantListResponse = pageOf(grantListItemSchema);
export const revokeGrantBody = z.strictObject({ version: versionField, reason: multilineText(1000, 1) });
export const reviewGrantBody = z.strictObject({
  version: versionField,
  verdict: z.enum(['justified', 'unjustified']),
  note: multilineText(1000).nullable().optional(),
});

// ---- Review campaigns (annual classification review, access review)

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
