#!/usr/bin/env node
/**
 * `npm run traceability`: writes docs/traceability.md, every requirement ID of ../shared/REQUIREMENTS.md with the
 * tests that name it in their title, and how many enforceable (E) requirements have at least one.
 *
 *   node scripts/traceability.mjs                       # ../shared/REQUIREMENTS.md -> docs/traceability.md
 *   node scripts/traceability.mjs --check               # fails if docs/traceability.md is not up to date
 *   BAOMI_REQUIREMENTS=/path/REQUIREMENTS.md node scripts/traceability.mjs
 *
 * Exits 1, writing nothing, when a test title names an ID the requirement list does not have (a typo, or an ID
 * that was renumbered), naming each file, line and ID.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseRequirements,
  renderReport,
  summaryLine,
  coverage,
  taggedTitles,
  unknownIds,
} from './traceability-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requirementsFile = path.resolve(root, process.env.BAOMI_REQUIREMENTS ?? '../shared/REQUIREMENTS.md');
const reportFile = path.join(root, 'docs', 'traceability.md');
const check = process.argv.includes('--check');

/** Every *.test.ts under test/, as sorted paths relative to the repository (forward slashes). */
function testFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.isFile() && e.name.endsWith('.test.ts')) out.push(path.relative(root, p).split(path.sep).join('/'));
  }
  return out.sort();
}

function fail(message) {
  console.error(`traceability: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(requirementsFile)) {
  // The list lives beside the checkout (../shared); a clone without it cannot check, only say so.
  if (check) {
    console.log(
      `traceability: SKIPPED, no requirement list at ${requirementsFile} (set BAOMI_REQUIREMENTS to its path)`,
    );
    process.exit(0);
  }
  fail(`no requirement list at ${requirementsFile} (set BAOMI_REQUIREMENTS to its path)`);
}
let parsed;
try {
  parsed = parseRequirements(fs.readFileSync(requirementsFile, 'utf8'));
} catch (err) {
  fail(err.message);
}
if (parsed.requirements.length === 0) fail(`${requirementsFile} lists no requirement IDs`);

const titles = testFiles(path.join(root, 'test')).flatMap((f) =>
  taggedTitles(f, fs.readFileSync(path.join(root, f), 'utf8')),
);
const unknown = unknownIds(titles, parsed.requirements);
if (unknown.length > 0) {
  for (const u of unknown) console.error(`${u.file}:${u.line}: [${u.id}] is not in REQUIREMENTS.md — "${u.title}"`);
  fail(
    `${unknown.length} tag(s) in test titles name an ID that ${path.relative(root, requirementsFile)} does not list; ` +
      'fix the tag (see the IDs there) and run again. docs/traceability.md was not written.',
  );
}

const relRequirements = path.relative(root, requirementsFile).split(path.sep).join('/');
const report = renderReport(parsed, titles, { requirementsPath: relRequirements });
if (check) {
  const current = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : '';
  if (current !== report) fail('docs/traceability.md is out of date: run `npm run traceability`');
  console.log(`docs/traceability.md is up to date. ${summaryLine(coverage(parsed.requirements, titles))}.`);
} else {
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  fs.writeFileSync(reportFile, report);
  console.log(
    `Wrote docs/traceability.md: ${titles.length} tagged test title(s). ${summaryLine(coverage(parsed.requirements, titles))}.`,
  );
}
