import { useState } from 'react';
import { errorText, feedback } from '../app/feedback.js';
import { useListTexts } from './i18n/index.js';

/** How a bulk action went: how many rows it did, and each row it could not do with the server's reason. */
export interface BulkOutcome {
  ok: number;
  failed: { row: string; reason: string }[];
}

/**
 * Applies one action to each chosen row in turn through the module's own single endpoint (each authorised by
 * `can`, audited and in its own transaction there, as if done one by one), and reports the outcome per row.
 * In turn rather than at once: a database serialising writes gains nothing from a burst, and a row's failure
 * never stops the others.
 */
export async function runBulk<T>(
  rows: readonly T[],
  act: (row: T) => Promise<unknown>,
  nameOf: (row: T) => string,
): Promise<BulkOutcome> {
  const out: BulkOutcome = { ok: 0, failed: [] };
  for (const row of rows) {
    try {
      await act(row);
      out.ok += 1;
    } catch (e) {
      out.failed.push({ row: nameOf(row), reason: errorText(e) });
    }
  }
  return out;
}

/** A bulk action with its pending state, telling the outcome when done (every row done, or which were not and why). */
export function useBulk() {
  const { t } = useListTexts();
  const [pending, setPending] = useState(false);
  const run = async <T>(rows: readonly T[], act: (row: T) => Promise<unknown>, nameOf: (row: T) => string) => {
    setPending(true);
    try {
      const outcome = await runBulk(rows, act, nameOf);
      const fb = feedback.current;
      if (outcome.failed.length === 0) fb?.message.success(t('bulkDone', { ok: outcome.ok }));
      else
        fb?.notification.warning({
          title: t('bulkPartial', { ok: outcome.ok, failed: outcome.failed.length }),
          description: outcome.failed.map((f) => t('bulkFailedRow', f)).join('\n'),
          duration: 0,
        });
      return outcome;
    } finally {
      setPending(false);
    }
  };
  return { run, pending };
}
