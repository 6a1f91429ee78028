import SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import {
  CANONICAL_ORDER,
  canonicalText,
  type ChainHead,
  type ChainVerifier,
  type HashAlgorithm,
  type StoredAuditRow,
} from '../../kernel/audit-chain.js';
import { pgPoolOf, sqliteOf, type Db } from '../db/database.js';
import { copyOut } from '../db/pg-copy.js';
import type { AuditArchiveSegmentTable } from '../db/schema.js';

/**
 * Reads the whole chain for verification from one consistent snapshot, fast.
 *
 * - One snapshot: the head and every row are read in one read transaction (SQLite: a read-only connection of
 *   its own; PostgreSQL: REPEATABLE READ READ ONLY), so events appended meanwhile are neither half-seen nor
 *   reported as a head mismatch, and uncommitted rows of an open transaction are never read.
 * - SQLite runs in our thread, so the less JavaScript per row the better: SQLite writes each row's canonical
 *   text while reading (one string instead of twelve) and the verifier hashes it
 *   (`ChainVerifier.feedCanonical`, which trusts a match only; a mismatch is re-checked from the row's fields).
 * - PostgreSQL streams the rows with COPY (one line per row, split once) instead of one message per field,
 *   and the canonical text is built here: making the server build it costs it more than the whole read.
 */

export interface ChainSnapshot {
  head: ChainHead & { alg: HashAlgorithm };
  /** The archive's segment records (archive.ts) in chain order, from the same snapshot as the rows. */
  segments: AuditArchiveSegmentTable[];
  /** Every stored row in seq order (rows past the head included: there should be none), until onRow returns false. */
  scan(onRow: (row: StoredAuditRow) => boolean): Promise<void>;
  /** Feeds every stored row to the verifier until it reports a break; onVerified sees each row that passed. */
  verify(verifier: ChainVerifier, onVerified: (seq: number, hash: string) => void): Promise<void>;
  close(): Promise<void>;
}

const COLUMNS =
  'seq, at, actor_id, actor_name, actor_role, action, target_type, target_id, result, ip, request_id, details, prev_hash, hash';
const COLUMN_OF: Record<(typeof CANONICAL_ORDER)[number], string> = {
  seq: 'seq',
  prevHash: 'prev_hash',
  at: 'at',
  actorId: 'actor_id',
  actorName: 'actor_name',
  actorRole: 'actor_role',
  action: 'action',
  targetType: 'target_type',
  targetId: 'target_id',
  result: 'result',
  ip: 'ip',
  requestId: 'request_id',
};
/** The columns canonicalEvent serialises, in its order (seq first). */
const CANONICAL_COLUMNS = CANONICAL_ORDER.map((f) => COLUMN_OF[f]);
const HEAD = 'select seq, hash, alg from audit_head where id = 1';
const SEGMENTS = 'select * from audit_archive_segments order by first_seq';
/** A database copied before migration 021 (an older backup being checked) has no archive: none is read. */
const SQLITE_HAS_SEGMENTS = "select 1 from sqlite_master where type = 'table' and name = 'audit_archive_segments'";
const PG_HAS_SEGMENTS = "select to_regclass('audit_archive_segments') is not null as present";

/** bigint columns come back as strings on PostgreSQL. */
function segmentOf(r: AuditArchiveSegmentTable): AuditArchiveSegmentTable {
  return { ...r, first_seq: Number(r.first_seq), last_seq: Number(r.last_seq), events: Number(r.events) };
}

function headOf(r: unknown[] | undefined): ChainSnapshot['head'] {
  if (!r) throw new Error('audit chain is not initialised (run baomi migrate)');
  return { seq: Number(r[0]), hash: String(r[1]), alg: r[2] as HashAlgorithm };
}

/** Values in COLUMNS order, as stored (a tampered type must not be normalised away). */
function storedRowOf(r: unknown[]): StoredAuditRow {
  return {
    seq: r[0] as number,
    at: r[1] as string,
    actorId: r[2] as string | null,
    actorName: r[3] as string | null,
    actorRole: r[4] as string | null,
    action: r[5] as string,
    targetType: r[6] as string | null,
    targetId: r[7] as string | null,
    result: r[8] as StoredAuditRow['result'],
    ip: r[9] as string | null,
    requestId: r[10] as string | null,
    detailsJson: r[11] as string,
    prevHash: r[12] as string,
    hash: r[13] as string,
  };
}

// ---------------------------------------------------------------------------------------------------------
// SQLite

/**
 * json_quote is JSON's own escaping (strings quoted, NULL as null, numbers bare). It refuses BLOBs, so a
 * tampered BLOB becomes the bare word blob: not JSON, never a match, re-checked from the fields.
 */
const SQLITE_CANONICAL = `'[' || seq || ${CANONICAL_COLUMNS.slice(1)
  .map((c) => `',' || case typeof(${c}) when 'blob' then 'blob' else json_quote(${c}) end`)
  .join(' || ')} || ']' || details`;
const SQLITE_CANONICAL_PAGE = `select seq, prev_hash, hash, ${SQLITE_CANONICAL} from audit_events where seq > ? order by seq limit ?`;
const SQLITE_ROW_PAGE = `select ${COLUMNS} from audit_events where seq > ? order by seq limit ?`;
const SQLITE_ROW = `select ${COLUMNS} from audit_events where seq = ?`;
/** Small pages: the strings of one page die young, which keeps the garbage collector cheap. */
const SQLITE_PAGE_ROWS = 1000;
/** Pages between yields to the event loop (the reader has its own connection; the server keeps serving). */
const SQLITE_PAGES_PER_YIELD = 20;

type CanonicalTuple = [number, string, string, string];

function openSqliteSnapshot(main: SqliteDatabase.Database): ChainSnapshot {
  if (main.memory) throw new Error('chain verification needs a database file');
  const reader = new SqliteDatabase(main.name, { readonly: true, fileMustExist: true });
  try {
    reader.pragma('busy_timeout = 10000');
    reader.exec('begin'); // the first read below fixes the snapshot until commit
    const head = headOf(reader.prepare(HEAD).raw(true).get() as unknown[] | undefined);
    const segments = reader.prepare(SQLITE_HAS_SEGMENTS).get()
      ? (reader.prepare(SEGMENTS).all() as AuditArchiveSegmentTable[]).map(segmentOf)
      : [];

    /** Keyset pages (no statement stays open between them, so a re-check can run), yielding now and then. */
    async function pages<T extends unknown[]>(sql: string, onPage: (rows: T[]) => boolean): Promise<void> {
      const stmt = reader.prepare(sql).raw(true);
      let after = Number.NEGATIVE_INFINITY;
      for (let n = 1; ; n++) {
        const rows = stmt.all(after, SQLITE_PAGE_ROWS) as T[];
        if (rows.length === 0 || !onPage(rows) || rows.length < SQLITE_PAGE_ROWS) return;
        after = rows[rows.length - 1]![0] as number;
        if (n % SQLITE_PAGES_PER_YIELD === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    const rowStmt = reader.prepare(SQLITE_ROW).raw(true);

    return {
      head,
      segments,
      scan: (onRow) =>
        pages<unknown[]>(SQLITE_ROW_PAGE, (rows) => {
          for (const r of rows) if (!onRow(storedRowOf(r))) return false;
          return true;
        }),
      verify: (verifier, onVerified) =>
        pages<CanonicalTuple>(SQLITE_CANONICAL_PAGE, (rows) => {
          for (const [seq, prevHash, hash, canonical] of rows) {
            let ok = verifier.feedCanonical(seq, prevHash, hash, canonical);
            if (ok === 'recheck') ok = verifier.feed(storedRowOf(rowStmt.get(seq) as unknown[]));
            if (!ok) return false;
            onVerified(seq, hash);
          }
          return true;
        }),
      async close() {
        if (!reader.open) return;
        if (reader.inTransaction) reader.exec('commit');
        reader.close();
      },
    };
  } catch (e) {
    reader.close();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL

/** COPY text format: \N is NULL; a backslash escapes the next character (\t \n \r \b \f \v, or itself). */
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
function copyField(s: string): string | null {
  if (s === '\\N') return null;
  if (!s.includes('\\')) return s;
  return s.replace(
    /\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/g,
    (_m, oct: string | undefined, hex: string | undefined, ch: string) =>
      oct ? String.fromCharCode(parseInt(oct, 8)) : hex ? String.fromCharCode(parseInt(hex, 16)) : (ESCAPES[ch] ?? ch),
  );
}

function storedRowOfCopyLine(line: string): StoredAuditRow {
  const f = line.split('\t');
  if (f.length !== 14) throw new Error(`unexpected COPY line with ${f.length} fields`);
  // Built field by field (no intermediate arrays): this runs once per event.
  return {
    seq: Number(f[0]),
    at: copyField(f[1]!) as string,
    actorId: copyField(f[2]!),
    actorName: copyField(f[3]!),
    actorRole: copyField(f[4]!),
    action: copyField(f[5]!) as string,
    targetType: copyField(f[6]!),
    targetId: copyField(f[7]!),
    result: copyField(f[8]!) as StoredAuditRow['result'],
    ip: copyField(f[9]!),
    requestId: copyField(f[10]!),
    detailsJson: copyField(f[11]!) as string,
    prevHash: copyField(f[12]!) as string,
    hash: copyField(f[13]!) as string,
  };
}

const PG_VERIFY_COPY = `copy (select ${CANONICAL_COLUMNS.join(', ')}, details, hash from audit_events order by seq) to stdout`;

/** A row from values in CANONICAL_ORDER (as PG_VERIFY_COPY returns them). */
function storedRowOfCanonical(v: readonly unknown[], detailsJson: string, hash: string): StoredAuditRow {
  const row: Record<string, unknown> = { detailsJson, hash };
  CANONICAL_ORDER.forEach((field, i) => (row[field] = v[i]));
  return row as unknown as StoredAuditRow;
}

async function openPgSnapshot(pool: pg.Pool): Promise<ChainSnapshot> {
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const head = headOf((await client.query({ text: HEAD, rowMode: 'array' })).rows[0] as unknown[] | undefined);
    const present = (await client.query<{ present: boolean }>(PG_HAS_SEGMENTS)).rows[0]?.present === true;
    const segments = present ? (await client.query<AuditArchiveSegmentTable>(SEGMENTS)).rows.map(segmentOf) : [];
    const scan = async (onRow: (row: StoredAuditRow) => boolean) => {
      let going = true;
      // After a break the rest of the stream is read and dropped: cheaper than cancelling the COPY.
      await copyOut(client, `copy (select ${COLUMNS} from audit_events order by seq) to stdout`, (line) => {
        if (going) going = onRow(storedRowOfCopyLine(line));
      });
    };
    return {
      head,
      segments,
      scan,
      async verify(verifier, onVerified) {
        let going = true;
        // Columns in canonicalEvent's order, then details and hash: the parsed line is the canonical array
        // as it is, no row object per event. A mismatch is re-judged from the row by `feed`, for its verdict.
        await copyOut(client, PG_VERIFY_COPY, (line) => {
          if (!going) return;
          const f: unknown[] = line.split('\t');
          if (f.length !== 14) throw new Error(`unexpected COPY line with ${f.length} fields`);
          f[0] = Number(f[0]);
          for (let i = 1; i < 14; i++) f[i] = copyField(f[i] as string);
          const [seq, prevHash] = f as [number, string];
          const hash = f[13] as string;
          const details = f[12] as string;
          f.length = 12;
          let ok = verifier.feedCanonical(seq, prevHash, hash, canonicalText(f, details));
          if (ok === 'recheck') ok = verifier.feed(storedRowOfCanonical(f, details, hash));
          going = ok;
          if (ok) onVerified(seq, hash);
        });
      },
      async close() {
        try {
          await client.query('commit');
        } finally {
          client.release();
        }
      },
    };
  } catch (e) {
    client.release();
    throw e;
  }
}

export async function openChainSnapshot(db: Db): Promise<ChainSnapshot> {
  const sqlite = sqliteOf(db);
  if (sqlite) return openSqliteSnapshot(sqlite);
  const pool = pgPoolOf(db);
  if (!pool) throw new Error('unknown database kind');
  return openPgSnapshot(pool);
}
