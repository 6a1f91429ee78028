import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError } from './errors.js';
import type { AppContext } from './context.js';
import { registerAuthHooks } from './http/auth-hooks.js';
import { registerErrorHandler } from './http/error-handler.js';
import { registerDocsHeaders, registerSecurityHeaders, securityHeaderSets } from './http/security-headers.js';
import { markSurface, registerWebSurface } from './http/web-surface.js';
import { parseJsonBody } from './http/json-body.js';
import { systemRoutes } from './http/system-routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { approvalRoutes } from './approvals/routes.js';
import { workbenchRoutes } from './workbench/routes.js';
import { jobRoutes } from './jobs/routes.js';
import { backupScheduleRoutes } from './backup/schedule-routes.js';
import { approvalPrintRoutes } from './approvals/print-routes.js';
import { MODULES, resolveSession } from './modules.js';
import { BAOMI_VERSION } from './version.js';

const BODY_LIMIT = 256 * 1024;

function defaultWebRoot(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // dist/platform/app.js -> dist/web ; src/platform/app.ts -> dist/web
  for (const candidate of [path.resolve(here, '../web'), path.resolve(here, '../../dist/web')]) {
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

export interface BuildOptions {
  logger?: boolean;
  /** Told of every route as Fastify registers it (method, url, config): the real route table, for tests. */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
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
    // Long path parameters reach their route and are refused there by validation (400 naming the field),
    // not by the router with a body of its own.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 8192 },
  };
  // The HTTPS server has a different instance type; routes are the same, so treat both as one.
  const raw = (https ? Fastify({ ...base, https } as never) : Fastify(base)) as unknown as FastifyInstance;
  const app = raw.withTypeProvider<ZodTypeProvider>();
  if (opts.onRoute) {
    const listener = opts.onRoute;
    // onRoute sees a route before encapsulated hooks fill its config: report it once the server is ready.
    const routes: RouteOptions[] = [];
    app.addHook('onRoute', (r) => void routes.push(r));
    app.addHook('onReady', async () => routes.forEach(listener));
  }

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // JSON only, strictly (http/json-body.ts): valid UTF-8 without BOM, no duplicate or prototype keys.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (_req, body: Buffer, done) => {
      try {
        done(null, parseJsonBody(body));
      } catch (e) {
        done(e as Error, undefined);
      }
    },
  );
  // A route that declares no body takes none: a body it would ignore is refused, not silently dropped.
  // A callback hook, not an async one: it runs on every request and has nothing to wait for.
  app.addHook('preValidation', (req, _reply, done) => {
    if (req.body === undefined) return done();
    const route = req.routeOptions;
    if (route.url && !route.schema?.body)
      return done(new AppError('bad_request', 'This endpoint takes no request body'));
    done();
  });

  registerErrorHandler(app);
  const headers = securityHeaderSets(config.secureCookies);
  registerSecurityHeaders(app, headers);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Baomi API',
        version: BAOMI_VERSION,
        description: 'Confidentiality management. Errors: { error: { code, message, details? } }.',
      },
    },
    transform: jsonSchemaTransform,
  });
  // Swagger UI in a context of its own, so its CSP exception and hooks apply to its routes only.
  await app.register(async (docs) => {
    markSurface(docs, 'docs');
    registerDocsHeaders(docs, headers);
    await docs.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  });
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerAuthHooks(app, ctx, resolveSession);
  await app.register(systemRoutes(ctx));
  await app.register(notificationRoutes(ctx));
  for (const m of MODULES) for (const routes of m.routes(ctx)) await app.register(routes);
  await app.register(approvalRoutes(ctx));
  await app.register(workbenchRoutes(ctx));
  await app.register(jobRoutes(ctx));
  await app.register(backupScheduleRoutes(ctx));
  await app.register(approvalPrintRoutes(ctx));

  const webRoot = config.webRoot ?? defaultWebRoot();
  if (webRoot) await registerWebSurface(app, webRoot, headers);
  return app;
}
