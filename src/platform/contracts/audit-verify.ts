import { z } from 'zod';

/** The result of verifying the audit chain (`baomi audit verify`, `POST /api/audit/verify`). */
export const auditVerifyResponse = z.object({
  ok: z.boolean(),
  eventsChecked: z.number().int(),
  headSeq: z.number().int(),
  algorithm: z.string(),
  firstBreak: z.object({ kind: z.string(), seq: z.number().int(), message: z.string() }).nullable(),
  checkpointsChecked: z.number().int(),
  /** Records before the newest re-anchor: kept, no longer judged. */
  checkpointsSuperseded: z.number().int(),
  checkpointStore: z.string(),
  lastCheckpoint: z.object({ seq: z.number().int(), at: z.string() }).nullable(),
  reanchor: z.object({ seq: z.number().int(), at: z.string(), reason: z.string() }).nullable(),
  /** Events after the newest signed checkpoint (signed within seconds on a running server). */
  unsignedTail: z
    .object({ events: z.number().int(), firstAt: z.string().nullable(), lastAt: z.string().nullable() })
    .nullable(),
  /**
   * The archived part of the chain (audit/archive.ts), null when nothing is archived. `verified`: its segment
   * files were read and checked with the live part (`--with-archive`); otherwise the live part was verified from
   * the archive's signed boundary and this range was not read.
   */
  archive: z
    .object({
      segments: z.number().int(),
      firstSeq: z.number().int(),
      lastSeq: z.number().int(),
      firstAt: z.string(),
      lastAt: z.string(),
      directory: z.string(),
      verified: z.boolean(),
    })
    .nullable(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResponse>;
