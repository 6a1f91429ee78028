#!/usr/bin/env node
/**
 * Runs every integration and e2e test file on its own (a fresh Vitest process each: its own global setup,
 * nothing left by another file) and reports which pass. Tests must not depend on each other's order or state.
 *
 *   node scripts/run-each-alone.mjs               # every integration and e2e file (build first for e2e)
 *   node scripts/run-each-alone.mjs integration   # one tier
 *   node scripts/run-each-alone.mjs test/integration/jobs.test.ts
 *
 * Prints one line per file and a closing "N passed, N failed" line; exits non-zero if any file failed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const tiers = ['integration', 'e2e'];
/** ANSI colour codes in Vitest's output (built from the ESC character, not written as a control character). */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function filesOf(tier) {
  const dir = path.join(root, 'test', tier);
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.test.ts')) out.push(path.relative(root, full));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

const files = args.length ? args.flatMap((a) => (tiers.includes(a) ? filesOf(a) : [a])) : tiers.flatMap(filesOf);

function runAlone(file) {
  const project = file.includes('/e2e/') ? 'e2e' : 'integration';
  return new Promise((resolve) => {
    const t0 = Date.now();
    let out = '';
    const child = spawn('npx', ['vitest', 'run', '--project', project, file], { cwd: root, env: process.env });
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('close', (code) => resolve({ file, code: code ?? 1, seconds: (Date.now() - t0) / 1000, out }));
  });
}

let passed = 0;
let failed = 0;
for (const file of files) {
  const r = await runAlone(file);
  const tests = /Tests\s+(.*)/.exec(r.out.replace(ANSI, ''))?.[1]?.trim() ?? '';
  if (r.code === 0) passed++;
  else failed++;
  console.log(`${r.code === 0 ? 'PASS' : 'FAIL'}  ${file}  (${r.seconds.toFixed(1)} s)  ${tests}`);
  if (r.code !== 0) {
    const lines = r.out
      .replace(ANSI, '')
      .split('\n')
      .filter((l) => /FAIL|Error|expected/.test(l));
    for (const l of lines.slice(0, 8)) console.log(`      ${l.trim()}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
