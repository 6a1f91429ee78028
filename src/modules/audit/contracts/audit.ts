import { z } from 'zod';
import { isoDateTime, optionalLine, pageOf, pageQuery } from '../../../platform/contracts/common.js';

export const auditEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  result: z.enum(['success', 'failure', 'denied']),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.unknown(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const AUDIT_SORT_FIELDS = ['seq'] as const;

export const auditFilter = {
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  actor: optionalLine(64).optional(),
  action: optionalLine(64).optional(),
  target: optionalLine(64).optional(),
  result: z.enum(['success', 'failure', 'denied']).optional(),
};

export const auditListQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(AUDIT_SORT_FIELDS).optional(),
  ...auditFilter,
});
export const auditListResponse = pageOf(auditEventSchema);

export const auditExportQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']), ...auditFilter });

// What verification reports is the platform's (it verifies the chain); the trail's API serves it.
export { auditVerifyResponse, type AuditVerifyResult } from '../../../platform/contracts/audit-verify.js';
