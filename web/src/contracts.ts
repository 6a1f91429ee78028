/**
 * Types from the shared Zod contracts (src/contracts). Type-only imports: nothing of zod reaches the bundle.
 * Imported by relative path so that both Vite and `tsc -p tsconfig.json` (NodeNext, no path aliases) resolve
 * them; Vite also offers the `@contracts` alias.
 */
import type { z } from 'zod';
import type * as auth from '../../src/contracts/auth.js';
import type * as dir from '../../src/contracts/directory.js';
import type * as settings from '../../src/contracts/settings.js';
import type * as audit from '../../src/contracts/audit.js';
import type * as notif from '../../src/contracts/notifications.js';
import type * as errors from '../../src/contracts/errors.js';

export type Stage = z.infer<typeof auth.sessionStageSchema>;
export type StageResponse = z.infer<typeof auth.stageResponse>;
export type MeResponse = auth.MeResponse;
export type MeUser = MeResponse['user'];
export type EnrolStart = z.infer<typeof auth.mfaEnrolStartResponse>;
export type SessionItem = z.infer<typeof auth.sessionItem>;

export type Department = dir.Department;
export type User = dir.User;
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

// Value lists mirrored from src/domain/roles.ts (kept here so no server code is bundled).
export const ADMIN_ROLES: readonly AdminRole[] = ['sysadmin', 'secadmin', 'auditor'];
export const BUSINESS_ROLES: readonly BusinessRole[] = ['employee', 'dept_officer', 'dept_head', 'leadership'];
export const CLEARANCE_CLASSES: readonly ClearanceClass[] = ['core', 'important', 'general'];
export const USER_STATUSES: readonly UserStatus[] = ['active', 'disabled', 'departed'];
