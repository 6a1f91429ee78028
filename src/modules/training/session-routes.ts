import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.js';

export function sessionRoutes(_ctx: AppContext): FastifyPluginAsyncZod {
  return async () => {};
}
