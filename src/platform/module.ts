import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import type { JobDef } from './jobs/scheduler.js';

/**
 * What a module gives the platform, exported from its `index.ts` and listed once in `modules.ts`: its routes
 * (Fastify plugins, registered in this order) and its scheduled jobs. Later: approval request types,
 * departure holdings, workbench cards, demo data.
 */
export interface BaomiModule {
  name: string;
  routes: (ctx: AppContext) => FastifyPluginAsyncZod[];
  jobs?: () => JobDef[];
}
