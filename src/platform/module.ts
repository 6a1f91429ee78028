import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import type { CodeTexts, NoticeCatalogue } from './contracts/notifications.js';
import type { JobDef } from './jobs/scheduler.js';
import type { RequestTypeDef } from './approvals/request-types.js';
import type { DepartureContract } from './departure.js';
import type { CardDef } from './workbench/cards.js';
import type { Trx } from './audit/audit-repo.js';
import type { LinkedItem } from './linked-items.js';
import type { SignInGate } from './sign-in-gates.js';
import type { Qualification } from './qualifications.js';
import type { ModuleAuditVocabulary } from './audit/targets.js';

/**
 * What a module gives the platform, exported from its `index.ts` and listed once in `modules.ts`: its routes
 * (Fastify plugins, registered in this order), its scheduled jobs and its demo data. Its notices and their code texts, its approval request types, its departure contract, its workbench cards.
 */
export interface BaomiModule {
  name: string;
  routes: (ctx: AppContext) => FastifyPluginAsyncZod[];
  jobs?: () => JobDef[];
  /**
   * Loads this module's demo records into the demo organisation (`baomi demo`), acting as the demo people
   * through the module's use cases; returns what it loaded as counts. Runs after the modules before it.
   */
  demo?: (ctx: AppContext) => Promise<Record<string, number>>;
  /** The notices it sends (`contracts/notifications.ts`) and the texts of the codes they show. */
  notices?: NoticeCatalogue;
  codeTexts?: CodeTexts;
  /** The approval request types it registers with the engine (`<module>.<verb>`). */
  requestTypes?: RequestTypeDef[];
  /** What a person holds in this module when they depart, and how it is handed over (platform/departure.ts). */
  departure?: DepartureContract;
  /** Its workbench cards (platform/workbench/cards.ts). */
  cards?: CardDef[];
  /** Rewrites its copies of a secret item's readers when the item's need-to-know changes (linked-items.ts). */
  linkedItemAccess?: (trx: Trx, item: LinkedItem) => Promise<void>;
  /** Brings its to-do notices in line when people changed place (notifications/people-moved.ts; null: anyone). */
  peopleMoved?: (trx: Trx, ctx: AppContext, userIds: readonly string[] | null) => Promise<void>;
  /** Holds a person at sign-in (session stage `agreements`) while it answers true (sign-in-gates.ts). */
  signInGate?: SignInGate;
  /** Its audit actions (their group and texts) and how the trail names its targets (audit/targets.ts). */
  audit?: ModuleAuditVocabulary;
  /** Answers the qualifications contract (qualifications.ts): one module of the installation does. */
  qualification?: Qualification;
}
