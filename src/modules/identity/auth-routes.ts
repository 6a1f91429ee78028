import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  csrfResponse,
  loginBody,
  loginResponse,
  meResponse,
  mfaEnrolStartResponse,
  mfaVerifyBody,
  passwordChangeBody,
  sessionsResponse,
  stageResponse,
  updateProfileBody,
} from './contracts/auth.js';
import { idParam, okResponse } from '../../platform/contracts/common.js';
import { abilitiesOf, noAbilities } from '../../policy/index.js';
import type { AppContext } from '../../platform/context.js';
import { clearSessionCookie, cookieNames, setCsrfCookie, setSessionCookies } from '../../platform/http/cookies.js';
import * as auth from './services/auth-service.js';
import { getAccountPolicy } from './services/settings-service.js';
import { toUserDto } from './repositories/user-repo.js';
import { renameMeBody, renameMeResponse } from './contracts/profile.js';
import { renameMe, updateMyProfile } from './services/profile-service.js';

const tags = ['auth'];

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/auth/csrf',
      { config: { auth: 'public' }, schema: { tags, response: { 200: csrfResponse } } },
      async (req, reply) => {
        const existing = req.session?.csrfToken ?? req.cookies[cookieNames(ctx.config).csrf];
        const token = existing ?? crypto.randomBytes(24).toString('base64url');
        setCsrfCookie(reply, ctx.config, token);
        return { csrfToken: token };
      },
    );

    app.post(
      '/api/auth/login',
      { config: { auth: 'public' }, schema: { tags, body: loginBody, response: { 200: loginResponse } } },
      async (req, reply) => {
        // A new session id at every sign-in; any session the browser still had is ended.
        const previous = auth.optionalSessionOf(req);
        if (previous) await auth.logout(ctx, req.rc, previous);
        const s = await auth.login(ctx, req.rc, { ...req.body, userAgent: req.headers['user-agent'] ?? null });
        setSessionCookies(reply, ctx.config, s.token, s.csrfToken);
        return { stage: s.stage, csrfToken: s.csrfToken };
      },
    );

    app.post(
      '/api/auth/mfa/verify',
      { config: { auth: ['mfa'] }, schema: { tags, body: mfaVerifyBody, response: { 200: stageResponse } } },
      async (req) => {
        const s = auth.sessionOf(req);
        return { stage: await auth.verifyMfa(ctx, req.rc, s, req.body.code), csrfToken: s.csrfToken };
      },
    );

    app.post(
      '/api/auth/mfa/enrol/start',
      { config: { auth: ['mfa_enrol', 'full'] }, schema: { tags, response: { 200: mfaEnrolStartResponse } } },
      async (req) => auth.startMfaEnrolment(ctx, req.rc, auth.sessionOf(req)),
    );

    app.post(
      '/api/auth/mfa/enrol/confirm',
      {
        config: { auth: ['mfa_enrol', 'full'] },
        schema: { tags, body: mfaVerifyBody, response: { 200: stageResponse } },
      },
      async (req) => {
        const s = auth.sessionOf(req);
        return { stage: await auth.confirmMfaEnrolment(ctx, req.rc, s, req.body.code), csrfToken: s.csrfToken };
      },
    );

    app.post(
      '/api/auth/password',
      {
        config: { auth: ['password_change', 'full'] },
        schema: { tags, body: passwordChangeBody, response: { 200: stageResponse } },
      },
      async (req, reply) => {
        const next = await auth.changePassword(ctx, req.rc, auth.sessionOf(req), {
          ...req.body,
          userAgent: req.headers['user-agent'] ?? null,
        });
        setSessionCookies(reply, ctx.config, next.token, next.csrfToken);
        return { stage: next.stage, csrfToken: next.csrfToken };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { auth: ['full', 'mfa', 'mfa_enrol', 'password_change', 'agreements'] },
        schema: { tags, response: { 200: okResponse } },
      },
      async (req, reply) => {
        await auth.logout(ctx, req.rc, auth.sessionOf(req));
        clearSessionCookie(reply, ctx.config);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { auth: ['full', 'mfa', 'mfa_enrol', 'password_change', 'agreements'] },
        schema: { tags, response: { 200: meResponse } },
      },
      async (req) => {
        const s = auth.sessionOf(req);
        const { policy } = await getAccountPolicy(ctx);
        // Called on every page: the session read already brought the user row and department name, fresh from
        // the database on this request; a half-signed-in session is not told its department.
        const user = toUserDto({ ...s.user, department_name: s.stage === 'full' ? s.departmentName : null }, ctx.now());
        return {
          // The response schema keeps only the fields the contract names.
          user: { ...user, locale: s.user.locale, passwordChangedAt: s.user.password_changed_at },
          stage: s.stage,
          // Abilities only once fully signed in: a half-signed-in session may do nothing else.
          abilities: s.stage === 'full' ? abilitiesOf(s.actor) : noAbilities(),
          csrfToken: s.csrfToken,
          idleTimeoutMinutes: policy.idleTimeoutMinutes,
          watermark: policy.screenWatermark,
          sessionExpiresAt: s.expiresAt,
        };
      },
    );

    app.patch(
      '/api/me',
      // The language may be changed on the "sign now" page too.
      {
        config: { auth: ['full', 'agreements'] },
        schema: { tags, body: updateProfileBody, response: { 200: okResponse } },
      },
      async (req) => {
        await updateMyProfile(ctx, req.rc, req.body);
        return { ok: true as const };
      },
    );

    app.put(
      '/api/me/display-name',
      { schema: { tags, body: renameMeBody, response: { 200: renameMeResponse } } },
      async (req) => renameMe(ctx, req.rc, req.body.displayName),
    );

    app.get('/api/me/sessions', { schema: { tags, response: { 200: sessionsResponse } } }, async (req) => ({
      items: await auth.listMySessions(ctx, auth.sessionOf(req)),
    }));

    app.delete(
      '/api/me/sessions/:id',
      { schema: { tags, params: idParam, response: { 200: okResponse } } },
      async (req) => {
        await auth.revokeMySession(ctx, req.rc, auth.sessionOf(req), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
