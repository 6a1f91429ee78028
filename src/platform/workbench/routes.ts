import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { overviewResponse, workbenchResponse } from './contracts.js';
import { overviewsOf, workbenchOf } from './workbench-service.js';

/** The caller's workbench (the home page's): count cards and overview cards, each through the module's list filter. */
export function workbenchRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/workbench', { schema: { tags: ['workbench'], response: { 200: workbenchResponse } } }, async (req) =>
      workbenchOf(ctx, req.rc),
    );
    app.get(
      '/api/workbench/overview',
      { schema: { tags: ['workbench'], response: { 200: overviewResponse } } },
      async (req) => overviewsOf(ctx, req.rc),
    );
  };
}
