/**
 * Serving the web app (issue 18, "Serving"): the build's files go out precompressed — brotli when the browser
 * accepts it, else gzip, else as they are — with `vary: accept-encoding`; content-hashed files under assets/ are
 * cached for a year as immutable, index.html (and the app shell of client-side routes) is revalidated each time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/platform/app.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import type { AppContext } from '../../../src/platform/context.js';
import { precompressDir } from '../../../web/build/precompress.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SCRIPT = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `保密-${i}`))};\n`;
const INDEX = `<!doctype html><html><head><title>Baomi 保密</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body>${'<div></div>'.repeat(200)}</body></html>`;

describe('web files: precompressed and cached by their names', () => {
  let dir: string;
  let ctx: AppContext;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-serving-'));
    const webRoot = path.join(dir, 'web');
    fs.mkdirSync(path.join(webRoot, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(webRoot, 'index.html'), INDEX);
    fs.writeFileSync(path.join(webRoot, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
    fs.writeFileSync(path.join(webRoot, 'assets', 'tiny-Zz99.js'), 'export{}');
    precompressDir(webRoot);
    const config = loadConfig({}, { dataDir: dir, webRoot, jobsEnabled: false, logLevel: 'silent', kdfCost: 1024 });
    ctx = await createContext(config, { log: pino({ level: 'silent' }) });
    app = await buildApp(ctx, { logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the build writes .br and .gz copies of files worth compressing, not of tiny ones', () => {
    const assets = fs.readdirSync(path.join(dir, 'web', 'assets')).sort();
    expect(assets).toEqual(['index-Ab12Cd34.js', 'index-Ab12Cd34.js.br', 'index-Ab12Cd34.js.gz', 'tiny-Zz99.js']);
  });

  it.each([
    ['gzip, deflate, br', 'br'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['identity', undefined],
    ['', undefined],
  ])('a hashed asset asked with accept-encoding %j goes out as %s, immutable for a year', async (accept, encoding) => {
    const res = await app.inject({
      method: 'GET',
      url: '/assets/index-Ab12Cd34.js',
      headers: accept ? { 'accept-encoding': accept } : {},
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(String(res.headers['content-type'])).toMatch(/javascript/);
    const body =
      encoding === 'br'
        ? zlib.brotliDecompressSync(res.rawPayload)
        : encoding === 'gzip'
          ? zlib.gunzipSync(res.rawPayload)
          : res.rawPayload;
    expect(body.toString('utf8')).toBe(SCRIPT);
    if (encoding) expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 3);
  });

  it.each(['/', '/index.html', '/users', '/audit/settings'])(
    '%s (the app shell) is revalidated on every load, compressed too',
    async (url) => {
      const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(res.rawPayload).toString('utf8')).toBe(INDEX);
    },
  );

  it('a file too small to compress is sent as it is, still immutable', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/assets/tiny-Zz99.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.body).toBe('export{}');
  });

  it('API answers are still never cached', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br' } });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
