/**
 * Identity: people, departments, sign-in and sessions, the account policy, the directory. What the platform
 * (through modules.ts) and other modules may use of it: they import nothing else of this folder
 * (test/unit/architecture.test.ts checks).
 */
import { IDENTITY_CODE_TEXTS, IDENTITY_NOTICES } from './contracts/notifications.js';
import type { BaomiModule } from '../../platform/module.js';
import { authRoutes } from './auth-routes.js';
import { identityJobs } from './jobs.js';
import { importRoutes } from './import-routes.js';
import { organisationRoutes } from './organisation-routes.js';
import { passwordRulesRoutes } from './password-rules-routes.js';
import { directoryRoutes } from './routes.js';
import { accountPolicyRoutes } from './settings-routes.js';
import { IDENTITY_AUDIT } from './services/audit-targets.js';
import { secondFactorRoutes } from './second-factor-routes.js';

export const identity: BaomiModule = {
  name: 'identity',
  notices: IDENTITY_NOTICES,
  codeTexts: IDENTITY_CODE_TEXTS,
  audit: IDENTITY_AUDIT,
  routes: (ctx) => [
    authRoutes(ctx),
    directoryRoutes(ctx),
    organisationRoutes(ctx),
    accountPolicyRoutes(ctx),
    passwordRulesRoutes(ctx),
    importRoutes(ctx),
    secondFactorRoutes(ctx),
  ],
  jobs: identityJobs,
};

export { findDepartmentById, type DepartmentRef } from './repositories/department-repo.js';
export { findUserById, findUserByUsername, nameContains, toActor, type UserRow } from './repositories/user-repo.js';
// The people pickers' shapes (`GET /api/users/eligible` is classification's question, asked of the directory).
export { eligibleQuery, eligibleResponse, type EligiblePerson } from './contracts/directory.js';
export { resolveSession } from './services/auth-service.js';
// Signing an agreement (people): the password (and a second factor's code) re-entered, and the sign-in hold lifted once signed.
export { confirmIdentity, releaseSignInHold, type IdentityRefusal } from './services/auth-service.js';
// A security key's assertion, as a request carries it (re-authentication with a key).
export { initialiseOrganisation, isInitialised, type InitialCredential } from './services/setup-service.js';
// The account administrator's edit (the demos set people's start dates and computer use through it).
export { insertUser, updateUser } from './services/user-service.js';
export { DEMO_PASSWORD, demoPeople, prepareOrganisationDemo, type DemoPerson } from './demo.js';
export { demoCast, type DemoCast } from './demo-cast.js';
// The organisation's roles, for the approval engine: who is leader in charge (主管领导), general manager (总经理),
// and in each functional role (财务主管, 行政办公室, ...). Reads through the caller's connection or transaction.
export {
  functionalRoleHolders,
  functionalRoles,
  generalManagerOf,
  GENERAL_MANAGER_KEY,
  holdsOrganisationRole,
  leaderInChargeOf,
  organisationRoleHolders,
} from './repositories/organisation-repo.js';
export {
  BUILT_IN_FUNCTIONAL_ROLES,
  FUNCTIONAL_ROLE_CODE,
  nearestLeaderInCharge,
  type OrganisationRole,
} from './domain/organisation-roles.js';
