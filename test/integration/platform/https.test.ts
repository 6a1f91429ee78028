import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/platform/config.js';
import { startServer, type RunningServer } from '../../../src/platform/main.js';
import { freshDatabase, type FreshDatabase } from '../../helpers/db.js';

function get(
  url: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// The certificate is made with the openssl command; machines without it skip this file.
describe.skipIf(!hasOpenssl())('HTTPS with a certificate and key', () => {
  let db: FreshDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    const cert = path.join(db.dataDir, 'cert.pem');
    const key = path.join(db.dataDir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    const config = loadConfig(
      { BAOMI_TLS_CERT: cert, BAOMI_TLS_KEY: key },
      { dataDir: db.dataDir, port: 0, jobsEnabled: false, logLevel: 'silent', kdfCost: 1024 },
    );
    server = await startServer(config, { print: () => undefined });
  });
  afterAll(async () => {
    await server.stop();
    await db.cleanup();
  });

  it('serves HTTPS with HSTS and Secure __Host- cookies', async () => {
    expect(server.url.startsWith('https://')).toBe(true);
    const health = await get(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(String(health.headers['strict-transport-security'])).toContain('max-age=');
    const csrf = await get(`${server.url}/api/auth/csrf`);
    const cookies = ([] as string[]).concat(csrf.headers['set-cookie'] ?? []);
    const c = cookies.find((x) => x.startsWith('__Host-baomi_csrf='));
    expect(c).toBeDefined();
    expect(c).toMatch(/; Secure/);
    expect(c).toMatch(/SameSite=Strict/);
    expect(c).toMatch(/Path=\//);
    expect(fs.existsSync(path.join(db.dataDir, 'baomi.sqlite'))).toBe(true);
  });
});
