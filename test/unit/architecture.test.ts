/**
 * The layout's rules, checked by a small import scanner (no dependency): what each part of the tree may
 * import. The rules that apply to the tree as it stands are enforced; each has a test showing it fails on a
 * violating import. (Still to come, ADR 0015: SQL only on a module's own tables.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface SourceFile {
  /** Path from the repository root, '/'-separated. */
  file: string;
  text: string;
}

interface Violation {
  file: string;
  rule: string;
  detail: string;
}

function listSources(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(e.name)) {
        out.push({ file: path.relative(ROOT, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  walk(path.join(ROOT, dir));
  return out;
}

/** Every module specifier a file imports (static, dynamic and re-exports). */
export function importsOf(text: string): string[] {
  const specs: string[] = [];
  const re =
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

/** The repository path a relative specifier names, or the package name for a bare one. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts');
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);
/** Request and response shapes: a module's or the platform's `contracts/` (the engine's `contracts.ts`). */
const isContract = (p: string) => /^src\/(?:.+\/)?contracts(?:\/|\.ts$)/.test(p);
const PURE_DIRS = ['src/kernel', 'src/policy'];

/** The layout rules over a set of files. */
export function violations(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const { file, text } of files) {
    for (const spec of importsOf(text)) {
      const to = target(file, spec);
      const relative = spec.startsWith('.');
      // Kernel and policy are pure: only each other, no Node, database, validation or any other package.
      if (PURE_DIRS.some((d) => inside(file, d)) && (!relative || !PURE_DIRS.some((d) => inside(to, d)))) {
        out.push({ file, rule: 'kernel and policy import only kernel and policy', detail: spec });
      }
      // A module's domain is pure too: the kernel and its own module's domain.
      const dom = /^src\/modules\/([^/]+)\/domain\//.exec(file);
      if (dom && (!relative || !(inside(to, 'src/kernel') || inside(to, `src/modules/${dom[1]}/domain`)))) {
        out.push({ file, rule: "a module's domain imports only the kernel and itself", detail: spec });
      }
      // One module meets another only through its index.ts.
      const mod = /^src\/modules\/([^/]+)\//.exec(file);
      const toMod = /^src\/modules\/([^/]+)\/(.*)$/.exec(to);
      if (relative && mod && toMod && mod[1] !== toMod[1] && toMod[2] !== 'index.ts') {
        out.push({ file, rule: 'another module only through its index.ts', detail: spec });
      }
      // The platform stands under the modules: it meets them only in modules.ts. The approval engine still
      // reads classification's items and applies its effects until "Platform 3" makes it generic (ADR 0015).
      if (
        inside(file, 'src/platform') &&
        relative &&
        inside(to, 'src/modules') &&
        file !== 'src/platform/modules.ts' &&
        !(inside(file, 'src/platform/approvals') && inside(to, 'src/modules/classification'))
      ) {
        out.push({ file, rule: 'the platform imports modules only in modules.ts', detail: spec });
      }
      // The web bundles no server code: contracts (shapes) and the kernel (pure rules and value lists) only.
      if (inside(file, 'web/src') && relative && inside(to, 'src') && !(isContract(to) || inside(to, 'src/kernel'))) {
        out.push({ file, rule: 'the web imports only contracts and the kernel from the server', detail: spec });
      }
    }
    // 三员: comparing admin roles is the policy's and roles.ts's business; everyone else asks their predicates.
    if (!PURE_DIRS.some((d) => inside(file, d)) && inside(file, 'src')) {
      const m =
        /(?:adminRole|admin_role)\s*(?:===|!==)\s*'(sysadmin|auditor)'|'(sysadmin|auditor)'\s*(?:===|!==)\s*(?:\w+\.)?(?:adminRole|admin_role)/.exec(
          text,
        );
      if (m) out.push({ file, rule: 'admin roles are compared only in the policy and kernel/roles.ts', detail: m[0] });
    }
  }
  return out;
}

/** Import cycles between modules (src/modules/<module>), as "a -> b -> a". */
export function moduleCycles(files: readonly SourceFile[]): string[] {
  const edges = new Map<string, Set<string>>();
  for (const { file, text } of files) {
    const from = /^src\/modules\/([^/]+)\//.exec(file)?.[1];
    if (!from) continue;
    for (const spec of importsOf(text)) {
      const to = /^src\/modules\/([^/]+)\//.exec(target(file, spec))?.[1];
      if (to && to !== from) (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
    }
  }
  const cycles: string[] = [];
  const visit = (node: string, trail: string[]) => {
    for (const next of edges.get(node) ?? []) {
      if (next === trail[0]) cycles.push([...trail, next].join(' -> '));
      else if (!trail.includes(next)) visit(next, [...trail, next]);
    }
  };
  for (const start of edges.keys()) visit(start, [start]);
  return cycles;
}

describe('the layout of the tree', () => {
  const files = [...listSources('src'), ...listSources('web/src')];

  it('keeps every rule', () => {
    expect(violations(files)).toEqual([]);
  });

  it('has no import cycle between modules', () => {
    expect(moduleCycles(files)).toEqual([]);
  });

  it('finds the files it checks', () => {
    expect(files.some((f) => f.file === 'src/policy/index.ts')).toBe(true);
    expect(files.some((f) => f.file.startsWith('src/kernel/'))).toBe(true);
    expect(files.some((f) => f.file.startsWith('web/src/'))).toBe(true);
  });
});

describe('each rule fails on a violating import', () => {
  const one = (file: string, text: string) => violations([{ file, text }]).map((v) => v.rule);

  it.each([
    ['src/kernel/levels.ts', "import fs from 'node:fs';", 'kernel and policy import only kernel and policy'],
    ['src/kernel/levels.ts', "import { sql } from 'kysely';", 'kernel and policy import only kernel and policy'],
    ['src/policy/index.ts', "import { z } from 'zod';", 'kernel and policy import only kernel and policy'],
    [
      'src/policy/index.ts',
      "import { x } from '../server/context.js';",
      'kernel and policy import only kernel and policy',
    ],
    [
      'src/kernel/roles.ts',
      "export { x } from '../modules/classification/domain/item-lifecycle.js';",
      'kernel and policy import only kernel and policy',
    ],
    [
      'src/modules/carriers/domain/rules.ts',
      "import { x } from '../../../server/context.js';",
      "a module's domain imports only the kernel and itself",
    ],
    [
      'src/modules/carriers/domain/rules.ts',
      "import { x } from '../../classification/domain/item-lifecycle.js';",
      "a module's domain imports only the kernel and itself",
    ],
    [
      'src/modules/carriers/services/x.ts',
      "import { x } from '../../classification/services/item-service.js';",
      'another module only through its index.ts',
    ],
    [
      'web/src/pages/X.tsx',
      "import { x } from '../../../src/server/app.js';",
      'the web imports only contracts and the kernel from the server',
    ],
    [
      'src/platform/x.ts',
      "if (u.admin_role === 'auditor') throw x;",
      'admin roles are compared only in the policy and kernel/roles.ts',
    ],
    [
      'src/platform/app.ts',
      "import { x } from '../modules/identity/routes.js';",
      'the platform imports modules only in modules.ts',
    ],
    [
      'src/platform/jobs/builtin.ts',
      "import { x } from '../../modules/identity/index.js';",
      'the platform imports modules only in modules.ts',
    ],
    [
      'src/platform/approvals/x.ts',
      "import { x } from '../../modules/identity/services/user-service.js';",
      'the platform imports modules only in modules.ts',
    ],
    [
      'src/platform/x.ts',
      "const ok = actor.adminRole !== 'sysadmin';",
      'admin roles are compared only in the policy and kernel/roles.ts',
    ],
  ])('%s: %s', (file, text, rule) => {
    expect(one(file, text)).toContain(rule);
  });

  it.each([
    ['src/kernel/levels.ts', "import { RANK } from './roles.js';"],
    ['src/policy/classification.ts', "import { rankOf } from '../kernel/levels.js';"],
    ['src/modules/carriers/domain/rules.ts', "import { x } from './other.js';"],
    ['src/modules/carriers/services/x.ts', "import { classification } from '../../classification/index.js';"],
    ['web/src/pages/X.tsx', "import type { X } from '../../../src/modules/identity/contracts/directory.js';"],
    ['web/src/pages/X.tsx', "import type { X } from '../../../src/platform/approvals/contracts.js';"],
    ['src/platform/x.ts', 'if (excludedFromContent(u.admin_role)) throw x;'],
    ['src/platform/modules.ts', "import { identity } from '../modules/identity/index.js';"],
    ['src/platform/approvals/x.ts', "import { x } from '../../modules/classification/services/item-effects.js';"],
  ])('allows %s: %s', (file, text) => {
    expect(one(file, text)).toEqual([]);
  });

  it('finds a cycle between modules', () => {
    expect(
      moduleCycles([
        { file: 'src/modules/a/index.ts', text: "import { b } from '../b/index.js';" },
        { file: 'src/modules/b/index.ts', text: "import { a } from '../a/index.js';" },
      ]),
    ).toContain('a -> b -> a');
  });
});
