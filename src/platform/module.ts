import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import type { CodeTexts, NoticeCatalogue } from './contracts/notifications.js';
import type { JobDef } from './jobs/scheduler.js';

/**
 * What a module gives the platform, exported from its `index.ts` and listed once in `modules.ts`: its routes
 * (Fastify plugins, registered in this order), its scheduled jobs and its demo data. Later: approval request
 * types, departure holdings, workbench cards. Its notices and their code texts.
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
}
