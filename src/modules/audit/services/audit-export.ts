import type { Readable } from 'node:stream';
import type { Actor } from '../../../kernel/actor.js';
import { localIsoOf } from '../../../kernel/local-time.js';
import type { AppContext } from '../../../platform/context.js';
import { storedRowOf } from '../../../platform/audit/audit-repo.js';
import type { AuditEventTable } from '../../../platform/db/schema.js';
import { streamTable, type Cell, type ExportFormat } from '../../../platform/export/table-export.js';
import { catalogue } from '../../../platform/notifications/catalogue.js';
import { getClassificationPolicy } from '../../../platform/organisation.js';
import type { StoredAuditRow } from '../../../kernel/audit-chain.js';
import type { AuditLang, StoredAuditEvent } from '../contracts/audit.js';
import {
  AUDIT_EXPORT_HEADERS,
  AUDIT_RESULT_TEXTS,
  AUDIT_SYSTEM_ROLE,
  type AuditExportColumn,
} from '../contracts/export-texts.js';
import { actionName, targetTypeName } from './audit-dictionary.js';
import { nameEvents, targetKey, type EventNames } from './audit-targets.js';

/** The columns: what a person reads first (as the trail shows it), then the codes for machines. */
const COLUMNS: readonly AuditExportColumn[] = [
  'seq',
  'time',
  'actor',
  'role',
  'action',
  'target',
  'result',
  'ip',
  'requestId',
  'details',
  'actionCode',
  'actorId',
  'actorAccount',
  'roleCode',
  'targetType',
  'targetId',
  'resultCode',
];

export function auditExportHeader(lang: AuditLang): string[] {
  return COLUMNS.map((c) => AUDIT_EXPORT_HEADERS[c][lang]);
}

/** The role recorded with an event, in words. */
export function roleName(role: string | null, lang: AuditLang): string {
  if (!role) return '';
  if (role === 'system') return AUDIT_SYSTEM_ROLE[lang];
  return catalogue().codeTexts.role?.[lang][role] ?? role;
}

/** The target in words: its name where the viewer may see it, else its type and a short id (never a title). */
export function targetName(e: Pick<StoredAuditEvent, 'targetType' | 'targetId'>, names: EventNames, lang: AuditLang) {
  if (!e.targetType) return '';
  const type = targetTypeName(e.targetType, lang);
  if (!e.targetId) return type;
  const seen = names.targets.get(targetKey(e.targetType, e.targetId));
  return seen ? `${type} ${seen.text?.[lang] ?? seen.label}` : `${type} ${e.targetId.slice(0, 8)}`;
}

function rowOf(e: StoredAuditRow, names: EventNames, lang: AuditLang, zone: string) {
  const cells: Record<AuditExportColumn, Cell> = {
    seq: e.seq,
    time: localIsoOf(e.at, zone),
    actor: (e.actorId && names.actors.get(e.actorId)) || e.actorName || '',
    role: roleName(e.actorRole, lang),
    action: actionName(e.action, lang),
    target: targetName(e, names, lang),
    result: AUDIT_RESULT_TEXTS[e.result]?.[lang] ?? e.result,
    ip: e.ip,
    requestId: e.requestId,
    details: e.detailsJson,
    actionCode: e.action,
    actorId: e.actorId,
    actorAccount: e.actorName,
    roleCode: e.actorRole,
    targetType: e.targetType,
    targetId: e.targetId,
    resultCode: e.result,
  };
  return COLUMNS.map((c) => cells[c]);
}

const EXPORT_LIMIT = 200_000;
const PAGE = 2000;

/**
 * Streams the trail in the viewer's language: local times with the organisation's offset, actions, actors,
 * roles and targets by name (targets as the viewer may see them), and the codes in their own columns.
 */
export async function streamAuditExport(
  ctx: AppContext,
  viewer: Actor,
  readPage: (afterSeq: number, limit: number) => Promise<AuditEventTable[]>,
  format: ExportFormat,
  lang: AuditLang,
): Promise<Readable> {
  const zone = (await getClassificationPolicy(ctx)).timeZone;
  async function* pages(): AsyncGenerator<Cell[][]> {
    let after = -1;
    let sent = 0;
    while (sent < EXPORT_LIMIT) {
      const rows = (await readPage(after, PAGE)).map(storedRowOf);
      if (!rows.length) return;
      after = rows[rows.length - 1]!.seq;
      sent += rows.length;
      const names = await nameEvents(ctx, viewer, rows);
      yield rows.map((e) => rowOf(e, names, lang, zone));
    }
  }
  return streamTable(format, 'audit', auditExportHeader(lang), pages(), ctx.log);
}
