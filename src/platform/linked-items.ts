import type { Trx } from './audit/audit-repo.js';

/**
 * Records of other modules that link to a secret item of the catalogue (a carrier holding it) may be known by who
 * may know the item. So that their lists need not read every item a person may know, such a module keeps a copy of
 * the item's readers with each linked record, and rewrites it here: the catalogue calls `itemAccessChanged` in the
 * transaction of every change to an item's need-to-know index (scope, custodian, level, status), and each module
 * with a `linkedItemAccess` hook (module.ts) rewrites its copies in that same transaction.
 */
export interface LinkedItem {
  id: string;
  seq: number;
}

export async function itemAccessChanged(trx: Trx, item: LinkedItem): Promise<void> {
  // Loaded on first use: the catalogue, which calls this, is itself one of the modules listed there.
  const { MODULES } = await import('./modules.js');
  for (const m of MODULES) await m.linkedItemAccess?.(trx, item);
}
