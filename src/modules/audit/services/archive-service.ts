import { auditScope } from '../../../policy/index.js';
import { offsetOf } from '../../../kernel/pagination.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { actorOf, auditAlone, type AppContext, type RequestContext } from '../../../platform/context.js';
import { auditRules } from '../../../platform/audit/audit-rules.js';
import { listSegments, segmentById } from '../../../platform/audit/archive.js';
import { auditArchiveDirOf, readSegment, SegmentFileError } from '../../../platform/audit/archive-files.js';
import { archiveRowMatches, archiveRowVisible, type ArchiveFilter } from '../../../platform/audit/archive-search.js';
import type { ArchiveSegment } from '../contracts/archive.js';
import type { AuditEvent } from '../contracts/audit.js';
import { matchTargets, nameEvents, targetKey, viewerOf } from './audit-targets.js';

/**
 * Searching the audit archive (platform/audit/archive.ts): the segments, and one segment's events filtered as the
 * live trail is, showing each reader only the events the policy lets them see in the live trail. Whoever may not
 * read the trail at all is told "not found or no access" (the archive's existence is not theirs to learn), and
 * the refusal is audited; every search of a segment is audited, as the export of the live trail is.
 */

const READ = { action: 'audit.archive_read', targetType: 'audit' } as const;

async function readerOf(ctx: AppContext, rc: RequestContext) {
  const actor = actorOf(rc);
  const rules = await auditRules(ctx);
  if (auditScope(actor, rules).kind === 'none') {
    await auditAlone(ctx, rc, { ...READ, result: 'denied' });
    throw notFound();
  }
  return { actor, rules };
}

export async function listArchiveSegments(ctx: AppContext, rc: RequestContext): Promise<{ items: ArchiveSegment[] }> {
  await readerOf(ctx, rc);
  const segments = await listSegments(ctx.db);
  return {
    items: segments.map((s) => ({
      id: s.id,
      file: s.file,
      firstSeq: s.first_seq,
      lastSeq: s.last_seq,
      firstAt: s.first_at,
      lastAt: s.last_at,
      events: s.events,
      createdAt: s.created_at,
    })),
  };
}

export async function searchArchiveSegment(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  f: ArchiveFilter,
  page: number,
  pageSize: number,
  order: 'asc' | 'desc',
): Promise<{ items: AuditEvent[]; total: number; page: number; pageSize: number }> {
  const { actor, rules } = await readerOf(ctx, rc);
  const segment = await segmentById(ctx.db, id);
  if (!segment) throw notFound();
  let rows;
  try {
    rows = readSegment(auditArchiveDirOf(ctx.config), ctx.keys, segment).rows;
  } catch (e) {
    if (!(e instanceof SegmentFileError)) throw e;
    await auditAlone(ctx, rc, { ...READ, targetId: segment.file, result: 'failure', details: { problem: e.problem } });
    throw new AppError('conflict', `${e.message}. Restore the archive directory from a backup.`);
  }
  const viewer = await viewerOf(ctx, actor);
  const filter: ArchiveFilter = { ...f };
  if (f.target) filter.targetMatches = await matchTargets(ctx, viewer, f.target);
  const hits = rows.filter((r) => archiveRowVisible(actor, rules, r) && archiveRowMatches(r, filter));
  if (order === 'desc') hits.reverse();
  const start = offsetOf(page, pageSize);
  const events = hits.slice(start, start + pageSize).map(({ detailsJson, prevHash: _prev, ...rest }) => ({
    ...rest,
    details: JSON.parse(detailsJson) as unknown,
  }));
  await auditAlone(ctx, rc, {
    ...READ,
    targetId: segment.file,
    details: { filter: { ...f }, page, matched: hits.length },
  });
  const names = await nameEvents(ctx, viewer, events);
  const items = events.map((e) => ({
    ...e,
    actorDisplayName: (e.actorId && names.actors.get(e.actorId)) || null,
    target: (e.targetType && e.targetId && names.targets.get(targetKey(e.targetType, e.targetId))) || null,
  }));
  return { items, total: hits.length, page, pageSize };
}
