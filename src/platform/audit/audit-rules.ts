import { settingStore } from '../settings/setting-store.js';
import type { AuditRules } from '../../policy/index.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { Trx } from './audit-repo.js';

/**
 * The organisation's rules of the audit trail (key 'audit'): whether the auditor reads the whole trail or only
 * the administrators' events (the 三员 split, policy/audit.ts). Off by default: 分级保护 practice has the
 * security administrator review ordinary users and the auditor review the administrators.
 */
export const DEFAULT_AUDIT_RULES: AuditRules = { auditorReadsAll: false };

/** The rules plus the trail's retention in months (archive-rules.ts); null, the default, keeps every event live. */
export type AuditSettings = AuditRules & { retentionMonths: number | null };

export const auditRulesStore = settingStore<AuditSettings>('audit', { ...DEFAULT_AUDIT_RULES, retentionMonths: null });

/** Pass the transaction as `q` when inside one (SQLite has a single connection). */
export async function auditRules(ctx: AppContext, q: Db | Trx = ctx.db): Promise<AuditRules> {
  return (await auditRulesStore.get(ctx, q)).value;
}
