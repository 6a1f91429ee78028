import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountPolicyResponse, updateAccountPolicyBody } from './contracts/settings.js';
import { can } from '../../policy/index.js';
import { forbidden } from '../../platform/errors.js';
import { actorOf, auditAlone, type AppContext } from '../../platform/context.js';
import { getAccountPolicy, updateAccountPolicy } from './services/settings-service.js';

/** The account policy (passwords, lockout, sessions, sign-in throttling): read by administrators, set by the system administrator. */
export function accountPolicyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/settings/account-policy',
      { schema: { tags: ['settings'], response: { 200: accountPolicyResponse } } },
      async (req) => {
        if (!can(actorOf(req.rc), 'settings.view')) {
          await auditAlone(ctx, req.rc, {
            action: 'settings.view',
            targetType: 'settings',
            targetId: 'account_policy',
            result: 'denied',
          });
          throw forbidden();
        }
        return getAccountPolicy(ctx);
      },
    );
    app.put(
      '/api/settings/account-policy',
      { schema: { tags: ['settings'], body: updateAccountPolicyBody, response: { 200: accountPolicyResponse } } },
      async (req) => updateAccountPolicy(ctx, req.rc, req.body),
    );
  };
}
