import type { FastifyReply } from 'fastify';
import type { Config } from '../config.js';

/**
 * Cookie names: the `__Host-` prefix requires Secure, which browsers refuse over plain HTTP. So when the
 * public origin is HTTPS we use `__Host-` + Secure; on plain HTTP (local trials) the same cookies without
 * the prefix. The session cookie is HttpOnly; the CSRF cookie is readable by the page. Both SameSite=Strict.
 */
export function cookieNames(config: Config) {
  const p = config.secureCookies ? '__Host-' : '';
  return { session: `${p}baomi_sid`, csrf: `${p}baomi_csrf` };
}

export function setSessionCookies(reply: FastifyReply, config: Config, token: string, csrf: string): void {
  const names = cookieNames(config);
  const base = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };
  reply.setCookie(names.session, token, { ...base, httpOnly: true });
  reply.setCookie(names.csrf, csrf, { ...base, httpOnly: false });
}

export function setCsrfCookie(reply: FastifyReply, config: Config, csrf: string): void {
  reply.setCookie(cookieNames(config).csrf, csrf, {
    path: '/',
    sameSite: 'strict',
    secure: config.secureCookies,
    httpOnly: false,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(cookieNames(config).session, {
    path: '/',
    sameSite: 'strict',
    secure: config.secureCookies,
    httpOnly: true,
  });
}
