import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Knows whether the code running now was called from inside a transaction's callback (`tx`), so that a query
 * through `ctx.db` from there fails at once instead of hanging. On SQLite the transaction holds the one
 * connection: such a query waits for the transaction, which waits for the query, and every later request
 * queues behind them (session 12 found sign-in wedged this way whenever a settings cache had run out).
 */
interface Scope {
  /** False once the callback has returned: work it started and did not await may then use the database. */
  open: boolean;
}

const scope = new AsyncLocalStorage<Scope>();
/**
 * On where BAOMI_TX_GUARD=1: the test suite (vitest.config.ts) and anyone chasing a hang. Off by default, as
 * tracking async context costs every request a little, and the suite covers the code paths.
 */
const enabled = process.env.BAOMI_TX_GUARD === '1';

/** Runs a transaction's callback in a scope that `refuseInsideTransaction` recognises. */
export async function inTransactionScope<T>(fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  const s: Scope = { open: true };
  try {
    return await scope.run(s, fn);
  } finally {
    s.open = false;
  }
}

/**
 * Runs `fn` as if called from no transaction: for work shared by many callers (the audit group commit), which
 * must not be judged by the scope of whichever caller happened to start it.
 */
export function outsideTransactionScope<T>(fn: () => T): T {
  return enabled ? scope.exit(fn) : fn();
}

export function insideTransaction(): boolean {
  return scope.getStore()?.open === true;
}

/** Thrown where a query would wait on the transaction it was called from. */
export class QueryOutsideTransaction extends Error {
  constructor(what: string) {
    super(
      `${what} was called without the transaction from inside a transaction: on SQLite it would wait forever for ` +
        'the connection the transaction holds. Pass the transaction (trx) to it.',
    );
    this.name = 'QueryOutsideTransaction';
  }
}

export function refuseInsideTransaction(what: string): void {
  if (insideTransaction()) throw new QueryOutsideTransaction(what);
}
