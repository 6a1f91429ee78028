import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { AppError } from '../errors.js';
import type { SecurityHeaderSets } from './security-headers.js';

/**
 * Marks every route registered in `scope` as belonging to `surface` and public: the web files and the
 * Swagger UI need no session. Set by the registering context, so no route anywhere else can become
 * public by the shape of its URL.
 */
export function markSurface(scope: FastifyInstance, surface: 'web' | 'docs'): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    route.config = { ...(route.config as object | undefined), auth: 'public', surface };
  });
}

/**
 * The path a browser or proxy could take `raw` for, decoded and normalised the way lenient servers do:
 * percent-decoded (repeatedly, for double encoding), back-slashes as slashes, `;` parameters dropped, empty
 * and `.` segments removed, `..` resolved, lower-cased. Used only to answer API-looking paths that no API
 * route matched with a JSON 404 instead of the app shell.
 */
export function normalisedPath(raw: string): string {
  let p = raw.split('?')[0] ?? '';
  for (let i = 0; i < 3; i++) {
    try {
      const d = decodeURIComponent(p);
      if (d === p) break;
      p = d;
    } catch {
      break;
    }
  }
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    const s = seg.split(';')[0]!.trim().toLowerCase();
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return '/' + out.join('/');
}

export function isApiLookingPath(raw: string): boolean {
  const p = normalisedPath(raw);
  return p === '/api' || p.startsWith('/api/');
}

/**
 * Files under `assets/` carry a hash of their content in their name (Vite): a new build gives new names, so a
 * browser may keep them for a year without asking again. Everything else (index.html, which names the current
 * assets) is revalidated on every load, so a new version is picked up at once.
 */
export function cacheControlOf(webRoot: string, file: string): string {
  const rel = path.relative(webRoot, file).split(path.sep).join('/');
  return rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * The built web app: its files, and the app shell for client-side routes (/users, /audit, ...). A path that
 * looks like the API but matched no API route gets a JSON 404 with the API headers, never the shell.
 */
export async function registerWebSurface(
  app: FastifyInstance,
  webRoot: string,
  sets: SecurityHeaderSets,
): Promise<void> {
  await app.register(async (web) => {
    markSurface(web, 'web');
    await web.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz beside each file (web/build/precompress.ts): sent as the browser accepts.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => void reply.header('cache-control', cacheControlOf(webRoot, file)),
    });
    web.get('/*', { schema: { hide: true } }, async (req, reply) => {
      if (isApiLookingPath(req.url)) {
        void reply.headers(sets.api);
        throw new AppError('not_found', `No such endpoint: ${req.method} ${req.url.split('?')[0]}`);
      }
      return reply.sendFile('index.html');
    });
  });
}
