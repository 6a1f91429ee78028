import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { backupScheduleResponse, updateBackupScheduleBody } from './schedule-contracts.js';
import { updateBackupSchedule, viewBackupSchedule } from './schedule-settings.js';

/** The backup schedule (the system administrator's): on or off, the retention, the drill; the folder read only. */
export function backupScheduleRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/settings/backup',
      { schema: { tags: ['jobs'], response: { 200: backupScheduleResponse } } },
      async (req) => viewBackupSchedule(ctx, req.rc),
    );
    app.put(
      '/api/settings/backup',
      { schema: { tags: ['jobs'], body: updateBackupScheduleBody, response: { 200: backupScheduleResponse } } },
      async (req) => updateBackupSchedule(ctx, req.rc, req.body),
    );
  };
}
