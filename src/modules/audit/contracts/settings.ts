import { z } from 'zod';
import { settingVersionField } from '../../../platform/contracts/common.js';
import { MAX_RETENTION_MONTHS, MIN_RETENTION_MONTHS } from '../../../platform/audit/archive-rules.js';

/**
 * How long events stay in the live trail, in months, before the archiving job moves them into signed segments
 * (platform/audit/archive.ts); null keeps everything live. Never below six months (网络安全法 Art. 21).
 */
const retentionMonths = z
  .number()
  .int()
  .min(MIN_RETENTION_MONTHS, `The audit trail is kept at least ${MIN_RETENTION_MONTHS} months`)
  .max(MAX_RETENTION_MONTHS)
  .nullable();

/** The organisation's rules of the audit trail (key 'audit', policy/audit.ts `AuditRules`). */
export const auditRulesSchema = z.strictObject({
  /** The auditor reads the whole trail, not only the administrators' events and the system's (三员 split). */
  auditorReadsAll: z.boolean(),
  /** Absent: unchanged (a client that predates it keeps the retention as it is). */
  retentionMonths: retentionMonths.optional(),
});
export const auditSettingsResponse = z.object({
  settings: z.object({ auditorReadsAll: z.boolean(), retentionMonths }),
  version: z.number().int(),
});
export const auditSettingsUpdate = z.strictObject({ version: settingVersionField, settings: auditRulesSchema });
