import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.js';
import { agreementSettingsResponse, updateAgreementSettingsBody } from './contracts/templates.js';
import * as settings from './services/agreement-settings.js';

/** The agreements' templates, their versions and the settings. */
export function templateRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['agreements'];
    app.get(
      '/api/agreement-settings',
      { schema: { tags, response: { 200: agreementSettingsResponse } }, config: { auth: ['agreements', 'full'] } },
      async (req) => settings.viewAgreementSettings(ctx, req.rc),
    );
    app.put(
      '/api/agreement-settings',
      { schema: { tags, body: updateAgreementSettingsBody, response: { 200: agreementSettingsResponse } } },
      async (req) => settings.updateAgreementSettings(ctx, req.rc, req.body),
    );
  };
}
