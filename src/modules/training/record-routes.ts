import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.js';

export function recordRoutes(_ctx: AppContext): FastifyPluginAsyncZod {
  return async () => {};
}
