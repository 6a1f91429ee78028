import { z } from 'zod';
import { settingVersionField } from '../../../platform/contracts/common.js';

/** The organisation's rules of the audit trail (key 'audit', policy/audit.ts `AuditRules`). */
export const auditRulesSchema = z.strictObject({
  /** The auditor reads the whole trail, not only the administrators' events and the system's (三员 split). */
  auditorReadsAll: z.boolean(),
});
export const auditSettingsResponse = z.object({ settings: auditRulesSchema, version: z.number().int() });
export const auditSettingsUpdate = z.strictObject({ version: settingVersionField, settings: auditRulesSchema });
