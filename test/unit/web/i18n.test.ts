/**
 * The web's texts: one i18next namespace per module (`web/src/modules/<module>/i18n/{zh-CN,en-US}.ts`) plus the
 * shell's (`web/src/app/i18n`, namespace `app`). Found on disk, so a new module's texts are checked without
 * editing this file. Each check has a case showing it fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

type Tree = { readonly [key: string]: unknown };

/** Blocks the web looks up by a code the server sent, in whichever namespace has it (`namespaceOf`). */
const SHARED_BLOCKS = ['problem', 'perm'] as const;

interface Namespace {
  name: string;
  dir: string;
  zhCN: Tree;
  enUS: Tree;
}

/** Every leaf as `a.b.c` -> value (non-strings are kept, to be reported). */
function leaves(tree: Tree, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [k, v] of Object.entries(tree)) {
    if (v !== null && typeof v === 'object') leaves(v as Tree, `${prefix}${k}.`, out);
    else out.set(`${prefix}${k}`, v);
  }
  return out;
}

/** What is wrong with one namespace: keys only one language has, and keys whose text is empty or not text. */
export function namespaceProblems(zhCN: Tree, enUS: Tree): string[] {
  const zh = leaves(zhCN);
  const en = leaves(enUS);
  const out: string[] = [];
  for (const k of zh.keys()) if (!en.has(k)) out.push(`${k}: only in zh-CN`);
  for (const k of en.keys()) if (!zh.has(k)) out.push(`${k}: only in en-US`);
  for (const [lang, map] of [
    ['zh-CN', zh],
    ['en-US', en],
  ] as const) {
    for (const [k, v] of map) if (typeof v !== 'string' || v.trim() === '') out.push(`${k}: empty in ${lang}`);
  }
  return out;
}

/** Keys of the shared blocks that two namespaces both define (the first would silently win). */
export function sharedKeyClashes(namespaces: readonly { name: string; zhCN: Tree }[]): string[] {
  const owner = new Map<string, string>();
  const out: string[] = [];
  for (const ns of namespaces) {
    for (const block of SHARED_BLOCKS) {
      const b = ns.zhCN[block];
      if (!b || typeof b !== 'object') continue;
      for (const k of Object.keys(b)) {
        const key = `${block}.${k}`;
        const first = owner.get(key);
        if (first) out.push(`${key}: in ${first} and ${ns.name}`);
        else owner.set(key, ns.name);
      }
    }
  }
  return out;
}

async function load(name: string, dir: string): Promise<Namespace> {
  const read = async (file: string, exported: string): Promise<Tree> => {
    const full = path.join(ROOT, dir, file);
    expect(fs.existsSync(full), `${dir}/${file} exists`).toBe(true);
    const mod = (await import(pathToFileURL(full).href)) as Record<string, unknown>;
    const tree = mod[exported];
    expect(tree, `${dir}/${file} exports ${exported}`).toBeTypeOf('object');
    return tree as Tree;
  };
  return { name, dir, zhCN: await read('zh-CN.ts', 'zhCN'), enUS: await read('en-US.ts', 'enUS') };
}

const MODULES_DIR = 'web/src/modules';
const moduleNames = fs
  .readdirSync(path.join(ROOT, MODULES_DIR), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const namespaces: Namespace[] = await Promise.all([
  load('app', 'web/src/app/i18n'),
  ...moduleNames.map((m) => load(m, `${MODULES_DIR}/${m}/i18n`)),
]);

describe('web texts', () => {
  it('has the shell namespace and one per module', () => {
    expect(moduleNames).toEqual(expect.arrayContaining(['audit', 'classification', 'identity']));
    expect(namespaces.map((n) => n.name)).toEqual(['app', ...moduleNames]);
  });

  it.each(namespaces.map((n) => [n.name, n] as const))(
    'namespace %s: zh-CN and en-US have the same keys, none empty',
    (_name, ns) => {
      expect(Object.keys(ns.zhCN).length).toBeGreaterThan(0);
      expect(namespaceProblems(ns.zhCN, ns.enUS)).toEqual([]);
    },
  );

  it(`keys of ${SHARED_BLOCKS.join(', ')} are defined by one namespace only`, () => {
    expect(sharedKeyClashes(namespaces)).toEqual([]);
  });
});

describe('the checks fail on a faulty namespace', () => {
  it.each([
    ['a key only in zh-CN', { a: { b: '甲', c: '乙' } }, { a: { b: 'A' } }, ['a.c: only in zh-CN']],
    ['a key only in en-US', { a: '甲' }, { a: 'A', b: 'B' }, ['b: only in en-US']],
    ['a block in one, a text in the other', { a: { b: '甲' } }, { a: 'A' }, ['a.b: only in zh-CN', 'a: only in en-US']],
    ['an empty text', { a: '甲', b: '乙' }, { a: ' ', b: 'B' }, ['a: empty in en-US']],
    ['an empty text in zh-CN', { a: '' }, { a: 'A' }, ['a: empty in zh-CN']],
    ['a text that is not a string', { a: '甲' }, { a: 1 }, ['a: empty in en-US']],
  ] as const)('%s', (_case, zhCN, enUS, expected) => {
    expect(namespaceProblems(zhCN, enUS)).toEqual(expected);
  });

  it('the same problem code in two namespaces', () => {
    expect(
      sharedKeyClashes([
        { name: 'one', zhCN: { problem: { too_long: '太长' }, nav: { x: 'X' } } },
        { name: 'two', zhCN: { problem: { too_long: '过长' }, nav: { x: 'X' } } },
      ]),
    ).toEqual(['problem.too_long: in one and two']);
  });
});
