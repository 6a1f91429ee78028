import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DEFAULT_PAGE_SIZE } from '../../kernel/pagination.js';
import type { AppContext } from '../context.js';
import { builtinJobs, runningJobNames } from './builtin.js';
import {
  jobRunListQuery,
  jobRunListResponse,
  jobSettingsResponse,
  runJobParams,
  runJobResponse,
  updateJobSettingsBody,
} from './contracts.js';
import { listJobRuns } from './job-runs.js';
import { updateJobSettings, viewJobSettings } from './job-settings.js';
import { runJobNow } from './run-now.js';
import { Scheduler } from './scheduler.js';

/** The job-run history and the jobs' intervals (the system administrator's): scheduled jobs and backups. */
export function jobRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Runs started from here, on this instance's own holder; closing the server waits for them.
    const runner = new Scheduler(ctx, builtinJobs(ctx));
    app.addHook('onClose', () => runner.stop());
    app.get(
      '/api/job-runs',
      { schema: { tags: ['jobs'], querystring: jobRunListQuery, response: { 200: jobRunListResponse } } },
      async (req) => {
        const { page, pageSize, order, ...filter } = req.query;
        const paging = { page: page ?? 1, pageSize: pageSize ?? DEFAULT_PAGE_SIZE, order: order ?? 'desc' } as const;
        return listJobRuns(ctx, req.rc, filter, paging, runningJobNames(ctx));
      },
    );
    app.get('/api/settings/jobs', { schema: { tags: ['jobs'], response: { 200: jobSettingsResponse } } }, async (req) =>
      viewJobSettings(ctx, req.rc, builtinJobs(ctx)),
    );
    app.put(
      '/api/settings/jobs',
      { schema: { tags: ['jobs'], body: updateJobSettingsBody, response: { 200: jobSettingsResponse } } },
      async (req) => updateJobSettings(ctx, req.rc, builtinJobs(ctx), req.body),
    );
    app.post(
      '/api/jobs/:name/run',
      { schema: { tags: ['jobs'], params: runJobParams, response: { 200: runJobResponse } } },
      async (req) => runJobNow(ctx, req.rc, runner, runningJobNames(ctx), req.params.name),
    );
  };
}
