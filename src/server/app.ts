import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from './errors.js';
import type { AppContext } from './context.js';
import { registerAuthHooks } from './http/auth-hooks.js';
import { registerErrorHandler } from './http/error-handler.js';
import { registerDocsHeaders, registerSecurityHeaders, securityHeaderSets } from './http/security-headers.js';
import { authRoutes } from './routes/auth-routes.js';
import { directoryRoutes } from './routes/directory-routes.js';
import { miscRoutes } from './routes/misc-routes.js';
import { classificationRoutes } from './routes/classification-routes.js';
import { approvalRoutes } from './routes/approval-routes.js';
import { BAOMI_VERSION } from './version.js';

const BODY_LIMIT = 256 * 1024;

function defaultWebRoot(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // dist/server/app.js -> dist/web ; src/server/app.ts -> dist/web
  for (const candidate of [path.resolve(here, '../web'), path.resolve(here, '../../dist/web')]) {
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

export async function buildApp(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const { config } = ctx;
  const https =
    config.tlsCertFile && config.tlsKeyFile
      ? { cert: fs.readFileSync(config.tlsCertFile), key: fs.readFileSync(config.tlsKeyFile) }
      : null;
  const base = {
    loggerInstance: opts.logger === false ? undefined : ctx.log,
    bodyLimit: BODY_LIMIT,
    // A hop count is accepted at run time though the type omits it.
    trustProxy: config.trustProxy as boolean | string[],
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
  };
  // The HTTPS server has a different instance type; routes are the same, so treat both as one.
  const raw = (https ? Fastify({ ...base, https } as never) : Fastify(base)) as unknown as FastifyInstance;
  const app = raw.withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // JSON only, and only valid UTF-8: a body with malformed bytes is refused instead of being decoded
  // into replacement characters and stored.
  app.removeAllContentTypeParsers();
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body: Buffer, done) => {
    if (body.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(new AppError('bad_request', 'The request body is not valid UTF-8'), undefined);
    }
    let parsed: unknown;
    let forbiddenKey: string | null = null;
    try {
      // Prototype keys are refused like any other unknown field (strict input), never silently dropped.
      parsed = JSON.parse(text, (k, v: unknown) => {
        if (k === '__proto__' || k === 'constructor' || k === 'prototype') forbiddenKey = k;
        return v;
      });
    } catch {
      return done(new AppError('bad_request', 'The request body is not valid JSON'), undefined);
    }
    if (forbiddenKey) return done(new AppError('validation_failed', `The field "${forbiddenKey}" is not allowed`), undefined);
    done(null, parsed);
  });

  registerErrorHandler(app);
  const headers = securityHeaderSets(config.secureCookies);
  registerSecurityHeaders(app, headers);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Baomi API', version: BAOMI_VERSION, description: 'Confidentiality management. Errors: { error: { code, message, details? } }.' },
    },
    transform: jsonSchemaTransform,
  });
  // Swagger UI in a context of its own, so its CSP exception and hooks apply to its routes only.
  await app.register(async (docs) => {
    registerDocsHeaders(docs, headers);
    await docs.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  });
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerAuthHooks(app, ctx);
  await app.register(authRoutes(ctx));
  await app.register(directoryRoutes(ctx));
  await app.register(miscRoutes(ctx));
  await app.register(classificationRoutes(ctx));
  await app.register(approvalRoutes(ctx));

  const webRoot = config.webRoot ?? defaultWebRoot();
  if (webRoot) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
    // Client-side routes (/users, /audit, ...) get the app shell; unknown /api paths stay JSON 404s.
    app.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, async (req, reply) => {
      if (req.url.startsWith('/api/')) throw new AppError('not_found', `No such endpoint: ${req.method} ${req.url.split('?')[0]}`);
      return reply.sendFile('index.html');
    });
  }
  return app;
}
