import { z } from 'zod';
import { idParam, pageOf, pageQuery } from '../../../platform/contracts/common.js';
import { AUDIT_SORT_FIELDS, auditEventViewSchema, auditFilter } from './audit.js';

/** An archive segment of the audit trail (platform/audit/archive.ts): the events it holds and when they were recorded. */
export const archiveSegmentSchema = z.object({
  id: z.string(),
  file: z.string(),
  firstSeq: z.number().int(),
  lastSeq: z.number().int(),
  firstAt: z.string(),
  lastAt: z.string(),
  events: z.number().int(),
  createdAt: z.string(),
});
export type ArchiveSegment = z.infer<typeof archiveSegmentSchema>;

export const archiveSegmentsResponse = z.object({ items: z.array(archiveSegmentSchema) });
export const archiveSegmentParams = idParam;
/** The live trail's filter and paging, over one segment. */
export const archiveEventsQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(AUDIT_SORT_FIELDS).optional(),
  ...auditFilter,
});
export const archiveEventsResponse = pageOf(auditEventViewSchema);
