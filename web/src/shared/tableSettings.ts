import { useState } from 'react';

export type Density = 'large' | 'middle' | 'small';
export const DENSITIES: readonly Density[] = ['large', 'middle', 'small'];

/** What a reader chose for one list: the columns they hid and the row density. */
export interface TableSettings {
  hidden: string[];
  density?: Density;
}

const PREFIX = 'baomi.table.';

function read(key: string): TableSettings {
  try {
    const v = JSON.parse(localStorage.getItem(PREFIX + key) ?? '{}') as Partial<TableSettings>;
    const hidden = Array.isArray(v.hidden) ? v.hidden.filter((h): h is string => typeof h === 'string') : [];
    const density = DENSITIES.includes(v.density as Density) ? v.density : undefined;
    return { hidden, ...(density ? { density } : {}) };
  } catch {
    return { hidden: [] };
  }
}

/**
 * A list's column and density choices, kept in this browser per list (`key`): a preference of the reader's
 * screen, not of their account, so nothing of it goes to the server. A list without a key keeps them for the page.
 */
export function useTableSettings(key: string | undefined) {
  const [settings, setSettings] = useState<TableSettings>(() => (key ? read(key) : { hidden: [] }));
  const save = (next: TableSettings) => {
    setSettings(next);
    if (!key) return;
    try {
      localStorage.setItem(PREFIX + key, JSON.stringify(next));
    } catch {
      // A browser refusing storage keeps the choice for this page only.
    }
  };
  return { settings, save };
}

/** A column's identity for the settings: its key, else its data field. */
export function columnId(c: { key?: unknown; dataIndex?: unknown }): string {
  const k = c.key ?? c.dataIndex;
  return Array.isArray(k) ? k.join('.') : String(k);
}
