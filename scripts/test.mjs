#!/usr/bin/env node
/**
 * `npm test`: build (the e2e tests run the built app from dist/), then run every Vitest project
 * (unit, integration, e2e), then print one plain summary line: "N passed, N failed".
 *
 * Extra arguments go to Vitest: `npm test -- --project unit`, `npm test -- test/unit/identity/totp.test.ts`.
 * BAOMI_SKIP_BUILD=1 skips the build (only for quick local loops; e2e then uses whatever dist/ holds).
 * Exit code: the build's if it fails, else Vitest's (non-zero on any failed test, file or unhandled error).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(root, '.tmp', 'vitest-results.json');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs a command with inherited stdio; resolves to its exit code (signals forwarded, 128+n if killed). */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`[test] could not start ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (signal) console.error(`[test] ${cmd} ${args.join(' ')} was killed by ${signal}`);
      resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGKILL' ? 9 : 15));
    });
  });
}

const t0 = Date.now();

// The team's habits, enforced before any suite runs: formatting, lint, and the full type check (src, web, test,
// bench: `vite build` does not type-check). BAOMI_SKIP_CHECKS=1 skips them in quick local loops.
if (process.env.BAOMI_SKIP_CHECKS === '1') {
  console.log('[test] BAOMI_SKIP_CHECKS=1: skipping format, lint and type checks');
} else {
  for (const [label, cmd, args] of [
    ['format (prettier --check)', npx, ['prettier', '--check', '--log-level', 'warn', '.']],
    ['lint (eslint)', npx, ['eslint', '--max-warnings', '0', '.']],
    ['type check (tsc --noEmit)', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']],
    ['traceability report current (npm run traceability)', 'node', ['scripts/traceability.mjs', '--check']],
  ]) {
    console.log(`[test] ${label}`);
    const code = await run(cmd, args);
    if (code !== 0) {
      console.error(
        `\n[test] ${label.toUpperCase()} FAILED (exit ${code}); no tests were run. Fix it (npm run format / npm run lint) and try again.`,
      );
      console.log('0 passed, 0 failed');
      process.exit(code);
    }
  }
}

if (process.env.BAOMI_SKIP_BUILD === '1') {
  console.log('[test] BAOMI_SKIP_BUILD=1: skipping `npm run build`');
} else {
  console.log('[test] npm run build');
  const buildCode = await run(npm, ['run', 'build']);
  if (buildCode !== 0) {
    console.error(`\n[test] BUILD FAILED (npm run build exited with ${buildCode}); no tests were run.`);
    console.log('0 passed, 0 failed');
    process.exit(buildCode);
  }
}

fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });

const vitestArgs = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${path.relative(root, resultsFile)}`,
  ...process.argv.slice(2),
];
console.log(`[test] npx ${vitestArgs.join(' ')}`);
const code = await run(npx, vitestArgs);

let results;
try {
  results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
} catch {
  results = undefined;
}

const seconds = ((Date.now() - t0) / 1000).toFixed(1);
if (!results) {
  console.error(
    `\n[test] Vitest wrote no results to ${path.relative(root, resultsFile)} (exit code ${code}); it did not complete.`,
  );
  console.log('0 passed, 0 failed');
  process.exit(code === 0 ? 1 : code);
}

const passed = results.numPassedTests ?? 0;
const failed = results.numFailedTests ?? 0;
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
// Files that failed without a failing test: import errors, failing beforeAll/afterAll, etc.
const brokenFiles = (results.testResults ?? []).filter(
  (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
);

console.log('');
if (skipped) console.log(`[test] ${skipped} skipped or todo`);
for (const f of brokenFiles) {
  const first = (f.message ?? '').split('\n')[0];
  console.log(`[test] file failed outside any test: ${path.relative(root, f.name)}${first ? ` — ${first}` : ''}`);
}
if (code !== 0 && failed === 0 && brokenFiles.length === 0) {
  console.log(`[test] vitest exited with ${code} although no test failed (unhandled errors? see above)`);
}
console.log(`[test] finished in ${seconds} s`);
console.log(`${passed} passed, ${failed} failed`);

// Vitest can exit 0 after an error outside the tests (seen with config errors); trust the report too.
const ok = code === 0 && failed === 0 && brokenFiles.length === 0 && results.success !== false && passed > 0;
if (code === 0 && !ok) {
  console.log(
    passed === 0 ? '[test] no test passed: treating the run as failed' : '[test] the report says the run failed',
  );
}
process.exit(code !== 0 ? code : ok ? 0 : 1);
