/**
 * The layout's rules, checked by a small import scanner (no dependency): what each part of the tree may
 * import. The rules that apply to the tree as it stands are enforced; each has a test showing it fails on a
 * violating import, including where SQL lives: each table belongs to the part whose `schema.ts` declares it.
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
      // The platform stands under the modules: it meets them only in modules.ts (the approval engine too: modules
      // register their request types, ADR 0019).
      if (inside(file, 'src/platform') && relative && inside(to, 'src/modules') && file !== 'src/platform/modules.ts') {
        out.push({ file, rule: 'the platform imports modules only in modules.ts', detail: spec });
      }
      // The web bundles no server code: contracts (shapes) and the kernel (pure rules and value lists) only.
      if (inside(file, 'web/src') && relative && inside(to, 'src') && !(isContract(to) || inside(to, 'src/kernel'))) {
        out.push({ file, rule: 'the web imports only contracts and the kernel from the server', detail: spec });
      }
    }
    // "Ask `can`, audit the refusal, answer 404 or 403" lives once, in the platform's `authorize`: a file that
    // asks `can` does not also record a denied event by itself (a refusal decided otherwise uses `refuse`).
    if (
      inside(file, 'src') &&
      !PURE_DIRS.some((d) => inside(file, d)) &&
      file !== 'src/platform/authorize.ts' &&
      /\bcan\(/.test(text) &&
      /result: 'denied'/.test(text)
    ) {
      out.push({ file, rule: 'refusals are audited and answered by authorize', detail: "can( with result: 'denied'" });
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

/** Where a table is declared: the platform (a `schema.ts` under `src/platform`) or a module (its `schema.ts`). */
export function tableOwners(files: readonly SourceFile[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { file, text } of files) {
    if (!/(?:^|\/)schema\.ts$/.test(file)) continue;
    const owner = /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? (inside(file, 'src/platform') ? 'platform' : null);
    if (!owner) continue;
    // The table lists: `interface Database {` or `interface <Module>Tables {`, one `name: SomethingTable;` a line.
    for (const block of text.matchAll(/interface (?:Database|\w+Tables) \{([^}]*)\}/g)) {
      for (const m of block[1]!.matchAll(/^\s*(\w+): \w+Table;/gm)) owners.set(m[1]!, owner);
    }
  }
  return owners;
}

/**
 * The organisation's directory is identity's, and everyone reads it (names in joins, the access profile,
 * notification addresses); only identity writes it. Locking a row (`lockRow`) to serialise is a read here.
 */
const READ_BY_ALL = new Set(['users', 'departments']);

/** Each table a file queries, and whether it writes it. */
export function queriesOf(text: string): { table: string; write: boolean }[] {
  const out: { table: string; write: boolean }[] = [];
  const re =
    /\.(selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*['"](\w+)(?:\s+as\s+\w+)?['"]|lockRow\([^,]+,[^,]+,\s*['"](\w+)['"]/g;
  for (const m of text.matchAll(re)) {
    if (m[3]) out.push({ table: m[3], write: false });
    else out.push({ table: m[2]!, write: /^(insertInto|updateTable|deleteFrom|mergeInto)$/.test(m[1]!) });
  }
  return out;
}

/** Queries on a table the file's part does not own. Migrations (the one ordered list) may touch any table. */
export function foreignQueries(files: readonly SourceFile[], owners: Map<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const { file, text } of files) {
    if (!inside(file, 'src') || inside(file, 'src/platform/db/migrations')) continue;
    const part = /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? (inside(file, 'src/platform') ? 'platform' : null);
    if (!part) continue;
    for (const q of queriesOf(text)) {
      const owner = owners.get(q.table);
      if (owner === undefined || owner === part) continue;
      if (READ_BY_ALL.has(q.table) && !q.write) continue;
      out.push({
        file,
        rule: "SQL only on the part's own tables",
        detail: `${q.write ? 'writes' : 'reads'} ${q.table} (${owner}'s)`,
      });
    }
  }
  return out;
}

describe('the layout of the tree', () => {
  const files = [...listSources('src'), ...listSources('web/src')];

  it('keeps every rule', () => {
    expect(violations(files)).toEqual([]);
  });

  it("queries only the part's own tables (and reads the directory)", () => {
    const owners = tableOwners(files);
    expect(owners.get('users')).toBe('identity');
    expect(owners.get('secret_items')).toBe('classification');
    expect(owners.get('approval_requests')).toBe('platform');
    expect(owners.get('audit_events')).toBe('platform');
    expect(foreignQueries(files, owners)).toEqual([]);
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
      'src/platform/approvals/x.ts',
      "import { x } from '../../modules/classification/services/item-effects.js';",
      'the platform imports modules only in modules.ts',
    ],
    [
      'src/platform/x.ts',
      "const ok = actor.adminRole !== 'sysadmin';",
      'admin roles are compared only in the policy and kernel/roles.ts',
    ],
    [
      'src/modules/carriers/services/x.ts',
      "if (!can(actor, 'x.y')) { await auditAlone(ctx, rc, { action, result: 'denied' }); throw forbidden(); }",
      'refusals are audited and answered by authorize',
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
    ['src/modules/carriers/services/x.ts', "await authorize(ctx, rc, 'x.y', r, { audit: { targetType: 'x' } });"],
    ['src/platform/authorize.ts', "if (!can(a, b, c)) await auditAlone(ctx, rc, { ...e, result: 'denied' });"],
  ])('allows %s: %s', (file, text) => {
    expect(one(file, text)).toEqual([]);
  });

  const owners = new Map([
    ['users', 'identity'],
    ['sessions', 'identity'],
    ['secret_items', 'classification'],
    ['approval_requests', 'platform'],
    ['settings', 'platform'],
  ]);
  const sqlRule = (file: string, text: string) => foreignQueries([{ file, text }], owners).map((v) => v.detail);

  it.each([
    ['src/modules/carriers/services/x.ts', "trx.selectFrom('secret_items')", ["reads secret_items (classification's)"]],
    ['src/modules/classification/services/x.ts', "trx.updateTable('users')", ["writes users (identity's)"]],
    [
      'src/modules/classification/services/x.ts',
      ".innerJoin('sessions as s', 's.id', 'x')",
      ["reads sessions (identity's)"],
    ],
    [
      'src/modules/classification/services/x.ts',
      "trx.updateTable('approval_requests')",
      ["writes approval_requests (platform's)"],
    ],
    ['src/platform/notifications/x.ts', "db.deleteFrom('users')", ["writes users (identity's)"]],
    ['src/platform/approvals/x.ts', "trx.updateTable('secret_items')", ["writes secret_items (classification's)"]],
    ['src/platform/x.ts', "trx.selectFrom('secret_items')", ["reads secret_items (classification's)"]],
    ['src/platform/approvals/x.ts', "q.selectFrom('secret_items')", ["reads secret_items (classification's)"]],
  ])('SQL rule refuses %s: %s', (file, text, expected) => {
    expect(sqlRule(file, text)).toEqual(expected);
  });

  it.each([
    ['src/modules/classification/services/x.ts', ".innerJoin('users', 'users.id', 'x.user_id')"],
    ['src/modules/classification/services/x.ts', "await lockRow(trx, ctx.kind, 'users', id);"],
    ['src/modules/identity/services/x.ts', "trx.updateTable('users')"],
    ['src/platform/db/migrations/009_x.ts', "db.updateTable('secret_items')"],
    ['src/platform/settings/x.ts', "trx.selectFrom('settings')"],
  ])('SQL rule allows %s: %s', (file, text) => {
    expect(sqlRule(file, text)).toEqual([]);
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

describe('the approval engine names no module', () => {
  it('no platform file outside modules.ts and the migrations names a module table or request type', () => {
    const offenders = listSources('src')
      .filter((f) => inside(f.file, 'src/platform') && f.file !== 'src/platform/modules.ts')
      .filter((f) => !inside(f.file, 'src/platform/db/migrations'))
      .filter((f) => /secret_items|'classification\.|item_id/.test(f.text))
      .map((f) => f.file);
    expect(offenders).toEqual([]);
  });
});
