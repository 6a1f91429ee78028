import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponse, readyResponse } from '../contracts/health.js';
import { checkDatabase } from '../db/readiness.js';
import type { AppContext } from '../context.js';
import { BAOMI_VERSION } from '../version.js';

/** Liveness (`/api/health`) and readiness (`/api/ready`: the database answers). */
export function systemRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/health',
      { config: { auth: 'public' }, schema: { tags: ['system'], response: { 200: healthResponse } } },
      async () => ({
        status: 'ok' as const,
        database: ctx.kind,
        version: BAOMI_VERSION,
      }),
    );
    // Readiness, apart from liveness above: 503 `unavailable` (with Retry-After) while the database does not answer.
    app.get(
      '/api/ready',
      { config: { auth: 'public' }, schema: { tags: ['system'], response: { 200: readyResponse } } },
      async () => {
        await checkDatabase(ctx.db);
        return { status: 'ready' as const, database: ctx.kind };
      },
    );
  };
}
