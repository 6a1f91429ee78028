import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * Security headers, computed once at start-up and set on every answer by one onRequest hook (ADR 0009).
 * They are the headers helmet 8 produced for our configuration, byte for byte; test/integration/
 * platform/security-headers.test.ts pins them.
 */

/** The web app: scripts only from our origin, never inline; styles inline because antd injects them. */
const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join(';');

/** Swagger UI ships its own inline bootstrap; this CSP applies to its routes only. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

const COMMON: Record<string, string> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

export interface SecurityHeaderSets {
  /** Web app pages and static files. */
  page: Readonly<Record<string, string>>;
  /** API answers: the same, and never cached (they carry personal and classified data). */
  api: Readonly<Record<string, string>>;
  /** Swagger UI and its files. */
  docs: Readonly<Record<string, string>>;
}

/** `hsts`: the public origin is HTTPS (TLS here or at a proxy); browsers then refuse plain HTTP for a year. */
export function securityHeaderSets(hsts: boolean): SecurityHeaderSets {
  const base = { ...COMMON, ...(hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}) };
  return {
    page: Object.freeze({ 'content-security-policy': APP_CSP, ...base }),
    api: Object.freeze({ 'content-security-policy': APP_CSP, ...base, 'cache-control': 'no-store' }),
    docs: Object.freeze({ 'content-security-policy': DOCS_CSP, ...base, 'cache-control': 'no-store' }),
  };
}

/**
 * Every answer of `app` (404s and errors included) gets the page or API set, chosen by the matched route's
 * surface (never the raw URL). Anything that is not a web file, unmatched paths included, gets the API set:
 * the stricter one, never cached.
 */
export function registerSecurityHeaders(app: FastifyInstance, sets: SecurityHeaderSets): void {
  app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    void reply.headers(req.routeOptions.config?.surface === 'web' ? sets.page : sets.api);
    done();
  });
}

/**
 * For the encapsulated context holding the Swagger UI plugin: its CSP, and no caching even for the static
 * files its plugin serves with a cache-control of their own (onSend runs after they set it).
 */
export function registerDocsHeaders(docs: FastifyInstance, sets: SecurityHeaderSets): void {
  docs.addHook('onRequest', (_req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    void reply.headers(sets.docs);
    done();
  });
  docs.addHook(
    'onSend',
    (_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      void reply.header('cache-control', 'no-store');
      done(null, payload);
    },
  );
}
