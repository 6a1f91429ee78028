import { sql, type RawBuilder } from 'kysely';
import type { DbKind } from '../db/database.js';

/**
 * The database's clock as ISO text (`2026-03-01T08:00:00.000Z`, the shape of every timestamp column), shifted by
 * `offsetMs`. Job leases and intervals compare against it, so instances whose own clocks drift still agree on
 * who holds a job and when it is due again (ADR 0027). On PostgreSQL the statement's time (one value however
 * often it is used in the statement), on SQLite 'now' (likewise stable within a statement); both millisecond
 * precision in UTC, so the text compares as the instant does.
 */
export function dbNowIso(kind: DbKind, offsetMs = 0): RawBuilder<string> {
  if (kind === 'sqlite') {
    const modifier = `${offsetMs >= 0 ? '+' : '-'}${(Math.abs(offsetMs) / 1000).toFixed(3)} seconds`;
    return sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${modifier})`;
  }
  return sql<string>`to_char((statement_timestamp() + cast(${offsetMs} as double precision) * interval '1 millisecond') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
