import { z } from 'zod';
/** Liveness: the process answers. It does not touch the database (see readiness). */
export const healthResponse = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});
/** Readiness: the database answered a query within a short timeout; otherwise 503 `unavailable`. */
export const readyResponse = z.object({ status: z.literal('ready'), database: z.enum(['sqlite', 'postgres']) });
