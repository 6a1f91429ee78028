import { AGREEMENT_PLACEHOLDERS, type AgreementKind } from '../../../kernel/agreements.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import type { CreateTemplateInput, TemplateDetail, UpdateTemplateInput } from '../contracts/templates.js';
import { findTemplate, insertTemplate, updateTemplateVersioned } from '../repositories/template-repo.js';
import { assertPlaceholders, placeholderValuesFor, renderAgreement } from './render.js';
import { manage, missing, TARGET } from './template-access.js';
import { detailOf } from './template-reads.js';

/**
 * The agreements' templates (PER-01..04, PER-08): the security administrator writes them in Markdown with
 * placeholders, edits the draft (optimistic version), previews it rendered for themself, publishes it as a new
 * version (never changed afterwards; publishing lists who must sign it now) and retires it (no new obligations;
 * signatures stay). Everyone reads a published version rendered for themself. Here: create, edit and preview the
 * draft; the reads are template-reads.ts, publishing and retiring template-lifecycle.ts.
 */

/** Kinds whose templates name a department and/or a post, and keep a duty description (保密职责). */
const SCOPED_KINDS: readonly AgreementKind[] = ['responsibility', 'other'];
/** The duty description may use every placeholder but itself. */
const DUTIES_PLACEHOLDERS = AGREEMENT_PLACEHOLDERS.filter((p) => p !== 'duties');

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
