import { AGREEMENT_PLACEHOLDERS, type AgreementKind, type TemplateStatus } from '../../../kernel/agreements.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';
import { agreementNoticesReconciled, agreementRetired, agreementTask } from './agreement-task.js';
import type {
  CreateTemplateInput,
  PublishResult,
  RenderedVersion,
  TemplateDetail,
  TemplateSummary,
  ToSignPerson,
  UpdateTemplateInput,
  VersionSummary,
} from '../contracts/templates.js';
import {
  findTemplate,
  findVersion,
  insertTemplate,
  insertVersion,
  listTemplates as listTemplateRows,
  updateTemplateVersioned,
  versionsOf,
  type ListedTemplate,
} from '../repositories/template-repo.js';
import { obligationsOfPeople } from './people-facts.js';
import { assertPlaceholders, placeholderValuesFor, renderAgreement } from './render.js';

/**
 * The agreements' templates (PER-01..04, PER-08): the security administrator writes them in Markdown with
 * placeholders, edits the draft (optimistic version), previews it rendered for themself, publishes it as a new
 * version (never changed afterwards; publishing lists who must sign it now) and retires it (no new obligations;
 * signatures stay). Everyone reads a published version rendered for themself.
 */
const TARGET = 'agreement_template';

/** Kinds whose templates name a department and/or a post, and keep a duty description (保密职责). */
const SCOPED_KINDS: readonly AgreementKind[] = ['responsibility', 'other'];
/** The duty description may use every placeholder but itself. */
const DUTIES_PLACEHOLDERS = AGREEMENT_PLACEHOLDERS.filter((p) => p !== 'duties');

function summaryOf(r: ListedTemplate): TemplateSummary {
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

async function detailOf(q: AppContext['db'] | Trx, id: string): Promise<TemplateDetail | null> {
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

const manage = (
  ctx: AppContext,
  rc: RequestContext,
  action: 'template_create' | 'template_update' | 'template_publish' | 'template_retire' | 'template_preview',
  targetId: string | null,
) =>
  authorize(
    ctx,
    rc,
    'agreement.manage_templates',
    { kind: 'none' },
    {
      audit: { action: `agreement.${action}`, targetType: TARGET, targetId },
    },
  );

/** A template that does not exist: refused like a hidden one (audited, 404). */
const missing = (
  ctx: AppContext,
  rc: RequestContext,
  action: Parameters<typeof manage>[2] | 'template_view',
  id: string,
) => refuse(ctx, rc, { action: `agreement.${action}`, targetType: TARGET, targetId: id }, notFound());

/** Checks what a template says (400, nothing recorded): kinds, department, placeholders. */
async function assertTemplateInput(
  ctx: AppContext,
  kind: AgreementKind,
  input: Pick<CreateTemplateInput, 'departmentId' | 'post' | 'body' | 'duties'>,
): Promise<void> {
  if (!SCOPED_KINDS.includes(kind) && (input.departmentId !== null || input.post !== null))
    throw new AppError(
      'validation_failed',
      'Only responsibility letters and other templates name a department or post',
      {
        field: input.departmentId !== null ? 'departmentId' : 'post',
        problem: 'scope_not_allowed',
      },
    );
  if (!SCOPED_KINDS.includes(kind) && input.duties !== null)
    throw new AppError('validation_failed', 'Duty descriptions belong with responsibility letters', {
      field: 'duties',
      problem: 'duties_not_allowed',
    });
  assertPlaceholders('body', input.body);
  assertPlaceholders('duties', input.duties, DUTIES_PLACEHOLDERS);
  if (input.departmentId !== null) {
    const d = await ctx.db
      .selectFrom('departments')
      .select('id')
      .where('id', '=', input.departmentId)
      .executeTakeFirst();
    if (!d)
      throw new AppError('validation_failed', 'The department does not exist', {
        field: 'departmentId',
        problem: 'department_unknown',
      });
  }
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

export async function createTemplate(
  ctx: AppContext,
  rc: RequestContext,
  input: CreateTemplateInput,
): Promise<TemplateDetail> {
  await manage(ctx, rc, 'template_create', null);
  await assertTemplateInput(ctx, input.kind, input);
  const actor = actorOf(rc);
  const id = newId();
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await insertTemplate(trx, {
      id,
      kind: input.kind,
      title: input.title,
      department_id: input.departmentId,
      post: input.post,
      validity_months: input.validityMonths,
      grace_days: input.graceDays,
      status: 'active',
      draft_body: input.body,
      draft_duties: input.duties,
      current_version: 0,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await audit(trx, ctx, rc, {
      action: 'agreement.template_create',
      targetType: TARGET,
      targetId: id,
      details: { kind: input.kind, title: input.title, departmentId: input.departmentId, post: input.post },
    });
  });
  return (await detailOf(ctx.db, id))!;
}

/** Edits the draft (and the template's particulars); published versions never change. */
export async function updateTemplate(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: UpdateTemplateInput,
): Promise<TemplateDetail> {
  await manage(ctx, rc, 'template_update', id);
  const before = (await findTemplate(ctx.db, id)) ?? (await missing(ctx, rc, 'template_update', id));
  await assertTemplateInput(ctx, before.kind as AgreementKind, input);
  await tx(ctx, async (trx) => {
    const t = await findTemplate(trx, id);
    if (!t) throw notFound();
    if (t.version !== input.version) throw staleVersion();
    if (t.status === 'retired')
      throw new AppError('conflict', 'A retired template is not edited', { problem: 'template_retired' });
    const set = {
      title: input.title,
      department_id: input.departmentId,
      post: input.post,
      validity_months: input.validityMonths,
      grace_days: input.graceDays,
      draft_body: input.body,
      draft_duties: input.duties,
      updated_at: ctx.now().toISOString(),
    };
    if (!(await updateTemplateVersioned(trx, id, input.version, set))) throw staleVersion();
    const changed = Object.keys(set).filter(
      (k) => k !== 'updated_at' && (set as Record<string, unknown>)[k] !== (t as Record<string, unknown>)[k],
    );
    await audit(trx, ctx, rc, {
      action: 'agreement.template_update',
      targetType: TARGET,
      targetId: id,
      details: { changed },
    });
  });
  return (await detailOf(ctx.db, id))!;
}

/** Renders a draft for the caller, as the live preview shows it (placeholders filled with the caller's). */
export async function previewTemplate(
  ctx: AppContext,
  rc: RequestContext,
  input: { body: string; duties?: string | null | undefined },
): Promise<{ html: string }> {
  await manage(ctx, rc, 'template_preview', null);
  const duties = input.duties ?? null;
  assertPlaceholders('body', input.body);
  assertPlaceholders('duties', duties, DUTIES_PLACEHOLDERS);
  const values = await placeholderValuesFor(ctx, ctx.db, actorOf(rc).id, duties);
  return { html: renderAgreement(input.body, duties, values).html };
}

/**
 * Publishes the draft as the next version (never changed afterwards) under the template's optimistic version,
 * notifies who must sign it now and lists them: new signers and everyone who signed an earlier version.
 */
export async function publishTemplate(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { version: number },
): Promise<PublishResult> {
  await manage(ctx, rc, 'template_publish', id);
  if (!(await findTemplate(ctx.db, id))) await missing(ctx, rc, 'template_publish', id);
  const actor = actorOf(rc);
  const now = ctx.now().toISOString();
  const { versionId, people } = await tx(ctx, async (trx) => {
    const t = await findTemplate(trx, id);
    if (!t) throw notFound();
    if (t.version !== input.version) throw staleVersion();
    if (t.status === 'retired')
      throw new AppError('conflict', 'A retired template is not published', { problem: 'template_retired' });
    const [listed] = await listTemplateRows(trx, { id });
    if (listed && !summaryOf(listed).draftChanged)
      throw new AppError('conflict', 'The draft is the same as the current version', { problem: 'draft_unchanged' });
    const versionNo = t.current_version + 1;
    if (!(await updateTemplateVersioned(trx, id, input.version, { current_version: versionNo, updated_at: now })))
      throw staleVersion();
    const versionId = newId();
    await insertVersion(trx, {
      id: versionId,
      template_id: id,
      version_no: versionNo,
      title: t.title,
      body: t.draft_body,
      duties: t.draft_duties,
      published_at: now,
      published_by: actor.id,
    });
    // Who must sign this version now: everyone the rule names whose obligation for it is not signed.
    const all = await obligationsOfPeople(ctx, trx);
    await agreementNoticesReconciled(trx, new Map(all.map((p) => [p.person.facts.id, p.obligations])), now);
    const people: ToSignPerson[] = [];
    for (const { person, obligations } of all) {
      const o = obligations.find((x) => x.templateId === id);
      if (!o || o.state === 'signed') continue;
      people.push({
        userId: person.facts.id,
        username: person.username,
        displayName: person.displayName,
        departmentName: person.departmentName,
        state: o.state,
        dueOn: o.dueOn,
      });
    }
    // One notice per person, those asked to sign again told so; grouped by due date (same parameters).
    const groups = new Map<string, { resign: boolean; dueOn: string; ids: string[] }>();
    for (const p of people) {
      const resign = p.state === 'resign_due' || p.state === 'resign_overdue';
      const dueOn = p.dueOn ?? '';
      const key = `${resign}|${dueOn}`;
      const g = groups.get(key) ?? { resign, dueOn, ids: [] };
      g.ids.push(p.userId);
      groups.set(key, g);
    }
    for (const g of groups.values())
      await notifyUsers(trx, ctx, g.ids, {
        notice: g.resign ? 'agreementResign' : 'agreementToSign',
        params: { title: t.title, kind: t.kind as AgreementKind, dueOn: g.dueOn },
        link: '/agreements',
        dedupeKey: `agreement.publish:${versionId}`,
        email: true,
        taskKey: agreementTask(id),
      });
    await audit(trx, ctx, rc, {
      action: 'agreement.template_publish',
      targetType: TARGET,
      targetId: id,
      details: { versionId, versionNo, title: t.title, toSign: people.length },
    });
    return { versionId, people };
  });
  const template = (await detailOf(ctx.db, id))!;
  return {
    template,
    version: template.versions.find((v) => v.id === versionId)!,
    toSign: { count: people.length, people },
  };
}

/** Retires a template: nobody must sign it any more; its versions and signatures stay. */
export async function retireTemplate(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { version: number },
): Promise<TemplateDetail> {
  await manage(ctx, rc, 'template_retire', id);
  if (!(await findTemplate(ctx.db, id))) await missing(ctx, rc, 'template_retire', id);
  await tx(ctx, async (trx) => {
    const t = await findTemplate(trx, id);
    if (!t) throw notFound();
    if (t.version !== input.version) throw staleVersion();
    if (t.status === 'retired')
      throw new AppError('conflict', 'The template is already retired', { problem: 'template_retired' });
    if (
      !(await updateTemplateVersioned(trx, id, input.version, {
        status: 'retired',
        updated_at: ctx.now().toISOString(),
      }))
    )
      throw staleVersion();
    await agreementRetired(trx, id, ctx.now().toISOString());
    await audit(trx, ctx, rc, {
      action: 'agreement.template_retire',
      targetType: TARGET,
      targetId: id,
      details: { title: t.title, currentVersion: t.current_version },
    });
  });
  return (await detailOf(ctx.db, id))!;
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
