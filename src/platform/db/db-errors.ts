/**
 * What a database driver error means for the caller, for both drivers, in one place: a unique value taken by
 * a concurrent writer (409 `conflict`), or the database out of reach (503 `unavailable`). The HTTP error
 * mapper and `tx` ask these; nothing else parses driver errors.
 */

export interface UniqueViolation {
  table: string | null;
  /** The column(s) of the unique rule, as stored (`code`, `username_key`, `user_id, dedupe_key`). */
  columns: string[];
  /** The request field the rule is about (`code`, `username`, `userId`). */
  field: string;
  constraint: string | null;
}

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  detail?: unknown;
  message?: unknown;
  errors?: unknown;
}

/**
 * Tables whose unique values come from what people ask for (a department code, a username, one authority per
 * person). A unique violation anywhere else (the audit chain's seq, a generated number, a session token) is
 * not the caller's conflict but a fault, and stays a 500.
 */
const REQUESTED_VALUES = new Set(['departments', 'users', 'classification_authorities']);

/** Stored columns whose request field is named differently. */
const FIELD_OF_COLUMN: Record<string, string> = {
  username_key: 'username',
};

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A unique-rule violation on a value a request asked for (`REQUESTED_VALUES`): PostgreSQL SQLSTATE 23505 (`constraint`, `table`, and the key's columns in
 * `detail`: "Key (code)=(X) already exists."), or better-sqlite3 SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
 * ("UNIQUE constraint failed: departments.code"). Anything else: null.
 */
export function uniqueViolationOf(e: unknown): UniqueViolation | null {
  if (!e || typeof e !== 'object') return null;
  const err = e as DriverError;
  if (err.code === '23505') {
    const cols = typeof err.detail === 'string' ? /^Key \((.+?)\)=/.exec(err.detail)?.[1] : undefined;
    const columns = cols ? cols.split(',').map((c) => c.trim().replace(/^"|"$/g, '')) : [];
    return done(
      typeof err.table === 'string' ? err.table : null,
      columns,
      typeof err.constraint === 'string' ? err.constraint : null,
    );
  }
  if (
    (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') &&
    typeof err.message === 'string'
  ) {
    const list = /constraint failed: (.+)$/.exec(err.message)?.[1] ?? '';
    const index = /^index '(.+)'$/.exec(list)?.[1];
    if (index) return done(null, [], index);
    const parts = list
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const table = parts[0]?.includes('.') ? parts[0].split('.')[0]! : null;
    return done(
      table,
      parts.map((p) => p.split('.').pop()!),
      null,
    );
  }
  return null;
}

function done(table: string | null, columns: string[], constraint: string | null): UniqueViolation | null {
  if (!table || !REQUESTED_VALUES.has(table)) return null;
  // The key of a rule on several columns is its last column ((user_id, dedupe_key): the dedupe key).
  const last = columns[columns.length - 1];
  const field = last ? (FIELD_OF_COLUMN[last] ?? camel(last)) : (constraint ?? 'value');
  return { table, columns, field, constraint };
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * The database cannot be reached right now (refused or dropped connection, server shutting down or starting,
 * SQLSTATE class 08, SQLite busy past its timeout): the request may succeed if tried again shortly.
 */
export function isUnavailableError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 3) return false;
  const err = e as DriverError;
  const code = typeof err.code === 'string' ? err.code : '';
  if (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_TIMEOUT') return true;
  if (typeof err.message === 'string' && UNAVAILABLE_MESSAGES.some((r) => r.test(err.message as string))) return true;
  // A connection refused on every address of a host name arrives as an AggregateError.
  if (Array.isArray(err.errors)) return err.errors.some((x) => isUnavailableError(x, depth + 1));
  const cause = (e as { cause?: unknown }).cause;
  return cause ? isUnavailableError(cause, depth + 1) : false;
}
