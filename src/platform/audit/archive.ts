import fs from 'node:fs';
import path from 'node:path';
import { ChainVerifier, GENESIS_HASH, type ChainHead } from '../../kernel/audit-chain.js';
import { audit, newId, tx, type AppContext, type RequestContext } from '../context.js';
import type { Db } from '../db/database.js';
import { hashFn } from '../crypto/keys.js';
import { readAuditHead, storedRowOf, type Trx } from './audit-repo.js';
import { auditArchiveDirOf, writeSegment, type WrittenSegment } from './archive-files.js';
import { activeSignedHeads, pinFor, planSegments, type SignedHead } from './archive-rules.js';
import { checkpointStoreFor } from './checkpoints.js';
import { signAuditHead } from './head-signer.js';
import type { AuditArchiveSegmentTable } from '../db/schema.js';

/**
 * Moving old events out of the live table into signed segment files (archive-files.ts). Per segment: the rows
 * are read and their chain checked from the archived head (a broken chain is never archived: it stays where
 * verification reports it), the file is written durably, then one transaction checks the rows are still those
 * written, deletes them, records the segment and appends the archiving's own audit event. A failed transaction
 * removes its file; a crash between the two leaves a file no row names, which verification ignores.
 * Before any of that, the whole range is checked against the checkpoint store's signed heads up to the first one
 * at or after its end (the head is signed first when none reaches that far): what is archived is what the
 * deployment signed, never first signed by the segment itself (ADR 0030).
 */

/** Events per segment: a segment is read whole when searched, so it stays a few tens of megabytes at most. */
export const SEGMENT_MAX_EVENTS = 50_000;

export type SegmentRow = AuditArchiveSegmentTable;

/** The recorded segments in chain order. Pass the transaction as `q` inside one. */
export async function listSegments(q: Db | Trx): Promise<SegmentRow[]> {
  const rows = await q.selectFrom('audit_archive_segments').selectAll().orderBy('first_seq').execute();
  // bigint columns come back as strings on PostgreSQL.
  return rows.map((r) => ({
    ...r,
    first_seq: Number(r.first_seq),
    last_seq: Number(r.last_seq),
    events: Number(r.events),
  }));
}

/** One recorded segment by its id, or undefined. */
export async function segmentById(q: Db | Trx, id: string): Promise<SegmentRow | undefined> {
  const r = await q.selectFrom('audit_archive_segments').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { ...r, first_seq: Number(r.first_seq), last_seq: Number(r.last_seq), events: Number(r.events) };
}

/** The chain's head at the end of the archive: where the live table starts (seq 0 and genesis when none). */
export function archivedHead(segments: readonly SegmentRow[]): ChainHead {
  const last = segments[segments.length - 1];
  return last ? { seq: last.last_seq, hash: last.last_hash } : { seq: 0, hash: GENESIS_HASH };
}

export interface ArchiveCutoff {
  /** Archive the events recorded before this instant ... */
  before?: Date;
  /** ... and/or up to this seq (inclusive). At least one is given. */
  throughSeq?: number;
}

export interface ArchiveResult {
  segments: { file: string; firstSeq: number; lastSeq: number; events: number }[];
  events: number;
  directory: string;
  /** Where the archive ends after this run (the last archived event and when it was recorded); null: none yet. */
  archivedThrough: { seq: number; at: string } | null;
  /** The chain head had to be signed first (no signed head covered the range): the signer's words, else null. */
  signedFirst: string | null;
}

/** Rows per page while the range is walked up to its signed head (only the hashes at segment ends are kept). */
const PIN_PAGE = 10_000;

function chainBroken(fromSeq: number, toSeq: number, at: number): Error {
  return new Error(
    `the audit chain does not verify between events ${fromSeq + 1} and ${toSeq} (first problem at event ` +
      `${at}); nothing was archived. Run \`baomi audit verify\``,
  );
}

/**
 * Walks the chain from the archived head to `pin`, checking every link and every signed head on the way, so the
 * range to archive is covered by the store's signatures. Returns the hash at each of `ends` (the segments' last
 * events): each segment's rows must still end with it when written.
 */
async function checkAgainstSignedHeads(
  db: Db,
  verifier: ChainVerifier,
  pin: SignedHead,
  heads: readonly SignedHead[],
  ends: readonly number[],
): Promise<Map<number, string>> {
  const from = verifier.head.seq;
  const signed = new Map<number, string[]>();
  for (const h of heads)
    if (h.seq > from && h.seq <= pin.seq) signed.set(h.seq, [...(signed.get(h.seq) ?? []), h.hash]);
  const wanted = new Set(ends);
  const hashes = new Map<number, string>();
  for (let after = from; after < pin.seq;) {
    const rows = (
      await db
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '>', after)
        .where('seq', '<=', pin.seq)
        .orderBy('seq')
        .limit(PIN_PAGE)
        .execute()
    ).map(storedRowOf);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (!verifier.feed(r)) throw chainBroken(from, pin.seq, verifier.firstBreak!.seq);
      if ((signed.get(r.seq) ?? []).some((h) => h !== r.hash))
        throw new Error(
          `event ${r.seq} differs from the signed head recorded for it in the checkpoint store; nothing was ` +
            'archived. Run `baomi audit verify`',
        );
      if (wanted.has(r.seq)) hashes.set(r.seq, r.hash);
    }
    after = rows[rows.length - 1]!.seq;
  }
  if (verifier.head.seq !== pin.seq) throw chainBroken(from, pin.seq, verifier.head.seq + 1);
  return hashes;
}

/** The last seq to archive: every event up to it is before the cutoff (a clock step back stops it early). */
async function lastSeqToArchive(db: Db, after: number, head: number, cutoff: ArchiveCutoff): Promise<number> {
  let to = Math.min(head, cutoff.throughSeq ?? head);
  if (cutoff.before) {
    const young = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.min('seq').as('seq'))
      .where('seq', '>', after)
      .where('at', '>=', cutoff.before.toISOString())
      .executeTakeFirst();
    if (young?.seq !== null && young?.seq !== undefined) to = Math.min(to, Number(young.seq) - 1);
  }
  return to;
}

async function archiveOne(
  ctx: AppContext,
  rc: RequestContext,
  dir: string,
  from: ChainHead,
  toSeq: number,
  signedLastHash: string | undefined,
): Promise<WrittenSegment> {
  const head = await readAuditHead(ctx.db);
  const rows = (
    await ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', from.seq)
      .where('seq', '<=', toSeq)
      .orderBy('seq')
      .execute()
  ).map(storedRowOf);
  const verifier = new ChainVerifier(hashFn(head.alg), from);
  for (const r of rows) if (!verifier.feed(r)) break;
  if (verifier.firstBreak || verifier.head.seq !== toSeq)
    throw chainBroken(from.seq, toSeq, verifier.firstBreak?.seq ?? verifier.head.seq + 1);
  if (verifier.head.hash !== signedLastHash)
    throw new Error(
      'the events to archive changed since they were checked against the signed heads; nothing was archived',
    );
  const written = writeSegment(
    dir,
    ctx.keys,
    { prevHash: from.hash, alg: head.alg, createdAt: ctx.now().toISOString() },
    rows,
  );
  try {
    await tx(ctx, async (trx) => {
      // The rows written must still be the rows deleted (events are append-only; this guards a second archiver).
      const still = await trx
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('seq', '>', from.seq)
        .where('seq', '<=', toSeq)
        .executeTakeFirstOrThrow();
      const lastRow = await trx.selectFrom('audit_events').select('hash').where('seq', '=', toSeq).executeTakeFirst();
      if (Number(still.n) !== rows.length || lastRow?.hash !== written.header.lastHash)
        throw new Error('the events to archive changed meanwhile (another archiving ran?); nothing was archived');
      await trx.deleteFrom('audit_events').where('seq', '>', from.seq).where('seq', '<=', toSeq).execute();
      await trx
        .insertInto('audit_archive_segments')
        .values({
          id: newId(),
          file: written.file,
          first_seq: written.header.firstSeq,
          last_seq: written.header.lastSeq,
          first_at: written.header.firstAt,
          last_at: written.header.lastAt,
          prev_hash: written.header.prevHash,
          last_hash: written.header.lastHash,
          events: written.header.events,
          sha256: written.header.sha256,
          header: written.headerText,
          signature: written.signature,
          kid: written.kid,
          created_at: written.header.createdAt,
        })
        .execute();
      await audit(trx, ctx, rc, {
        action: 'audit.archive',
        targetType: 'audit',
        details: {
          file: written.file,
          firstSeq: written.header.firstSeq,
          lastSeq: written.header.lastSeq,
          events: written.header.events,
          firstAt: written.header.firstAt,
          lastAt: written.header.lastAt,
        },
      });
    });
  } catch (e) {
    fs.rmSync(path.join(dir, written.file), { force: true });
    throw e;
  }
  return written;
}

/**
 * Archives the events before the cutoff into segments of at most `maxEvents`, in the configured archive
 * directory. Each segment is its own transaction: an interruption keeps what was archived and leaves the rest live.
 */
export async function archiveAudit(
  ctx: AppContext,
  rc: RequestContext,
  cutoff: ArchiveCutoff,
  opts: { maxEvents?: number; onSegment?: (s: WrittenSegment) => void } = {},
): Promise<ArchiveResult> {
  if (!cutoff.before && cutoff.throughSeq === undefined)
    throw new Error('say which events to archive (a date or a seq)');
  const dir = auditArchiveDirOf(ctx.config);
  const archived = await listSegments(ctx.db);
  const lastSegment = archived[archived.length - 1];
  let from = archivedHead(archived);
  const head = await readAuditHead(ctx.db);
  const to = await lastSeqToArchive(ctx.db, from.seq, head.seq, cutoff);
  const result: ArchiveResult = {
    segments: [],
    events: 0,
    directory: dir,
    archivedThrough: lastSegment ? { seq: lastSegment.last_seq, at: lastSegment.last_at } : null,
    signedFirst: null,
  };
  const plans = planSegments(from.seq, to, opts.maxEvents ?? SEGMENT_MAX_EVENTS);
  if (plans.length === 0) return result;
  const store = checkpointStoreFor(ctx.config);
  let heads = activeSignedHeads(await store.read(ctx.keys));
  if (!pinFor(heads, to)) {
    result.signedFirst = await signAuditHead(ctx, store);
    heads = activeSignedHeads(await store.read(ctx.keys));
  }
  const pin = pinFor(heads, to);
  if (!pin)
    throw new Error(
      `no signed head in ${store.location} covers event ${to}, and the head could not be signed there (the ` +
        'database records a newer signed head than the store holds); nothing was archived. Run `baomi audit verify`',
    );
  const ends = await checkAgainstSignedHeads(
    ctx.db,
    new ChainVerifier(hashFn(head.alg), from),
    pin,
    heads,
    plans.map((p) => p.toSeq),
  );
  for (const plan of plans) {
    const w = await archiveOne(ctx, rc, dir, from, plan.toSeq, ends.get(plan.toSeq));
    opts.onSegment?.(w);
    result.segments.push({
      file: w.file,
      firstSeq: w.header.firstSeq,
      lastSeq: w.header.lastSeq,
      events: w.header.events,
    });
    result.events += w.header.events;
    result.archivedThrough = { seq: w.header.lastSeq, at: w.header.lastAt };
    from = { seq: w.header.lastSeq, hash: w.header.lastHash };
  }
  return result;
}
