import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SessionStage } from '../../kernel/account-policy.js';
import { AppError } from '../errors.js';
import type { AppContext, RequestContext } from '../context.js';
import type { Actor } from '../../kernel/actor.js';
import { cookieNames } from './cookies.js';

/**
 * Per-route access needs, declared in route `config.auth`:
 * - 'public': no session needed (health, login, csrf; the web files and the API docs, marked by the context
 *   that registers them);
 * - an array of stages: a session in one of them (e.g. password change accepts 'password_change' and 'full');
 * - default: a fully signed-in session.
 */
export type AuthNeed = 'public' | readonly SessionStage[];

/**
 * Which surface a route belongs to, set by the context that registers it (never inferred from the URL):
 * 'web' for the built web files, 'docs' for the Swagger UI; every other route is the API.
 */
export type RouteSurface = 'api' | 'web' | 'docs';

/** What the platform needs of a signed-in session; identity's sessions carry more (the user row). */
export interface AuthenticatedSession {
  actor: Actor;
  sessionId: string;
  stage: SessionStage;
  csrfToken: string;
}

/**
 * Looks up the session behind a cookie token (identity's): throws `unauthenticated` / `session_expired`.
 * `touch` is false for background polls, which must not keep an unattended session alive.
 */
export type SessionResolver = (
  ctx: AppContext,
  rc: RequestContext,
  token: string,
  touch: boolean,
) => Promise<AuthenticatedSession>;

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthNeed;
    surface?: RouteSurface;
  }
  interface FastifyRequest {
    session: AuthenticatedSession | null;
    rc: RequestContext;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function tokensEqual(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function csrfFailed(): AppError {
  return new AppError('csrf_failed', 'Missing or wrong CSRF token; reload the page');
}

export function registerAuthHooks(app: FastifyInstance, ctx: AppContext, resolveSession: SessionResolver): void {
  const names = cookieNames(ctx.config);
  app.decorateRequest('session', null);
  app.decorateRequest('rc', null as unknown as RequestContext);

  // onRequest: the session and CSRF are checked before the body is even parsed, so a refused request
  // never reaches validation or a handler. What a request needs is decided by the route the router matched
  // (its config), never by the raw URL: `/%61pi/users` matches the route `/api/users` and needs what it needs.
  // Fail closed: a route whose config says nothing needs a full session. Unknown routes (no matched route)
  // fall through to the 404 handler, which reveals nothing.
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.rc = { actor: null, ip: req.ip ?? null, requestId: String(req.id), sessionId: null };
    // One read of routeOptions: Fastify builds a new object on every access.
    const route = req.routeOptions;
    if (!route.url) return;
    const need: AuthNeed = route.config?.auth ?? ['full'];
    const token = req.cookies[names.session];
    const sentHeader = req.headers['x-csrf-token'];
    const sent = typeof sentHeader === 'string' ? sentHeader : undefined;
    const unsafe = UNSAFE.has(req.method);

    if (need === 'public') {
      // Before sign-in: double-submit check against the csrf cookie.
      if (unsafe && !tokensEqual(sent, req.cookies[names.csrf])) throw csrfFailed();
      if (!token) return;
      try {
        const s = await resolveSession(ctx, req.rc, token, false);
        req.session = s;
        req.rc = { ...req.rc, actor: s.actor, sessionId: s.sessionId };
      } catch {
        // A stale cookie does not stop a public endpoint (e.g. signing in again).
      }
      return;
    }

    if (!token) throw new AppError('unauthenticated', 'Please sign in');
    const session = await resolveSession(ctx, req.rc, token, req.headers['x-baomi-background'] !== '1');
    // With a session the header must equal the session's own token.
    if (unsafe && !tokensEqual(sent, session.csrfToken)) throw csrfFailed();
    req.session = session;
    req.rc = { ...req.rc, actor: session.actor, sessionId: session.sessionId };
    if (!need.includes(session.stage)) {
      throw session.stage === 'password_change'
        ? new AppError('password_change_required', 'Change your password first')
        : session.stage === 'mfa'
          ? new AppError('mfa_required', 'Enter the code from your authenticator first')
          : session.stage === 'agreements'
            ? new AppError('forbidden', 'Sign the agreements that are due first', { problem: 'agreements_required' })
            : new AppError('forbidden', 'Finish signing in first: enrol your authenticator');
    }
  });
}

/** The request's session, as the resolver made it (identity's routes read their own richer type). */
export function requireSession<S extends AuthenticatedSession = AuthenticatedSession>(req: FastifyRequest): S {
  if (!req.session) throw new AppError('unauthenticated', 'Please sign in');
  return req.session as S;
}
