import type { Command } from 'commander';
import type { AppContext, RequestContext } from '../../platform/context.js';
import type { AuditVerifyResult } from '../../modules/audit/contracts/audit.js';
import { verifyAuditChain } from '../../platform/audit/verify.js';
import { reanchorAudit, signAuditHead } from '../../platform/audit/head-signer.js';
import { checkpointStoreFor } from '../../platform/audit/checkpoints.js';
import { auditArchiveDirOf } from '../../platform/audit/archive-files.js';
import { archiveAudit, type ArchiveCutoff, type ArchiveResult } from '../../platform/audit/archive.js';
import { KeyFileError } from '../../platform/crypto/keys.js';
import { KeyCheckError } from '../../platform/crypto/key-check.js';
import { progressBar } from '../progress.js';

type WithContext = <T>(fn: (ctx: AppContext) => Promise<T>, opts?: { adoptSigningKey?: boolean }) => Promise<T>;

/** The verification result as text: the verdict, then what is not yet signed, then any re-anchor. */
export function describeVerification(r: AuditVerifyResult): string {
  const lines = r.ok
    ? [
        `Audit chain intact: ${r.eventsChecked} events (${r.algorithm}), ${r.checkpointsChecked} signed checkpoint(s) checked in ${r.checkpointStore}.`,
      ]
    : [`AUDIT CHAIN BROKEN at event ${r.firstBreak!.seq} (${r.firstBreak!.kind}): ${r.firstBreak!.message}`];
  if (r.lastCheckpoint) lines.push(`Last signed checkpoint: event ${r.lastCheckpoint.seq} at ${r.lastCheckpoint.at}.`);
  if (r.unsignedTail) {
    const span =
      r.unsignedTail.firstAt && r.unsignedTail.lastAt
        ? `, from ${r.unsignedTail.firstAt} to ${r.unsignedTail.lastAt}`
        : '';
    lines.push(
      `Not yet signed: ${r.unsignedTail.events} event(s) after it${span} (a running server signs within seconds).`,
    );
  }
  if (r.archive) {
    const a = r.archive;
    const range = `events ${a.firstSeq} to ${a.lastSeq} (${a.firstAt} to ${a.lastAt}) in ${a.segments} segment(s)`;
    lines.push(archiveLine(r, a, range));
  }
  if (r.reanchor)
    lines.push(
      `Re-anchored by the operator at ${r.reanchor.at} (event ${r.reanchor.seq}): ${r.reanchor.reason}; ${r.checkpointsSuperseded} earlier record(s) superseded.`,
    );
  return lines.join('\n');
}

/**
 * What the report says of the archived range. "Verified" only when the whole check passed; a failure inside the
 * archive (a segment missing or altered, or its events not chaining) says how to get a good archive back.
 */
function archiveLine(r: AuditVerifyResult, a: NonNullable<AuditVerifyResult['archive']>, range: string): string {
  if (!a.verified)
    return (
      `Archived ${range}: not read; the live part was ${r.ok ? 'verified' : 'checked'} from the archive's signed ` +
      `boundary. Run with --with-archive to verify them too (archive directory ${a.directory}).`
    );
  if (r.ok) return `Archived ${range} in ${a.directory}: read and verified with the live part, from the first event.`;
  const inArchive =
    r.firstBreak !== null && (r.firstBreak.kind.startsWith('archive_') || r.firstBreak.seq <= a.lastSeq);
  if (!inArchive) return `Archived ${range} in ${a.directory}: read; the problem above is in the live part.`;
  if (r.firstBreak?.kind === 'archive_record')
    return `Archived ${range}: NOT verified (the problem above: the database's record of the archive was changed).`;
  return (
    `Archived ${range} in ${a.directory}: NOT verified (the problem above). Restore the segment files from a ` +
    'backup into that directory, or point BAOMI_AUDIT_ARCHIVE_DIR at the folder that holds them, then run ' +
    '`baomi audit verify --with-archive` again.'
  );
}

/** The keys cannot be read: verification cannot even start. Said as a verification result, in both forms. */
function keyFailure(e: KeyFileError | KeyCheckError): AuditVerifyResult {
  return {
    ok: false,
    eventsChecked: 0,
    headSeq: 0,
    algorithm: '',
    firstBreak: { kind: 'key_unreadable', seq: 0, message: e.message },
    checkpointsChecked: 0,
    checkpointsSuperseded: 0,
    checkpointStore: '',
    lastCheckpoint: null,
    reanchor: null,
    unsignedTail: null,
    archive: null,
  };
}

/** What an archiving did, for the operator: what moved, or why nothing did. */
export function describeArchiving(r: ArchiveResult): string {
  const lines: string[] = [];
  if (r.signedFirst) lines.push(`No signed head covered those events yet: ${r.signedFirst} first, then checked them.`);
  if (r.events > 0)
    lines.push(
      `Archived ${r.events} event(s) in ${r.segments.length} segment(s) into ${r.directory}. ` +
        'Keep that directory with the backups: `baomi audit verify --with-archive` reads it.',
    );
  else if (r.archivedThrough)
    lines.push(
      `Nothing to archive: already archived through event ${r.archivedThrough.seq} (${r.archivedThrough.at}), ` +
        'and no live event is before that cutoff.',
    );
  else lines.push('Nothing to archive: no event is before that cutoff.');
  return lines.join('\n');
}

/** `--before` is a date or date-time (events recorded before it) or an event number (events up to it). */
export function parseArchiveCutoff(text: string): ArchiveCutoff {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { throughSeq: Number(t) };
  const at = new Date(t);
  if (!/^\d{4}-\d{2}-\d{2}/.test(t) || Number.isNaN(at.getTime()))
    throw new Error(
      `--before takes a date (2026-06-30), a date-time with its offset, or an event number; got "${text}"`,
    );
  return { before: at };
}

export function registerAuditCommands(program: Command, withContext: WithContext, rc: RequestContext): void {
  const audit = program.command('audit').description('audit trail tools');
  audit
    .command('verify')
    .description(
      'recompute the whole hash chain and check it against the signed checkpoints; exit 1 on the first problem',
    )
    .option('--json', 'print JSON')
    .option('--with-archive', 'read the archive segments too and verify the whole chain from the first event')
    .action(async (o: { json?: boolean; withArchive?: boolean }) => {
      let r: AuditVerifyResult;
      try {
        r = await withContext(async (ctx) => {
          const bar = o.json ? null : progressBar('Verifying audit chain');
          const dir = auditArchiveDirOf(ctx.config);
          const result = await verifyAuditChain(
            ctx.db,
            checkpointStoreFor(ctx.config),
            ctx.keys,
            (done, total) => bar?.update(done, total),
            { ...(o.withArchive ? { archiveDir: dir } : {}), archiveLocation: dir },
          );
          bar?.done();
          return result;
        });
      } catch (e) {
        if (!(e instanceof KeyFileError) && !(e instanceof KeyCheckError)) throw e;
        r = keyFailure(e);
      }
      console.log(o.json ? JSON.stringify(r, null, 2) : describeVerification(r));
      if (!r.ok) process.exitCode = 1;
    });
  audit
    .command('archive')
    .description(
      'move old events into signed archive segments (BAOMI_AUDIT_ARCHIVE_DIR); the chain still verifies across them',
    )
    .requiredOption('--before <date|seq>', 'archive the events recorded before this date, or up to this event number')
    .action(async (o: { before: string }) => {
      const cutoff = parseArchiveCutoff(o.before);
      await withContext(async (ctx) => {
        const r = await archiveAudit(ctx, rc, cutoff, {
          onSegment: (w) => console.log(`Wrote ${w.file}: events ${w.header.firstSeq} to ${w.header.lastSeq}.`),
        });
        console.log(describeArchiving(r));
      });
    });
  audit
    .command('sign')
    .description('sign the current chain head now (a running server does this every few seconds and at shutdown)')
    .action(async () => {
      await withContext(async (ctx) => console.log(`${await signAuditHead(ctx)}.`));
    });
  audit
    .command('reanchor')
    .description(
      'accept the chain as it stands (lost signing key or checkpoint store, a restore): audited, signed, reported by every verification',
    )
    .requiredOption('--reason <text>', 'why (kept with the checkpoints and in the audit trail)')
    .option(
      '--new-signing-key',
      "the audit-signing key is lost for good: use the key pair now in the key directory (made when there is none) and record it as the deployment's",
    )
    .action(async (o: { reason: string; newSigningKey?: boolean }) => {
      const newSigningKey = o.newSigningKey === true;
      await withContext(
        async (ctx) => {
          const r = await reanchorAudit(ctx, rc, o.reason, checkpointStoreFor(ctx.config), { newSigningKey });
          console.log(
            `Re-anchored at event ${r.seq} (${r.at}). Verification judges the checkpoints from here on and reports this re-anchor.` +
              (newSigningKey ? ` Audit-signing key version ${ctx.keys.signingKid} is now the deployment's.` : ''),
          );
        },
        { adoptSigningKey: newSigningKey },
      );
    });
}
