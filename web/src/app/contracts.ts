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
import type * as access from '../../../src/modules/classification/contracts/access.js';
import type * as appr from '../../../src/platform/approvals/contracts.js';
import type { ChainTier as KernelChainTier } from '../../../src/kernel/approvals.js';

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

// ---- Classification (modules/classification/contracts/classification.ts)

export type ClassificationSettings = cls.ClassificationSettings;
export type ClassificationPolicy = ClassificationSettings['policy'];
export type LevelInfo = ClassificationSettings['levels'][number];
export type Level = LevelInfo['code'];
export type LevelScheme = ClassificationPolicy['schemes'][number];
export type ItemCategory = ClassificationSettings['categories'][number];
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

// ---- The approval engine (platform/approvals/contracts.ts): requests of every module's types, and chains

/** `<module>.<verb>`, e.g. `classification.reclassify`: each module registers its own. */
export type RequestType = string;
export type RequestSummary = appr.RequestSummary;
/** A listed request with the viewer's abilities on it. */
export type RequestListItem = appr.RequestListItem;
export type RequestDetail = appr.RequestDetail;
export type RequestDecision = RequestDetail['decisions'][number];
export type RequestStatus = RequestSummary['status'];
export type RequestBox = (typeof appr.REQUEST_BOXES)[number];
export type RequestPage = z.infer<typeof appr.requestListResponse>;
export type RequestCounts = z.infer<typeof appr.requestCountsResponse>;
export type ApprovalChains = appr.ApprovalChains;
export type ChainPolicy = ApprovalChains['chains'];
export type ChainTier = KernelChainTier;
export type ChainStepPolicy = ChainPolicy[string]['secret'][number];
/** The organisation's (`dept_head`...), a functional role's (`role:<code>`) or one the target defines. */
export type ApproverGroup = ChainStepPolicy['group'];
export type StepMode = ChainStepPolicy['mode'];
export type FunctionalRoleInfo = ApprovalChains['roles'][number];
export type RequestTypeInfo = ApprovalChains['types'][number];

// ---- Access to items, grants and reviews (modules/classification/contracts/access.ts)

/** What an item request's approvers see of the item (`targetDetails` of classification's request types). */
export type RequestItemFacts = access.RequestItemFacts;
export type AccessRequestBody = z.input<typeof access.accessRequestBody>;
export type Grant = access.Grant;
/** A listed grant with the viewer's abilities on it. */
export type GrantListItem = access.GrantListItem;
export type GrantAction = Grant['actions'][number];
export type GrantView = (typeof access.GRANT_VIEWS)[number];
export type GrantPage = z.infer<typeof access.grantListResponse>;
export type Campaign = z.infer<typeof access.campaignSchema>;
export type ReviewKind = Campaign['kind'];
export type CreateCampaignBody = z.input<typeof access.createCampaignBody>;
export type ReviewTask = access.ReviewTask;
export type ReviewTaskDetail = z.infer<typeof access.reviewTaskDetailSchema>;
export type ReviewTaskPage = z.infer<typeof access.reviewTaskListResponse>;
export type AccessEntry = ReviewTaskDetail['access'][number];
export type DecideReviewBody = z.input<typeof access.decideReviewBody>;
export type ReviewDecision = DecideReviewBody['decision'];

// Value lists come from the pure kernel (levels, roles, statuses, request types, sorts, review kinds...), never
// copied here: the web imports them from src/kernel.
export { ACCESS_DECISIONS, ANNUAL_DECISIONS, ITEM_SORTS, REVIEW_KINDS } from '../../../src/kernel/secret-item.js';
