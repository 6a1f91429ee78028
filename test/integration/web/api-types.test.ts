/**
 * The web client's endpoint types (web/src/app/api/schema.d.ts) are generated from the OpenAPI document the
 * server builds from its Zod contracts (ADR 0016). A contract changed without regenerating fails here.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('web API types', () => {
  it('schema.d.ts matches the OpenAPI document of the current contracts', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/gen-api-types.mjs', '--check'], {
      cwd: ROOT,
    });
    const result = await run.then(
      () => 'up to date',
      (e: { stderr?: string }) => e.stderr ?? String(e),
    );
    expect(result, 'web/src/app/api/schema.d.ts is stale: run `npm run api:types` and commit it').toBe('up to date');
  }, 60_000);
});
