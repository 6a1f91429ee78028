import { z } from 'zod';
import { CHAIN_TIERS, REQUEST_STATUSES, REQUEST_TYPE_PATTERN, STEP_MODES } from '../../kernel/approvals.js';
import { LEVELS } from '../../kernel/levels.js';
import { multilineText, pageOf, pageQuery, settingVersionField, versionField } from '../contracts/common.js';

// ---- Requests and the approval inbox

/** A registered request type's name, `<module>.<verb>`. */
export const requestTypeField = z.string().regex(REQUEST_TYPE_PATTERN, 'a request type, <module>.<verb>');
/** An approver group: the organisation's, `role:<code>`, or one its target defines. */
export const approverGroupField = z.string().regex(/^(role:)?[a-z][a-z0-9_]{1,39}$/, 'an approver group');

export const chainStepView = z.object({
  group: z.string(),
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
  /** A decision signed on paper and recorded on the approver's behalf (null: decided in Baomi). */
  recordedBy: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  /** The scanned paper form of a recorded decision. */
  hasEvidence: z.boolean(),
  /** Its id, to read it: `GET /api/requests/:id/paper-evidence/:evidenceId` (null: none). */
  evidenceId: z.string().nullable(),
  /** The date the approver signed the paper form (null: decided in Baomi). */
  signedOn: z.string().nullable(),
});

export const requestSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  type: z.string(),
  status: z.enum(REQUEST_STATUSES),
  targetType: z.string(),
  targetId: z.string(),
  /** The target's own reference (an item's number). */
  targetReference: z.string(),
  /** null when the viewer may not learn them (yet): the module that owns the target decides. */
  targetTitle: z.string().nullable(),
  targetLevel: z.enum(LEVELS).nullable(),
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

export const requestDetailSchema = requestSummarySchema.extend({
  payload: z.record(z.string(), z.unknown()),
  /** The target's particulars as its module shows them to this viewer (each type's page renders its own). */
  targetDetails: z.record(z.string(), z.unknown()).nullable(),
  chain: z.array(chainStepView),
  decisions: z.array(decisionView),
  canDecide: z.boolean(),
  canWithdraw: z.boolean(),
  /** The confidentiality office may record the current step's decision signed on paper. */
  canRecordPaper: z.boolean(),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;

export const REQUEST_BOXES = ['mine', 'inbox', 'decided'] as const;
export const requestListQuery = z.strictObject({
  ...pageQuery,
  box: z.enum(REQUEST_BOXES),
  status: z.enum(REQUEST_STATUSES).optional(),
  type: requestTypeField.optional(),
});
/** A listed request with what the viewer may do with it now (a list offers bulk decisions from it). */
export const requestListItemSchema = requestSummarySchema.extend({
  /** The viewer may decide the current step now (as the detail's `canDecide`). */
  canDecide: z.boolean(),
});
export type RequestListItem = z.infer<typeof requestListItemSchema>;
export const requestListResponse = pageOf(requestListItemSchema);
export const requestCountsResponse = z.object({
  inbox: z.number().int(),
  minePending: z.number().int(),
});

export const decideBody = z.strictObject({
  version: versionField,
  decision: z.enum(['approve', 'reject']),
  comment: multilineText(1000).nullable().optional(),
});
export const versionOnlyBody = z.strictObject({ version: versionField });

/**
 * A decision an approver signed on paper, recorded by the confidentiality office: whose, which, when they
 * signed, and the scanned form (a blob uploaded first: `POST /api/requests/:id/paper-evidence`).
 */
export const recordPaperBody = z.strictObject({
  version: versionField,
  approverId: z.uuid(),
  decision: z.enum(['approve', 'reject']),
  signedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
  comment: multilineText(1000).nullable().optional(),
  evidenceId: z.uuid(),
});

export const evidenceResponse = z.object({ evidenceId: z.string(), sha256: z.string(), size: z.number().int() });

/** The scan itself, the raw bytes of a PDF, PNG or JPEG file (what it is, its first bytes say). */
export const evidenceBody = z
  .custom<Buffer>((v) => Buffer.isBuffer(v), 'the scanned form: a PDF, PNG or JPEG file')
  .meta({ type: 'string', format: 'binary' });
export const evidenceParams = z.strictObject({ id: z.uuid(), evidenceId: z.uuid() });

// ---- Approval chains

const stepPolicy = z.strictObject({ group: approverGroupField, mode: z.enum(STEP_MODES) });
const steps = z.array(stepPolicy).min(1).max(6);
const tierChains = z.strictObject(
  Object.fromEntries(CHAIN_TIERS.map((t) => [t, steps])) as Record<(typeof CHAIN_TIERS)[number], typeof steps>,
);
export const chainPolicySchema = z.record(requestTypeField, tierChains);

export const approvalChainsResponse = z.object({
  version: z.number().int(),
  chains: chainPolicySchema,
  /** Every registered type with the groups its chain may name. */
  types: z.array(z.object({ type: z.string(), targetType: z.string(), groups: z.array(z.string()) })),
  /** The functional roles (`role:<code>` groups) with their names. */
  roles: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
});
export type ApprovalChains = z.infer<typeof approvalChainsResponse>;

export const updateChainsBody = z.strictObject({
  version: settingVersionField,
  chains: chainPolicySchema,
});
