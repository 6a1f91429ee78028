import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.js';
import { passwordRulesResponse } from './contracts/password-rules.js';
import { publicPasswordRules } from './domain/password-rules.js';
import { getAccountPolicy } from './services/settings-service.js';

/**
 * The password rules for whoever chooses a password: the first-sign-in page (a session still in the
 * `password_change` stage may read nothing else) and 个人中心 of people who may not read the account policy.
 * Public and not audited: it reveals only what the password form itself would say on a refusal.
 */
export function passwordRulesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/auth/password-rules',
      { config: { auth: 'public' }, schema: { tags: ['auth'], response: { 200: passwordRulesResponse } } },
      async () => publicPasswordRules((await getAccountPolicy(ctx)).policy),
    );
  };
}
