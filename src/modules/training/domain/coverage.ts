import type { TrainingState } from '../../../kernel/training.js';

/**
 * Coverage (TRN-01/02/10): per group of people (a department, a post, a cleared class), how many have training due
 * to them, and how many of those have completed all of it, still have some to do, or are overdue. Pure: the dues
 * come from the due rule (`duesOf`), the grouping from the person's record.
 *
 * A person's standing is their worst due: `overdue` when any is, else `due` when any is still to do, else
 * `completed` (completed or expiring: still valid). A person with nothing due counts among the group's people only.
 */
export type Standing = 'completed' | 'due' | 'overdue' | 'none';

export function standingOf(states: readonly TrainingState[]): Standing {
  if (states.length === 0) return 'none';
  if (states.includes('overdue')) return 'overdue';
  if (states.includes('due')) return 'due';
  return 'completed';
}

export interface CoveragePerson {
  /** The group's key (department id, post, class), or null: none. */
  key: string | null;
  label: string | null;
  states: readonly TrainingState[];
}

export interface CoverageCounts {
  people: number;
  inAudience: number;
  completed: number;
  due: number;
  overdue: number;
  /** completed / inAudience (0..1), or null when nobody has training due. */
  rate: number | null;
}

export interface CoverageRow extends CoverageCounts {
  key: string | null;
  label: string | null;
}

const zero = (): CoverageCounts => ({ people: 0, inAudience: 0, completed: 0, due: 0, overdue: 0, rate: null });

function add(c: CoverageCounts, s: Standing): void {
  c.people++;
  if (s === 'none') return;
  c.inAudience++;
  c[s]++;
}

const rated = <T extends CoverageCounts>(c: T): T => ({
  ...c,
  rate: c.inAudience === 0 ? null : Math.round((c.completed / c.inAudience) * 10_000) / 10_000,
});

/** The groups (by label, the group of none last) and the whole. */
export function coverageOf(people: readonly CoveragePerson[]): { groups: CoverageRow[]; total: CoverageCounts } {
  const groups = new Map<string | null, CoverageRow>();
  const total = zero();
  for (const p of people) {
    const s = standingOf(p.states);
    let g = groups.get(p.key);
    if (!g) groups.set(p.key, (g = { key: p.key, label: p.label, ...zero() }));
    add(g, s);
    add(total, s);
  }
  const order = (a: CoverageRow, b: CoverageRow) => {
    if (a.key === null || b.key === null) return a.key === null ? (b.key === null ? 0 : 1) : -1;
    const [x, y] = [a.label ?? a.key, b.label ?? b.key];
    return x < y ? -1 : x > y ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
  return { groups: [...groups.values()].sort(order).map(rated), total: rated(total) };
}
