import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { vi } from 'vitest';
import { main } from '../../src/cli/index.js';
import type { BackupManifest } from '../../src/platform/backup/backup.js';
import { sha256File, signManifest } from '../../src/platform/backup/manifest.js';
import type { Database } from '../../src/platform/db/schema.js';

/** What only a holder of the signing key can do: change a backup and sign its manifest again. */
export async function resignBackup(
  dir: string,
  keys: { signingKid: string; signingKey: crypto.KeyObject },
  edit: (m: Omit<BackupManifest, 'signature'>) => void = () => undefined,
): Promise<void> {
  const { signature: _old, ...unsigned } = JSON.parse(
    fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'),
  ) as BackupManifest;
  unsigned.files = await Promise.all(
    unsigned.files.map(async (x) => {
      const full = path.join(dir, ...x.path.split('/'));
      return { ...x, size: fs.statSync(full).size, sha256: await sha256File(full) };
    }),
  );
  edit(unsigned);
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify(signManifest(unsigned, keys.signingKid, keys.signingKey)),
  );
}

/** A row referencing a blob (an external training certificate of `username`), as a service would write it. */
export async function referenceBlob(db: Kysely<Database>, id: string, username: string): Promise<void> {
  const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  await db
    .insertInto('training_external')
    .values({
      id: `cert-${id}`,
      user_id: user.id,
      title: 'Course',
      provider: 'Provider',
      completed_on: '2026-01-01',
      blob_id: id,
      file_name: 'certificate.pdf',
      media_type: 'application/pdf',
      size: 19,
      recorded_at: '2026-01-01T00:00:00.000Z',
    })
    .execute();
}

/** Runs the CLI in this process with these environment variables; returns what it printed and its exit code. */
export async function runCli(
  args: string[],
  vars: Record<string, string | undefined>,
): Promise<{ out: string; code: number }> {
  const printed: string[] = [];
  const spies = (['log', 'error'] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void printed.push(a.join(' '))),
  );
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const exit = process.exitCode;
  for (const [k, v] of Object.entries(vars))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  try {
    await main(['node', 'baomi', ...args]);
    return { out: printed.join('\n'), code: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = exit;
    for (const s of spies) s.mockRestore();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

/** The CLI in a process of its own (TypeScript through tsx): what it writes to stdout and stderr, and its exit code. */
export async function execCli(args: string[], env: NodeJS.ProcessEnv) {
  const code = `import('./src/cli/index.ts').then((m) => m.main(['node', 'baomi', ...process.argv.slice(1)]))`;
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', code, '--', ...args], { env });
    return { ...r, code: 0 };
  } catch (e) {
    const r = e as { stdout: string; stderr: string; code: number };
    return { stdout: r.stdout, stderr: r.stderr, code: r.code };
  }
}
