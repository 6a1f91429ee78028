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
/** An event as the trail shows it: its stored fields and what the viewer may read of its actor and target. */
export const auditEventViewSchema = auditEventSchema.extend({
  /** The actor's display name in the directory (the stored `actorName` is the sign-in name). */
  actorDisplayName: z.string().nullable(),
  /** The target by number and title or name, and its page: only where the owning module lets the viewer see it. */
  target: z
    .object({
      label: z.string(),
      link: z.string(),
      /** Its name in each language, for targets the system names (a setting, a role). */
      text: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }).optional(),
    })
    .nullable(),
});
export type AuditEvent = z.infer<typeof auditEventViewSchema>;
export type StoredAuditEvent = z.infer<typeof auditEventSchema>;

/** The trail's and its exports' languages (the web sends its own). */
export const AUDIT_LANGS = ['zh-CN', 'en-US'] as const;
export type AuditLang = (typeof AUDIT_LANGS)[number];

/** Exact actions, comma-separated (`auth.login,auth.logout`): the trail's action filter picks them by name. */
const actionList = z
  .string()
  .max(4000)
  .regex(/^[a-z][a-z_]*\.[a-z_]+(?:,[a-z][a-z_]*\.[a-z_]+)*$/, 'Actions are codes separated by commas');

export const AUDIT_SORT_FIELDS = ['seq'] as const;

export const auditFilter = {
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  actor: optionalLine(64).optional(),
  action: actionList.optional(),
  target: optionalLine(64).optional(),
  result: z.enum(['success', 'failure', 'denied']).optional(),
};

export const auditListQuery = z.strictObject({
  ...pageQuery,
  sort: z.enum(AUDIT_SORT_FIELDS).optional(),
  ...auditFilter,
});
export const auditListResponse = pageOf(auditEventViewSchema);

export const auditExportQuery = z.strictObject({
  format: z.enum(['csv', 'xlsx']),
  lang: z.enum(AUDIT_LANGS).default('zh-CN'),
  ...auditFilter,
});

const vocabText = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
/** The action dictionary: every typed audit action with its texts, by the group (module or area) it belongs to. */
export const auditDictionaryResponse = z.object({
  groups: z.array(
    z.object({
      key: z.string(),
      text: vocabText,
      actions: z.array(z.object({ action: z.string(), text: vocabText })),
    }),
  ),
  /** The names of the kinds of target events name. */
  targetTypes: z.record(z.string(), vocabText),
  /** The organisation's time zone: the trail shows local times in it. */
  timeZone: z.string(),
});
export type AuditDictionary = z.infer<typeof auditDictionaryResponse>;

/** `withArchive=true`: verify the archived segments too, the whole chain from the first event. */
export const auditVerifyQuery = z.strictObject({ withArchive: z.enum(['true', 'false']).optional() });

// What verification reports is the platform's (it verifies the chain); the trail's API serves it.
export { auditVerifyResponse, type AuditVerifyResult } from '../../../platform/contracts/audit-verify.js';
