import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, okResponse } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import { stageResponse } from './contracts/auth.js';
import {
  assignTokenBody,
  factorResponse,
  importTokensBody,
  importTokensResponse,
  mfaClassRuleResponse,
  mfaMethodsResponse,
  myFactorsResponse,
  otpTokenResponse,
  otpTokensResponse,
  proofBody,
  removeFactorBody,
  renameKeyBody,
  resyncTokenBody,
  tokenVersionBody,
  updateMfaClassRuleBody,
  webauthnOptionsResponse,
  webauthnRegisterVerifyBody,
  webauthnSignInVerifyBody,
} from './contracts/second-factors.js';
import { mfaEnrolStartResponse, mfaVerifyBody } from './contracts/auth.js';
import { sessionOf } from './services/auth-service.js';
import {
  confirmApp,
  keyRegistrationOptions,
  registerKey,
  startAppFromProfile,
} from './services/second-factors/enrolment.js';
import { myFactors, removeMyFactor, renameKey } from './services/second-factors/my-factors.js';
import * as tokens from './services/second-factors/otp-tokens.js';
import { reauthenticate } from './services/second-factors/reauth.js';
import { readMfaClassRule, updateMfaClassRule } from './services/second-factors/requirement-settings.js';
import { keyConfirmOptions, keySignInOptions, mfaMethods, verifyKeySignIn } from './services/second-factors/sign-in.js';

const tags = ['second factors'];

/** The origin the browser is on, as this server sees it (used only when no public URL is configured: loopback). */
const originOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

/** Second factors: sign-in with a security key, enrolment, the profile's factors, hardware tokens, the class rule. */
export function secondFactorRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Sign-in.
    app.get(
      '/api/auth/mfa/methods',
      { config: { auth: ['mfa', 'mfa_enrol'] }, schema: { tags, response: { 200: mfaMethodsResponse } } },
      async (req) => mfaMethods(ctx, sessionOf(req)),
    );
    app.post(
      '/api/auth/webauthn/sign-in/options',
      { config: { auth: ['mfa'] }, schema: { tags, response: { 200: webauthnOptionsResponse } } },
      async (req) => ({ options: { ...(await keySignInOptions(ctx, sessionOf(req), originOf(req))) } }),
    );
    app.post(
      '/api/auth/webauthn/sign-in/verify',
      { config: { auth: ['mfa'] }, schema: { tags, body: webauthnSignInVerifyBody, response: { 200: stageResponse } } },
      async (req) => {
        const s = sessionOf(req);
        return { stage: await verifyKeySignIn(ctx, req.rc, s, req.body.response), csrfToken: s.csrfToken };
      },
    );
    app.post(
      '/api/auth/webauthn/enrol/options',
      { config: { auth: ['mfa_enrol'] }, schema: { tags, response: { 200: webauthnOptionsResponse } } },
      async (req) => ({ options: { ...(await keyRegistrationOptions(ctx, sessionOf(req), originOf(req))) } }),
    );
    app.post(
      '/api/auth/webauthn/enrol/verify',
      {
        config: { auth: ['mfa_enrol'] },
        schema: { tags, body: webauthnRegisterVerifyBody, response: { 200: stageResponse } },
      },
      async (req) => {
        const s = sessionOf(req);
        const { stage } = await registerKey(ctx, req.rc, s, req.body.response, req.body.name);
        return { stage, csrfToken: s.csrfToken };
      },
    );

    // The profile: one's own factors (stage full).
    app.get('/api/me/factors', { schema: { tags, response: { 200: myFactorsResponse } } }, async (req) =>
      myFactors(ctx, sessionOf(req)),
    );
    app.post(
      '/api/me/webauthn/confirm-options',
      // Also while held on the "sign now" page: signing an agreement re-authenticates (people's signature).
      { config: { auth: ['full', 'agreements'] }, schema: { tags, response: { 200: webauthnOptionsResponse } } },
      async (req) => ({ options: { ...(await keyConfirmOptions(ctx, sessionOf(req), originOf(req))) } }),
    );
    app.post(
      '/api/me/mfa/app/start',
      { schema: { tags, body: proofBody, response: { 200: mfaEnrolStartResponse } } },
      async (req) => {
        const s = sessionOf(req);
        await reauthenticate(ctx, req.rc, s.user.id, req.body, 'auth.mfa_enrol_start');
        return startAppFromProfile(ctx, req.rc, s);
      },
    );
    app.post(
      '/api/me/mfa/app/confirm',
      { schema: { tags, body: mfaVerifyBody, response: { 200: okResponse } } },
      async (req) => {
        await confirmApp(ctx, req.rc, sessionOf(req), req.body.code);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/me/webauthn/register/options',
      { schema: { tags, body: proofBody, response: { 200: webauthnOptionsResponse } } },
      async (req) => {
        const s = sessionOf(req);
        await reauthenticate(ctx, req.rc, s.user.id, req.body, 'auth.webauthn_register');
        return { options: { ...(await keyRegistrationOptions(ctx, s, originOf(req))) } };
      },
    );
    app.post(
      '/api/me/webauthn/register/verify',
      { schema: { tags, body: webauthnRegisterVerifyBody, response: { 200: factorResponse } } },
      async (req) => {
        const { factor } = await registerKey(ctx, req.rc, sessionOf(req), req.body.response, req.body.name);
        return { factor };
      },
    );
    app.patch(
      '/api/me/webauthn/:id',
      { schema: { tags, params: idParam, body: renameKeyBody, response: { 200: okResponse } } },
      async (req) => {
        await renameKey(ctx, req.rc, sessionOf(req), req.params.id, req.body.name);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/me/factors/remove',
      { schema: { tags, body: removeFactorBody, response: { 200: okResponse } } },
      async (req) => {
        await removeMyFactor(ctx, req.rc, sessionOf(req), req.body);
        return { ok: true as const };
      },
    );

    // Hardware OTP tokens (the system administrator).
    app.get('/api/admin/otp-tokens', { schema: { tags, response: { 200: otpTokensResponse } } }, async (req) => ({
      items: await tokens.listTokens(ctx, req.rc),
    }));
    app.post(
      '/api/admin/otp-tokens/import',
      { schema: { tags, body: importTokensBody, response: { 200: importTokensResponse } } },
      async (req) => tokens.importTokens(ctx, req.rc, req.body),
    );
    app.post(
      '/api/admin/otp-tokens/:id/assign',
      { schema: { tags, params: idParam, body: assignTokenBody, response: { 200: otpTokenResponse } } },
      async (req) => ({ token: await tokens.assignToken(ctx, req.rc, req.params.id, req.body) }),
    );
    app.post(
      '/api/admin/otp-tokens/:id/unassign',
      { schema: { tags, params: idParam, body: tokenVersionBody, response: { 200: otpTokenResponse } } },
      async (req) => ({ token: await tokens.unassignToken(ctx, req.rc, req.params.id, req.body.version) }),
    );
    app.post(
      '/api/admin/otp-tokens/:id/resync',
      { schema: { tags, params: idParam, body: resyncTokenBody, response: { 200: otpTokenResponse } } },
      async (req) => ({ token: await tokens.resyncToken(ctx, req.rc, req.params.id, req.body) }),
    );
    app.delete(
      '/api/admin/otp-tokens/:id',
      { schema: { tags, params: idParam, response: { 200: okResponse } } },
      async (req) => {
        await tokens.deleteToken(ctx, req.rc, req.params.id);
        return { ok: true as const };
      },
    );

    // The security administrator's rule per clearance class.
    app.get(
      '/api/settings/mfa-requirement',
      { schema: { tags: ['settings'], response: { 200: mfaClassRuleResponse } } },
      async (req) => readMfaClassRule(ctx, req.rc),
    );
    app.put(
      '/api/settings/mfa-requirement',
      { schema: { tags: ['settings'], body: updateMfaClassRuleBody, response: { 200: mfaClassRuleResponse } } },
      async (req) => updateMfaClassRule(ctx, req.rc, req.body),
    );
  };
}
