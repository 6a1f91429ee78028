#!/usr/bin/env node
/**
 * Runs every integration and e2e test file on its own (a fresh Vitest process each: its own global setup,
 * nothing left by another file) and reports which pass. Tests must not depend on each other's order or state.
 *
 *   node scripts/run-each-alone.mjs               # every integration and e2e file (build first for e2e)
 *   node scripts/run-each-alone.mjs integration   # one tier
 *   node scripts/run-each-alone.mjs test/integration/platform/jobs.test.ts
 *   node scripts/run-each-alone.mjs --each-test [--only <text>] <files...>   # every test of the files alone (-t)
 *
 * Prints one line per file and a closing "N passed, N failed" line; exits non-zero if any file failed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const eachTest = argv.includes('--each-test');
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1] : null;
const args = argv.filter((a, i) => a !== '--each-test' && i !== onlyAt && i !== onlyAt + 1);
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

const projectOf = (file) => (file.includes('/e2e/') ? 'e2e' : 'integration');

function capture(args) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn('npx', args, { cwd: root, env: process.env });
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** The full names of a file's tests ("describe > it"), as `vitest list` reports them (into a temp file). */
async function testsOf(file) {
  const out = path.join(os.tmpdir(), `baomi-list-${process.pid}-${Date.now()}.json`);
  // `--json=<file>` with the `=`: a bare `--json` would take the next argument (the test file!) as its output.
  const r = await capture(['vitest', 'list', '--project', projectOf(file), `--json=${out}`, file]);
  if (r.code !== 0 || !fs.existsSync(out)) throw new Error(`could not list the tests of ${file}:\n${r.out}`);
  try {
    return JSON.parse(fs.readFileSync(out, 'utf8')).map((t) => t.name);
  } finally {
    fs.rmSync(out, { force: true });
  }
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function runAlone(file, testName) {
  const project = projectOf(file);
  return new Promise((resolve) => {
    const t0 = Date.now();
    let out = '';
    // -t matches the names of the describe blocks and the test joined by spaces.
    const extra = testName ? ['-t', `^${escapeRegExp(testName.split(' > ').join(' '))}$`] : [];
    const child = spawn('npx', ['vitest', 'run', '--project', project, file, ...extra], {
      cwd: root,
      env: process.env,
    });
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('close', (code) =>
      resolve({
        file: testName ? `${file} > ${testName}` : file,
        code: code ?? 1,
        seconds: (Date.now() - t0) / 1000,
        out,
      }),
    );
  });
}

let passed = 0;
let failed = 0;
const runs = [];
for (const file of files) {
  if (!eachTest) runs.push([file, null]);
  else for (const name of await testsOf(file)) if (!only || name.includes(only)) runs.push([file, name]);
}
for (const [file, name] of runs) {
  const r = await runAlone(file, name);
  const tests = /Tests\s+(.*)/.exec(r.out.replace(ANSI, ''))?.[1]?.trim() ?? '';
  // A test filtered out by -t counts as skipped: a run that executed nothing is a failure here.
  if (r.code === 0 && name && !/\b1 passed\b/.test(tests)) r.code = 1;
  if (r.code === 0) passed++;
  else failed++;
  console.log(`${r.code === 0 ? 'PASS' : 'FAIL'}  ${r.file}  (${r.seconds.toFixed(1)} s)  ${tests}`);
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
