import type { AgreementKind, TemplateStatus } from '../../../kernel/agreements.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { notFound } from '../../../platform/errors.js';
import type { RenderedVersion, TemplateDetail, TemplateSummary, VersionSummary } from '../contracts/templates.js';
import {
  findTemplate,
  findVersion,
  listTemplates as listTemplateRows,
  versionsOf,
  type ListedTemplate,
} from '../repositories/template-repo.js';
import { placeholderValuesFor, renderAgreement } from './render.js';
import { missing, TARGET } from './template-access.js';

/**
 * What is read of templates: the list, a template with its versions, and a published version rendered for the reader.
 */

export function summaryOf(r: ListedTemplate): TemplateSummary {
  const draftChanged =
    r.current_version === 0 ||
    r.current_body !== r.draft_body ||
    r.current_title !== r.title ||
    (r.current_duties ?? null) !== (r.draft_duties ?? null);
  return {
    id: r.id,
    kind: r.kind as AgreementKind,
    title: r.title,
    departmentId: r.department_id,
    departmentName: r.department_name ?? null,
    post: r.post,
    validityMonths: r.validity_months,
    graceDays: r.grace_days,
    status: r.status as TemplateStatus,
    currentVersion: r.current_version,
    draftChanged,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function versionSummaryOf(
  v: { id: string; version_no: number; title: string; published_at: string; published_by: string | null },
  publisherName: string | null,
  currentNo: number,
): VersionSummary {
  return {
    id: v.id,
    versionNo: v.version_no,
    title: v.title,
    publishedAt: v.published_at,
    publishedBy: v.published_by ? { id: v.published_by, displayName: publisherName ?? '' } : null,
    current: v.version_no === currentNo,
  };
}

export async function detailOf(q: AppContext['db'] | Trx, id: string): Promise<TemplateDetail | null> {
  const [row] = await listTemplateRows(q, { id });
  if (!row) return null;
  const versions = await versionsOf(q, id);
  return {
    ...summaryOf(row),
    draftBody: row.draft_body,
    draftDuties: row.draft_duties,
    versions: versions.map((v) => versionSummaryOf(v, v.publisher_name, row.current_version)),
  };
}

export async function listTemplates(
  ctx: AppContext,
  rc: RequestContext,
  query: { kind?: AgreementKind | undefined; status?: TemplateStatus | undefined },
): Promise<{ items: TemplateSummary[] }> {
  await authorize(
    ctx,
    rc,
    'agreement.view_templates',
    { kind: 'none' },
    {
      audit: { action: 'agreement.template_view', targetType: TARGET, targetId: null },
    },
  );
  const rows = await listTemplateRows(ctx.db, {
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  return { items: rows.map(summaryOf) };
}

export async function getTemplate(ctx: AppContext, rc: RequestContext, id: string): Promise<TemplateDetail> {
  await authorize(
    ctx,
    rc,
    'agreement.view_templates',
    { kind: 'none' },
    {
      audit: { action: 'agreement.template_view', targetType: TARGET, targetId: id },
    },
  );
  return (await detailOf(ctx.db, id)) ?? missing(ctx, rc, 'template_view', id);
}

/** A published version rendered for the caller (the text they read before signing; placeholders filled for them). */
export async function renderVersionFor(
  ctx: AppContext,
  rc: RequestContext,
  templateId: string,
  versionId: string,
): Promise<RenderedVersion> {
  await authorize(
    ctx,
    rc,
    'agreement.read_text',
    { kind: 'none' },
    {
      audit: { action: 'agreement.read', targetType: 'agreement_version', targetId: versionId },
    },
  );
  const v = await findVersion(ctx.db, versionId);
  const t = v && v.template_id === templateId ? await findTemplate(ctx.db, templateId) : undefined;
  if (!v || !t)
    return refuse(
      ctx,
      rc,
      { action: 'agreement.read', targetType: 'agreement_version', targetId: versionId },
      notFound(),
    );
  const values = await placeholderValuesFor(ctx, ctx.db, actorOf(rc).id, v.duties);
  const { html, dutiesHtml } = renderAgreement(v.body, v.duties, values);
  return {
    id: v.id,
    templateId: t.id,
    kind: t.kind as AgreementKind,
    versionNo: v.version_no,
    title: v.title,
    html,
    dutiesHtml,
    publishedAt: v.published_at,
    current: v.version_no === t.current_version,
  };
}
