#!/usr/bin/env node
/**
 * Moves source files and rewrites every relative import that points at them (and every relative import in
 * them), so a layout change is one mechanical step: `git mv` plus import paths, nothing else.
 *
 *   node scripts/move-files.mjs moves.json      # [["src/domain/levels.ts", "src/kernel/levels.ts"], ...]
 *
 * Imports are found in `from '...'`, `import '...'`, `import('...')` and `vi.mock('...')` specifiers starting with `.`; a
 * specifier keeps its form (`.js` for `.ts`, none for `.tsx` where written so). Files are moved with
 * `git mv`, so history follows them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const moves = new Map(
  JSON.parse(fs.readFileSync(process.argv[2], 'utf8')).map(([from, to]) => [
    path.resolve(root, from),
    path.resolve(root, to),
  ]),
);
const SOURCE_DIRS = ['src', 'web', 'test', 'bench', 'scripts'];
const EXT = /\.(ts|tsx|mts|mjs|js)$/;

function listFiles(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (EXT.test(e.name) && !e.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The file a relative specifier written in `fromFile` names (trying the TypeScript sources behind `.js`). */
function resolveSpecifier(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
  ];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}

/** A specifier from `fromFile` to `target`, in the form the original one had. */
function specifierFor(fromFile, target, original) {
  let rel = path.relative(path.dirname(fromFile), target).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  if (original.endsWith('.js')) return rel.replace(/\.tsx?$/, '.js');
  if (/\.(ts|tsx|mjs|mts)$/.test(original)) return rel;
  return rel.replace(/\.tsx?$/, '').replace(/\/index$/, '');
}

const files = SOURCE_DIRS.flatMap((d) => listFiles(path.join(root, d)));
const SPEC = /(from\s+|import\s+|import\(\s*|vi\.mock\(\s*)(['"])(\.[^'"]*)\2/g;
const rewritten = new Map();
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const newHome = moves.get(file) ?? file;
  let changed = false;
  const out = text.replace(SPEC, (all, lead, quote, spec) => {
    const target = resolveSpecifier(file, spec);
    if (!target) return all;
    const newTarget = moves.get(target) ?? target;
    if (newHome === file && newTarget === target) return all;
    const next = specifierFor(newHome, newTarget, spec);
    if (next === spec) return all;
    changed = true;
    return `${lead}${quote}${next}${quote}`;
  });
  if (changed) rewritten.set(file, out);
}
for (const [file, text] of rewritten) fs.writeFileSync(file, text);
for (const [from, to] of moves) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  execFileSync('git', ['mv', path.relative(root, from), path.relative(root, to)], { cwd: root });
}
console.log(`moved ${moves.size} file(s); rewrote imports in ${rewritten.size} file(s)`);
