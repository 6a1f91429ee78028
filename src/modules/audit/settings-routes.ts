import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.js';
import { auditSettingsResponse, auditSettingsUpdate } from './contracts/settings.js';
import { updateAuditSettings, viewAuditSettings } from './services/audit-settings-service.js';

/** The audit settings: whose events the auditor reads (the 三员 split). */
export function auditSettingsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['audit'];
    app.get('/api/audit/settings', { schema: { tags, response: { 200: auditSettingsResponse } } }, async (req) =>
      viewAuditSettings(ctx, req.rc),
    );
    app.put(
      '/api/audit/settings',
      { schema: { tags, body: auditSettingsUpdate, response: { 200: auditSettingsResponse } } },
      async (req) => updateAuditSettings(ctx, req.rc, req.body),
    );
  };
}
