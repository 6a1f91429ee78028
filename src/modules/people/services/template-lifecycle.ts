import type { AgreementKind } from '../../../kernel/agreements.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';
import { agreementNoticesReconciled, agreementRetired, agreementTask } from './agreement-task.js';
import type { PublishResult, TemplateDetail, ToSignPerson } from '../contracts/templates.js';
import {
  findTemplate,
  insertVersion,
  listTemplates as listTemplateRows,
  updateTemplateVersioned,
} from '../repositories/template-repo.js';
import { obligationsOfPeople } from './people-facts.js';
import { manage, missing, TARGET } from './template-access.js';
import { detailOf, summaryOf } from './template-reads.js';

/** A template's lifecycle: publish the draft as a version (who must sign it is told) and retire it. */

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
