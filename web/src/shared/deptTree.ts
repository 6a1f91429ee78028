import type { Department } from '../app/contracts.js';

export interface DeptNode {
  key: string;
  value: string;
  title: string;
  dept: Department;
  children: DeptNode[];
}

/** Builds the department tree client-side from the flat list (by parentId, then sortOrder, then name). */
export function buildTree(items: readonly Department[], exclude?: string): DeptNode[] {
  const byParent = new Map<string | null, Department[]>();
  const ids = new Set(items.map((d) => d.id));
  for (const d of items) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null; // orphans show at the top
    const list = byParent.get(parent) ?? [];
    list.push(d);
    byParent.set(parent, list);
  }
  const make = (parent: string | null, seen: Set<string>): DeptNode[] =>
    (byParent.get(parent) ?? [])
      .filter((d) => d.id !== exclude && !seen.has(d.id))
      .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name))
      .map((d) => {
        const next = new Set(seen).add(d.id);
        return { key: d.id, value: d.id, title: d.name, dept: d, children: make(d.id, next) };
      });
  return make(null, new Set());
}
