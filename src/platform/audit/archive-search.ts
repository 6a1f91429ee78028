import type { StoredAuditRow } from '../../kernel/audit-chain.js';
import type { Actor } from '../../kernel/actor.js';
import { can, type AuditRules } from '../../policy/index.js';
import type { AuditQuery } from './audit-repo.js';

/**
 * The live trail's filter (`auditFiltered` in audit-repo.ts) applied to an archive segment's events, which are
 * read from their file rather than queried. Pure. Who may see an event is the policy's per-event decision
 * (`audit.view`), the same rule the live trail's SQL scope is tested against.
 */
export type ArchiveFilter = Omit<AuditQuery, 'scope'>;

export function archiveRowVisible(actor: Actor, rules: AuditRules, row: StoredAuditRow): boolean {
  return can(actor, 'audit.view', { kind: 'audit_event', actorId: row.actorId, actorRole: row.actorRole, rules });
}

export function archiveRowMatches(row: StoredAuditRow, f: ArchiveFilter): boolean {
  // Stored times are UTC ISO strings, so they compare as text once the bounds are in the same form.
  if (f.from && row.at < new Date(f.from).toISOString()) return false;
  if (f.to && row.at > new Date(f.to).toISOString()) return false;
  if (f.actor) {
    const needle = f.actor.toLowerCase();
    if (row.actorId !== f.actor && !(row.actorName ?? '').toLowerCase().includes(needle)) return false;
  }
  if (f.action && !f.action.split(',').includes(row.action)) return false;
  if (f.target) {
    const named = row.targetType ? f.targetMatches?.get(row.targetType) : undefined;
    const hit =
      row.targetId === f.target ||
      row.targetType === f.target ||
      (row.targetId !== null && named !== undefined && named.includes(row.targetId));
    if (!hit) return false;
  }
  if (f.result && row.result !== f.result) return false;
  return true;
}
