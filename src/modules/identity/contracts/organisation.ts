import { z } from 'zod';
import { USER_STATUSES } from '../../../kernel/roles.js';
import { nameText, settingVersionField, versionField } from '../../../platform/contracts/common.js';
import { FUNCTIONAL_ROLE_CODE } from '../domain/organisation-roles.js';

/**
 * The organisation's roles (read by everyone signed in, changed by the security administrator): the leader in
 * charge of each department beside its heads (the people holding the `dept_head` business role there), the
 * general manager, and the functional roles with their members.
 */

/** A person as the roles show them: names and department, and whether the account is still active. */
export const rolePerson = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  departmentName: z.string().nullable(),
  status: z.enum(USER_STATUSES),
});
export type RolePerson = z.infer<typeof rolePerson>;

export const departmentRoles = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  /** The department's record version: setting the leader in charge changes the department. */
  version: z.number().int(),
  /** Set on this department (not inherited); null when none is set here. */
  leaderInCharge: rolePerson.nullable(),
  /** The active people holding the `dept_head` business role in this department (read-only here). */
  heads: z.array(rolePerson),
});
export type DepartmentRoles = z.infer<typeof departmentRoles>;

export const functionalRoleMember = rolePerson.extend({ assignedAt: z.string() });

export const functionalRoleSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  builtIn: z.boolean(),
  version: z.number().int(),
  members: z.array(functionalRoleMember),
});
export type FunctionalRole = z.infer<typeof functionalRoleSchema>;

export const organisationRolesResponse = z.object({
  generalManager: rolePerson.nullable(),
  /** The setting's version (0 while never saved). */
  generalManagerVersion: z.number().int(),
  departments: z.array(departmentRoles),
  functionalRoles: z.array(functionalRoleSchema),
});
export type OrganisationRoles = z.infer<typeof organisationRolesResponse>;

export const functionalRoleCode = z
  .string()
  .regex(FUNCTIONAL_ROLE_CODE, 'a lower-case letter, then lower-case letters, digits or _ (2-40)');
/**
 * A role named in a path: any short key of letters, digits, `_` and `-` (a code only a new role must spell as
 * `functionalRoleCode`); one that names no role is 404, like a code that was never made.
 */
const roleKey = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or - (1-64)');
export const functionalRoleParam = z.strictObject({ code: roleKey });
export const functionalRoleMemberParam = z.strictObject({ code: roleKey, userId: z.uuid() });

export const setLeaderInChargeBody = z.strictObject({ version: versionField, userId: z.uuid().nullable() });
export const setGeneralManagerBody = z.strictObject({ version: settingVersionField, userId: z.uuid().nullable() });
export const generalManagerResponse = z.object({ generalManager: rolePerson.nullable(), version: z.number().int() });

export const createFunctionalRoleBody = z.strictObject({
  code: functionalRoleCode,
  nameZh: nameText(40),
  nameEn: nameText(80),
});
export const updateFunctionalRoleBody = z.strictObject({
  version: versionField,
  nameZh: nameText(40).optional(),
  nameEn: nameText(80).optional(),
});
export const addFunctionalRoleMemberBody = z.strictObject({ version: versionField, userId: z.uuid() });
