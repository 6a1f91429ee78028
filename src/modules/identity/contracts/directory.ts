import { z } from 'zod';
import { ADMIN_ROLES, BUSINESS_ROLES, CLEARANCE_CLASSES, USER_STATUSES } from '../../../kernel/roles.js';
import { LEVELS } from '../../../kernel/levels.js';
import { nameText, optionalLine, pageOf, pageQuery, versionField } from '../../../platform/contracts/common.js';

export const departmentSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  code: z.string().nullable(),
  sortOrder: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Department = z.infer<typeof departmentSchema>;

export const departmentListResponse = z.object({ items: z.array(departmentSchema) });

export const createDepartmentBody = z.strictObject({
  name: nameText(100),
  parentId: z.uuid().nullable(),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .nullable()
    .optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});

export const updateDepartmentBody = z.strictObject({
  version: versionField,
  name: nameText(100).optional(),
  parentId: z.uuid().nullable().optional(),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .nullable()
    .optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});

export const deleteWithVersionQuery = z.strictObject({
  version: z
    .string()
    .regex(/^\d{1,10}$/, 'must be a whole number')
    .transform(Number)
    .pipe(versionField),
});

/** A person's whole entry: what they see of themselves (`/api/auth/me`), and the local operator. */
export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  post: z.string().nullable(),
  clearanceClass: z.enum(CLEARANCE_CLASSES).nullable(),
  businessRoles: z.array(z.enum(BUSINESS_ROLES)),
  adminRole: z.enum(ADMIN_ROLES).nullable(),
  status: z.enum(USER_STATUSES),
  mfaEnabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  separationUntil: z.string().nullable(),
  /** The start date (入职日期, 'YYYY-MM-DD'): onboarding training is due by it; null: the account's creation counts. */
  hiredOn: z.string().nullable(),
  /** Uses classified computers (涉密计算机使用人员): their IT-security training is due (TRN-10). */
  computerUser: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type User = z.infer<typeof userSchema>;

/**
 * A directory entry as another person reads it. Names, department, post and status are for everyone signed
 * in; the other fields follow the policy (`userFieldAccess`): account state for the system administrator,
 * clearance for the security administrator and the auditor, roles and version for the three administrators;
 * a person reads all of their own. A field the caller may not read is absent, never null.
 */
/** What the reader may do with this person's account now (decided by `can`): the row's actions are offered from it. */
export const userAbilitiesSchema = z.object({
  /** Edit, disable or enable, unlock, reset password or second factor, record a departure. */
  manage: z.boolean(),
  /** Change the admin role or the clearance class. */
  security: z.boolean(),
  /** Hand the person's holdings over. */
  handOver: z.boolean(),
});

export const directoryEntrySchema = userSchema
  .partial()
  .required({
    id: true,
    username: true,
    displayName: true,
    departmentId: true,
    departmentName: true,
    post: true,
    status: true,
  })
  .extend({ abilities: userAbilitiesSchema.optional() });
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

export const USER_SORT_FIELDS = ['username', 'displayName', 'createdAt', 'status'] as const;

export const userListQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(USER_SORT_FIELDS).optional(),
  q: optionalLine(64).optional(),
  departmentId: z.uuid().optional(),
  status: z.enum(USER_STATUSES).optional(),
});
export const userListResponse = pageOf(directoryEntrySchema);

/**
 * People eligible for a role, by name only (the server decides again on submit): `custodian` of an item at
 * `level` (active and cleared for it), or `classifier` (active, may be appointed a classification authority).
 */
export const ELIGIBLE_FOR = ['custodian', 'classifier'] as const;
export const eligibleQuery = z
  .strictObject({
    for: z.enum(ELIGIBLE_FOR),
    level: z.enum(LEVELS).optional(),
    q: optionalLine(64).optional(),
  })
  .refine((q) => q.for !== 'custodian' || q.level !== undefined, { path: ['level'], message: 'Say for which level' });
export const eligiblePerson = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  departmentName: z.string().nullable(),
});
export const eligibleResponse = z.object({ items: z.array(eligiblePerson) });
export type EligiblePerson = z.infer<typeof eligiblePerson>;

export const usernameText = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{3,64}$/, 'letters, digits, . _ - (3-64)');

export const createUserBody = z.strictObject({
  username: usernameText,
  displayName: nameText(64),
  email: z.email().max(200).nullable().optional(),
  departmentId: z.uuid().nullable(),
  post: optionalLine(64).nullable().optional(),
  businessRoles: z.array(z.enum(BUSINESS_ROLES)).max(4).optional(),
  hiredOn: z.iso.date().nullable().optional(),
  computerUser: z.boolean().optional(),
});

export const updateUserBody = z.strictObject({
  version: versionField,
  displayName: nameText(64).optional(),
  email: z.email().max(200).nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  post: optionalLine(64).nullable().optional(),
  businessRoles: z.array(z.enum(BUSINESS_ROLES)).max(4).optional(),
  hiredOn: z.iso.date().nullable().optional(),
  computerUser: z.boolean().optional(),
});

/** Security-administrator fields: admin role and clearance class. */
export const updateUserSecurityBody = z.strictObject({
  version: versionField,
  adminRole: z.enum(ADMIN_ROLES).nullable().optional(),
  clearanceClass: z.enum(CLEARANCE_CLASSES).nullable().optional(),
});

export const versionBody = z.strictObject({ version: versionField });

export const departBody = z.strictObject({
  version: versionField,
  separationMonths: z.number().int().min(0).max(36),
});

export const createUserResponse = z.object({ user: directoryEntrySchema, oneTimePassword: z.string() });
export const resetPasswordResponse = z.object({ oneTimePassword: z.string() });

export const roleInfo = z.object({
  code: z.string(),
  kind: z.enum(['admin', 'business']),
  permissions: z.array(z.string()),
  memberCount: z.number().int(),
});
export const rolesResponse = z.object({ items: z.array(roleInfo) });
