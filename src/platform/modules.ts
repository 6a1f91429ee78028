/**
 * The modules of this installation, in order: the one platform file that imports modules (the architecture
 * test checks). Adding a module is one line here. What the platform needs of a particular module is named
 * here too, so every such dependency is visible in one place.
 */
import { audit } from '../modules/audit/index.js';
import { carriers } from '../modules/carriers/index.js';
import { classification } from '../modules/classification/index.js';
import { identity } from '../modules/identity/index.js';
import { people } from '../modules/people/index.js';
import { training } from '../modules/training/index.js';
import type { BaomiModule } from './module.js';

export const MODULES: readonly BaomiModule[] = [identity, audit, classification, carriers, people, training];

// Sign-in, first start and the demo organisation (the people every other module's demo acts as) are identity's.
export {
  DEMO_PASSWORD,
  demoPeople,
  initialiseOrganisation,
  isInitialised,
  prepareOrganisationDemo,
  resolveSession,
} from '../modules/identity/index.js';
export type { InitialCredential } from '../modules/identity/index.js';

// A paper decision is recorded for a named approver: the engine judges them as the policy sees a person.
export { findUserById, toActor } from '../modules/identity/index.js';

// The organisation's roles the approval engine's chains name (leader in charge, general manager, functional
// roles) are identity's data.
export {
  functionalRoleHolders,
  functionalRoles,
  generalManagerOf,
  leaderInChargeOf,
} from '../modules/identity/index.js';
