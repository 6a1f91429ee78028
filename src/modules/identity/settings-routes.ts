import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountPolicyResponse, updateAccountPolicyBody } from './contracts/settings.js';
import { authorize } from '../../platform/authorize.js';
import { type AppContext } from '../../platform/context.js';
import { readAccountPolicy, updateAccountPolicy } from './services/settings-service.js';

/** The account policy (passwords, lockout, sessions, sign-in throttling): read by administrators, set by the system administrator. */
export function accountPolicyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/settings/account-policy',
      { schema: { tags: ['settings'], response: { 200: accountPolicyResponse } } },
      async (req) => {
        await authorize(
          ctx,
          req.rc,
          'settings.view',
          { kind: 'none' },
          {
            audit: { action: 'settings.view', targetType: 'settings', targetId: 'account_policy' },
          },
        );
        return readAccountPolicy(ctx);
      },
    );
    app.put(
      '/api/settings/account-policy',
      { schema: { tags: ['settings'], body: updateAccountPolicyBody, response: { 200: accountPolicyResponse } } },
      async (req) => updateAccountPolicy(ctx, req.rc, req.body),
    );
  };
}
