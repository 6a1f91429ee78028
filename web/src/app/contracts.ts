/**
 * Types from the shared Zod contracts (each module's contracts/ and the platform's). Type-only imports: nothing
 * of zod reaches the bundle. Imported by relative path so that both Vite and `tsc -p tsconfig.json` (NodeNext,
 * no path aliases) resolve them.
 */
import type { z } from 'zod';
import type * as auth from '../../../src/modules/identity/contracts/auth.js';
import type * as dir from '../../../src/modules/identity/contracts/directory.js';
import type * as settings from '../../../src/modules/identity/contracts/settings.js';
import type * as audit from '../../../src/modules/audit/contracts/audit.js';
import type * as notif from '../../../src/platform/notifications/contracts.js';
import type * as errors from '../../../src/platform/contracts/errors.js';
import type * as cls from '../../../src/modules/classification/contracts/classification.js';
import type * as appr from '../../../src/platform/approvals/contracts.js';

export type Stage = z.infer<typeof auth.sessionStageSchema>;
export type StageResponse = z.infer<typeof auth.stageResponse>;
export type MeResponse = auth.MeResponse;
export type MeUser = MeResponse['user'];
/** An action the UI asks about without a target (`useAbility`). */
export type Ability = auth.Ability;
export type EnrolStart = z.infer<typeof auth.mfaEnrolStartResponse>;
export type SessionItem = z.infer<typeof auth.sessionItem>;

export type Department = dir.Department;
export type User = dir.User;
/** Another person's entry: the fields the policy lets the caller read (see `userFieldAccess`). */
export type DirectoryEntry = dir.DirectoryEntry;
export type EligiblePerson = dir.EligiblePerson;
export type EligibleQuery = z.input<typeof dir.eligibleQuery>;
export type UserPage = z.infer<typeof dir.userListResponse>;
export type CreateUserBody = z.input<typeof dir.createUserBody>;
export type UpdateUserBody = z.input<typeof dir.updateUserBody>;
export type UpdateUserSecurityBody = z.input<typeof dir.updateUserSecurityBody>;
export type CreateUserResponse = z.infer<typeof dir.createUserResponse>;
export type RoleInfo = z.infer<typeof dir.roleInfo>;

export type AccountPolicy = z.infer<typeof settings.accountPolicySchema>;
export type AccountPolicyResponse = z.infer<typeof settings.accountPolicyResponse>;

export type AuditEvent = audit.AuditEvent;
export type AuditPage = z.infer<typeof audit.auditListResponse>;
export type AuditVerifyResult = audit.AuditVerifyResult;

export type Notification = z.infer<typeof notif.notificationSchema>;
export type NotificationPage = z.infer<typeof notif.notificationListResponse>;

export type ErrorCode = errors.ErrorCode;

export type AdminRole = NonNullable<User['adminRole']>;
export type BusinessRole = User['businessRoles'][number];
export type ClearanceClass = NonNullable<User['clearanceClass']>;
export type UserStatus = User['status'];

// Value lists mirrored from src/kernel/roles.ts (kept here so no server code is bundled).
export const ADMIN_ROLES: readonly AdminRole[] = ['sysadmin', 'secadmin', 'auditor'];
export const BUSINESS_ROLES: readonly BusinessRole[] = ['employee', 'dept_officer', 'dept_head', 'leadership'];
export const CLEARANCE_CLASSES: readonly ClearanceClass[] = ['core', 'important', 'general'];
export const USER_STATUSES: readonly UserStatus[] = ['active', 'disabled', 'departed'];

// ---- Classification and need-to-know (modules/classification/contracts, platform/approvals/contracts.ts)

export type ClassificationSettings = cls.ClassificationSettings;
export type ClassificationPolicy = ClassificationSettings['policy'];
export type ChainPolicy = ClassificationSettings['chains'];
export type LevelInfo = ClassificationSettings['levels'][number];
export type Level = LevelInfo['code'];
export type LevelScheme = ClassificationPolicy['schemes'][number];
export type ItemCategory = ClassificationSettings['categories'][number];
export type RequestType = keyof ChainPolicy;
export type ChainTier = keyof ChainPolicy['classify'];
export type ChainStepPolicy = ChainPolicy['classify']['secret'][number];
export type ApproverGroup = ChainStepPolicy['group'];
export type StepMode = ChainStepPolicy['mode'];
export type MaxYearsLevel = keyof ClassificationPolicy['maxYears'];

export type Classifier = cls.Classifier;
export type ClassifierKind = Classifier['kind'];
export type CreateClassifierBody = z.input<typeof cls.createClassifierBody>;

export type ItemSummary = cls.ItemSummary;
export type ItemDetail = cls.ItemDetail;
/** An action on one item (`ItemDetail.abilities`). */
export type ItemAction = keyof ItemDetail['abilities'];
export type ItemStatus = ItemSummary['status'];
export type ItemPage = z.infer<typeof cls.itemListResponse>;
export type ItemSort = (typeof cls.ITEM_SORTS)[number];
export type ScopeEntry = z.infer<typeof cls.scopeEntrySchema>;
export type ScopeKind = ScopeEntry['kind'];
export type ScopeView = ItemDetail['scope'][number];
export type SecrecyPeriod = z.infer<typeof cls.periodSchema>;
export type PeriodUnit = SecrecyPeriod['unit'];
export type Origin = ItemDetail['origin'];
export type ProposeItemBody = z.input<typeof cls.proposeItemBody>;
export type UpdateItemBody = z.input<typeof cls.updateItemBody>;
export type TransferCustodyBody = z.input<typeof cls.transferCustodyBody>;
export type ItemChangeBody = z.input<typeof cls.itemChangeBody>;
export type HistoryEntry = z.infer<typeof cls.historyEntrySchema>;
export type DeclassifyReason = NonNullable<ItemDetail['declassifyReason']>;

export type RequestSummary = appr.RequestSummary;
export type RequestDetail = appr.RequestDetail;
export type RequestItemFacts = appr.RequestItemFacts;
export type RequestStatus = RequestSummary['status'];
export type RequestBox = (typeof appr.REQUEST_BOXES)[number];
export type RequestPage = z.infer<typeof appr.requestListResponse>;
export type RequestCounts = z.infer<typeof appr.requestCountsResponse>;
export type AccessRequestBody = z.input<typeof appr.accessRequestBody>;
export type Grant = appr.Grant;
export type GrantAction = Grant['actions'][number];
export type GrantView = (typeof appr.GRANT_VIEWS)[number];
export type GrantPage = z.infer<typeof appr.grantListResponse>;
export type Campaign = z.infer<typeof appr.campaignSchema>;
export type ReviewKind = Campaign['kind'];
export type CreateCampaignBody = z.input<typeof appr.createCampaignBody>;
export type ReviewTask = appr.ReviewTask;
export type ReviewTaskDetail = z.infer<typeof appr.reviewTaskDetailSchema>;
export type ReviewTaskPage = z.infer<typeof appr.reviewTaskListResponse>;
export type AccessEntry = ReviewTaskDetail['access'][number];
export type DecideReviewBody = z.input<typeof appr.decideReviewBody>;
export type ReviewDecision = DecideReviewBody['decision'];

/**
 * Checks at compile time that a mirrored value list names every member of the union `T` (and nothing else):
 * `allOf<Level>()([...])` fails the type check when the server adds a level the web does not list.
 */
const allOf =
  <T extends string>() =>
  <const A extends readonly T[]>(a: A & ([T] extends [A[number]] ? unknown : { missing: Exclude<T, A[number]> })): A =>
    a;

// Value lists mirrored from src/kernel (levels.ts, secret-item.ts, approvals.ts) and src/platform/approvals/contracts.ts.
export const LEVELS = allOf<Level>()([
  'top_secret',
  'secret',
  'confidential',
  'core_commercial',
  'ordinary_commercial',
  'internal',
  'public',
]);
export const LEVEL_SCHEMES = allOf<LevelScheme>()(['state', 'commercial']);
export const MAX_YEARS_LEVELS = allOf<MaxYearsLevel>()([
  'top_secret',
  'secret',
  'confidential',
  'core_commercial',
  'ordinary_commercial',
]);
export const ITEM_STATUSES = allOf<ItemStatus>()(['proposed', 'in_force', 'declassified', 'rejected', 'withdrawn']);
export const ITEM_SORTS = allOf<ItemSort>()(['number', 'secrecyUntil', 'level']);
export const SCOPE_KINDS = allOf<ScopeKind>()(['user', 'department', 'role']);
export const PERIOD_UNITS = allOf<PeriodUnit>()(['years', 'months']);
export const ORIGINS = allOf<Origin>()(['original', 'derivative']);
export const CLASSIFIER_KINDS = allOf<ClassifierKind>()(['statutory', 'designated']);
export const GRANT_ACTIONS = allOf<GrantAction>()(['read', 'download', 'print', 'copy', 'excerpt', 'lend']);
export const REQUEST_TYPES = allOf<RequestType>()([
  'classify',
  'reclassify',
  'extend',
  'declassify',
  'rescope',
  'access_grant',
]);
export const REQUEST_STATUSES = allOf<RequestStatus>()(['pending', 'approved', 'rejected', 'withdrawn', 'expired']);
export const CHAIN_TIERS = allOf<ChainTier>()(['confidential', 'secret', 'top_secret']);
export const APPROVER_GROUPS = allOf<ApproverGroup>()([
  'dept_head',
  'dept_officer',
  'confidentiality_office',
  'leadership',
  'custodian',
  'classifier',
]);
export const STEP_MODES = allOf<StepMode>()(['any', 'all']);
export const REVIEW_KINDS = allOf<ReviewKind>()(['annual', 'access']);
export const ANNUAL_DECISIONS = [
  'keep',
  'declassify',
  'reclassify',
  'extend',
] as const satisfies readonly ReviewDecision[];
export const ACCESS_DECISIONS = ['confirm', 'revoke'] as const satisfies readonly ReviewDecision[];
/** Declassification reasons a person may choose (expiry is the scheduler's). */
export const DECLASSIFY_CHOICES = [
  'condition_met',
  'review',
  'decision',
] as const satisfies readonly DeclassifyReason[];
/** Rank of each level (src/kernel/levels.ts): clearance and the approval tier compare ranks. */
/** Levels from this rank up are classified (need-to-know applies); below are internal and public. */
export const CLASSIFIED_RANK = 2;
export const LEVEL_RANK: Readonly<Record<Level, number>> = {
  top_secret: 4,
  secret: 3,
  confidential: 2,
  core_commercial: 3,
  ordinary_commercial: 2,
  internal: 1,
  public: 0,
};
