import { sql } from 'kysely';
import type { Db } from './database.js';
import { unavailable } from '../errors.js';

/** How long readiness waits for the database: a load balancer's probe must get its answer quickly. */
export const READY_TIMEOUT_MS = 2_000;

/** Runs `select 1` within `timeoutMs`; throws 503 `unavailable` when the database does not answer in time or refuses. */
export async function checkDatabase(db: Db, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      sql`select 1`.execute(db),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('readiness timeout')), timeoutMs);
      }),
    ]);
  } catch {
    throw unavailable();
  } finally {
    clearTimeout(timer);
  }
}
