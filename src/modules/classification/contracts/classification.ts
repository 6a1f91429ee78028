import { CLASSIFICATION_REQUEST_TYPES, ITEM_SORTS } from '../../../kernel/secret-item.js';
import { z } from 'zod';
import { ITEM_ACTIONS } from '../../../policy/classification.js';
import { ITEM_CATEGORIES, LEVELS, LEVEL_SCHEMES } from '../../../kernel/levels.js';
import { PERIOD_UNITS, isTimeZone } from '../../../kernel/secrecy-period.js';
import {
  CLASSIFIER_KINDS,
  DECLASSIFY_REASONS,
  GRANT_ACTIONS,
  ITEM_STATUSES,
  ORIGINS,
  SCOPE_KINDS,
} from '../../../kernel/secret-item.js';
import { BUSINESS_ROLES } from '../../../kernel/roles.js';
import {
  lineText,
  multilineText,
  nameText,
  optionalLine,
  queryInt,
  rawMultilineText,
  settingVersionField,
  versionField,
} from '../../../platform/contracts/common.js';

// ---- Classification policy (levels, periods, clearance mapping, approval chains)

const yearsField = z.number().int().min(1).max(100);
export const classificationPolicySchema = z.strictObject({
  schemes: z.array(z.enum(LEVEL_SCHEMES)).min(1).max(2),
  maxYears: z.strictObject({
    top_secret: yearsField,
    secret: yearsField,
    confidential: yearsField,
    core_commercial: yearsField,
    ordinary_commercial: yearsField,
  }),
  clearance: z.strictObject({ core: z.enum(LEVELS), important: z.enum(LEVELS), general: z.enum(LEVELS) }),
  reviewIntervalMonths: z.number().int().min(1).max(60),
  maxGrantDays: z.number().int().min(1).max(3650),
  emergencyEnabled: z.boolean(),
  emergencyHours: z.number().int().min(1).max(72),
  requestTtlDays: z.number().int().min(1).max(365),
  accessReviewIntervalMonths: z.number().int().min(0).max(60),
  timeZone: lineText(64).min(1).refine(isTimeZone, { message: 'not a known IANA time zone (e.g. Asia/Shanghai)' }),
});

export const levelInfo = z.object({
  code: z.enum(LEVELS),
  scheme: z.enum(LEVEL_SCHEMES).nullable(),
  rank: z.number().int(),
  classified: z.boolean(),
  zh: z.string(),
  en: z.string(),
  inUse: z.boolean(),
  maxYears: z.number().int().nullable(),
});

export const classificationSettingsResponse = z.object({
  policy: classificationPolicySchema,
  policyVersion: z.number().int(),
  levels: z.array(levelInfo),
  categories: z.array(z.enum(ITEM_CATEGORIES)),
});
export type ClassificationSettings = z.infer<typeof classificationSettingsResponse>;

export const updateClassificationPolicyBody = z.strictObject({
  version: settingVersionField,
  policy: classificationPolicySchema,
});

// ---- Classification authorities (定密责任人)

export const classifierSchema = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  kind: z.enum(CLASSIFIER_KINDS),
  maxLevel: z.enum(LEVELS),
  appointedOn: z.string(),
  note: z.string().nullable(),
  revokedAt: z.string().nullable(),
  version: z.number().int(),
});
export type Classifier = z.infer<typeof classifierSchema>;
export const classifierListResponse = z.object({ items: z.array(classifierSchema) });
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const createClassifierBody = z.strictObject({
  userId: z.uuid(),
  kind: z.enum(CLASSIFIER_KINDS),
  maxLevel: z.enum(LEVELS),
  appointedOn: calendarDate.optional(),
  note: multilineText(500).nullable().optional(),
});

// ---- Secret items

export const scopeEntrySchema = z
  .strictObject({
    kind: z.enum(SCOPE_KINDS),
    ref: lineText(64).min(1),
  })
  .superRefine((s, c) => {
    const ok =
      s.kind === 'role' ? (BUSINESS_ROLES as readonly string[]).includes(s.ref) : z.uuid().safeParse(s.ref).success;
    if (!ok)
      c.addIssue({ code: 'custom', message: s.kind === 'role' ? 'unknown role' : 'must be an id', path: ['ref'] });
  });
export const scopeListSchema = z.array(scopeEntrySchema).max(200);

export const periodSchema = z.strictObject({ value: z.number().int().min(1).max(100), unit: z.enum(PERIOD_UNITS) });

export const markingSchema = z.object({ zh: z.string(), en: z.string() });

export const itemSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  category: z.enum(ITEM_CATEGORIES),
  level: z.enum(LEVELS),
  status: z.enum(ITEM_STATUSES),
  marking: markingSchema,
  period: periodSchema.nullable(),
  declassifyCondition: z.string().nullable(),
  markedOn: z.string().nullable(),
  secrecyUntil: z.string().nullable(),
  declassifiedOn: z.string().nullable(),
  custodianId: z.string(),
  custodianName: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ItemSummary = z.infer<typeof itemSummarySchema>;

export const scopeViewSchema = z.object({ kind: z.enum(SCOPE_KINDS), ref: z.string(), label: z.string().nullable() });

export const itemDetailSchema = itemSummarySchema.extend({
  basis: z.string(),
  classifierId: z.string().nullable(),
  classifierName: z.string().nullable(),
  classifierKind: z.enum(CLASSIFIER_KINDS),
  origin: z.enum(ORIGINS),
  sourceItemId: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  lastReviewedOn: z.string().nullable(),
  declassifyReason: z.enum(DECLASSIFY_REASONS).nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  scope: z.array(scopeViewSchema),
  abilities: z.record(z.enum(ITEM_ACTIONS), z.boolean()),
  pendingRequest: z
    .object({ id: z.string(), number: z.string(), type: z.enum(CLASSIFICATION_REQUEST_TYPES) })
    .nullable(),
  myGrants: z.array(
    z.object({ id: z.string(), actions: z.array(z.enum(GRANT_ACTIONS)), expiresAt: z.string(), source: z.string() }),
  ),
});
export type ItemDetail = z.infer<typeof itemDetailSchema>;

export { ITEM_SORTS };
export const MAX_ITEM_PAGE = 100;

const itemFilters = {
  q: optionalLine(64).optional(),
  level: z.enum(LEVELS).optional(),
  category: z.enum(ITEM_CATEGORIES).optional(),
  status: z.enum(ITEM_STATUSES).optional(),
  /** Items kept by this person (e.g. to hand over what someone who leaves keeps). */
  custodianId: z.uuid().optional(),
  /** Items secret until this calendar date or earlier (periods ending soon). */
  secrecyUntilBefore: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .optional(),
};
export const itemListQuery = z.strictObject({
  ...itemFilters,
  sort: z.enum(ITEM_SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: queryInt(1, MAX_ITEM_PAGE).optional(),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]*$/, 'not a cursor')
    .optional(),
});
export const itemCountQuery = z.strictObject(itemFilters);
export const itemListResponse = z.object({ items: z.array(itemSummarySchema), nextCursor: z.string().nullable() });
export const itemCountResponse = z.object({ total: z.number().int() });

export const proposeItemBody = z.strictObject({
  title: nameText(200),
  content: rawMultilineText(20_000),
  category: z.enum(ITEM_CATEGORIES),
  level: z.enum(LEVELS),
  basis: multilineText(1000, 1),
  period: periodSchema.nullable(),
  declassifyCondition: multilineText(500).nullable(),
  classifierId: z.uuid().nullable(),
  origin: z.enum(ORIGINS),
  sourceItemId: z.uuid().nullable().optional(),
  custodianId: z.uuid().optional(),
  departmentId: z.uuid().nullable().optional(),
  scope: scopeListSchema,
  reason: multilineText(1000, 1),
});

export const updateItemBody = z.strictObject({
  version: versionField,
  title: nameText(200).optional(),
  content: rawMultilineText(20_000).optional(),
  category: z.enum(ITEM_CATEGORIES).optional(),
  basis: multilineText(1000, 1).optional(),
  scope: scopeListSchema.optional(),
});

/** Handing an item to a new custodian (the confidentiality office). */
export const transferCustodyBody = z.strictObject({
  version: versionField,
  custodianId: z.uuid(),
  reason: multilineText(1000, 1),
});

export const itemChangeBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('reclassify'),
    reason: multilineText(1000, 1),
    level: z.enum(LEVELS),
    period: periodSchema.nullable(),
    declassifyCondition: multilineText(500).nullable(),
  }),
  z.strictObject({ type: z.literal('extend'), reason: multilineText(1000, 1), period: periodSchema }),
  z.strictObject({
    type: z.literal('declassify'),
    reason: multilineText(1000, 1),
    declassifyReason: z.enum(['condition_met', 'review', 'decision']),
  }),
  /** The whole new scope; it must add someone (narrowing alone is an edit). */
  z.strictObject({ type: z.literal('rescope'), reason: multilineText(1000, 1), scope: scopeListSchema }),
]);

export const itemContentResponse = z.object({ id: z.string(), content: z.string() });

export const historyEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  event: z.string(),
  requestId: z.string().nullable(),
  details: z.unknown(),
});
export const itemHistoryResponse = z.object({ items: z.array(historyEntrySchema) });

export const itemExportQuery = z.strictObject({
  ...itemFilters,
  format: z.enum(['csv', 'xlsx']),
  /** The viewer's language: the list's column names and the codes' words in it. */
  lang: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
});
