import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { workbenchResponse } from './contracts.js';
import { workbenchOf } from './workbench-service.js';

/** The caller's workbench cards (the home page's): counts through each module's own list filter. */
export function workbenchRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/workbench', { schema: { tags: ['workbench'], response: { 200: workbenchResponse } } }, async (req) =>
      workbenchOf(ctx, req.rc),
    );
  };
}
