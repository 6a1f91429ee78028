import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DEFAULT_PAGE_SIZE } from '../../kernel/pagination.js';
import type { AppContext } from '../context.js';
import { runningJobNames } from './builtin.js';
import { jobRunListQuery, jobRunListResponse } from './contracts.js';
import { listJobRuns } from './job-runs.js';

/** The job-run history (the system administrator's): scheduled jobs and backups, newest first. */
export function jobRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/job-runs',
      { schema: { tags: ['jobs'], querystring: jobRunListQuery, response: { 200: jobRunListResponse } } },
      async (req) => {
        const { page, pageSize, order, ...filter } = req.query;
        const paging = { page: page ?? 1, pageSize: pageSize ?? DEFAULT_PAGE_SIZE, order: order ?? 'desc' } as const;
        return listJobRuns(ctx, req.rc, filter, paging, runningJobNames(ctx));
      },
    );
  };
}
