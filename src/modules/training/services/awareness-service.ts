import type { AudienceRule } from '../../../kernel/training.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import { todayOf } from '../../../platform/organisation.js';
import type { AwarenessDto, CreateAwarenessInput, UpdateAwarenessInput } from '../contracts/awareness.js';
import { inAudience } from '../domain/audiences.js';
import {
  deleteAwareness as deleteRow,
  findAwareness,
  insertAwareness,
  listAwareness,
  updateAwareness as updateRow,
  type AwarenessRow,
} from '../repositories/awareness-repo.js';
import { courseMarkdownToHtml } from './course-render.js';
import { assertAudience, normaliseAudience } from './course-service.js';
import { trainingPeople, type TrainingPersonRecord } from './training-facts.js';

/**
 * Awareness messages (定期保密知识提醒, TRN-06): the security office writes them (title, Markdown body, audience,
 * every how many days, the next day), edits them under their version, deletes them; the daily job
 * (`awareness-job.ts`) sends each due one to its audience. Only the office sees them here (403 otherwise, audited);
 * the people of the audience read them in their inbox.
 */
export const AWARENESS_TARGET = 'training_awareness';
type Q = Db | Trx;

/** The active people an audience takes in today. */
export async function audienceOf(
  ctx: AppContext,
  q: Q,
  audience: readonly AudienceRule[],
  today: string,
): Promise<TrainingPersonRecord[]> {
  if (audience.length === 0) return [];
  return (await trainingPeople(ctx, q)).filter((p) => inAudience(audience, p.facts, today));
}

function toDto(r: AwarenessRow, people: readonly TrainingPersonRecord[], today: string): AwarenessDto {
  const audience = JSON.parse(r.audience) as AwarenessDto['audience'];
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    bodyHtml: courseMarkdownToHtml(r.body),
    audience,
    intervalDays: r.interval_days,
    nextOn: r.next_on,
    lastSentOn: r.last_sent_on,
    active: r.active === 1,
    audienceCount: audience.length === 0 ? 0 : people.filter((p) => inAudience(audience, p.facts, today)).length,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const event = (action: AuditAction, targetId: string | null) => ({ action, targetType: AWARENESS_TARGET, targetId });

async function dtoOf(ctx: AppContext, id: string): Promise<AwarenessDto> {
  const r = await findAwareness(ctx.db, id);
  if (!r) throw notFound();
  return toDto(r, await trainingPeople(ctx, ctx.db), await todayOf(ctx));
}

export async function listAwarenessMessages(ctx: AppContext, rc: RequestContext): Promise<{ items: AwarenessDto[] }> {
  await authorize(
    ctx,
    rc,
    'training.manage_awareness',
    { kind: 'none' },
    { audit: event('training.awareness_view', null) },
  );
  const [rows, people, today] = [await listAwareness(ctx.db), await trainingPeople(ctx, ctx.db), await todayOf(ctx)];
  return { items: rows.map((r) => toDto(r, people, today)) };
}

export async function getAwarenessMessage(ctx: AppContext, rc: RequestContext, id: string): Promise<AwarenessDto> {
  await authorize(
    ctx,
    rc,
    'training.manage_awareness',
    { kind: 'none' },
    { audit: event('training.awareness_view', id) },
  );
  if (!(await findAwareness(ctx.db, id))) return refuse(ctx, rc, event('training.awareness_view', id), notFound());
  return dtoOf(ctx, id);
}

/** 400, nothing recorded: a next day before today (unless it is the one already set), an audience not valid. */
async function assertInput(ctx: AppContext, input: CreateAwarenessInput, unchangedNextOn: string | null) {
  await assertAudience(ctx.db, input.audience);
  if (input.nextOn !== unchangedNextOn && input.nextOn < (await todayOf(ctx)))
    throw new AppError('validation_failed', 'The next day is before today', {
      field: 'nextOn',
      problem: 'awareness_next_past',
    });
}

export async function createAwarenessMessage(
  ctx: AppContext,
  rc: RequestContext,
  input: CreateAwarenessInput,
): Promise<AwarenessDto> {
  await authorize(
    ctx,
    rc,
    'training.manage_awareness',
    { kind: 'none' },
    { audit: event('training.awareness_create', null) },
  );
  await assertInput(ctx, input, null);
  const id = newId();
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await insertAwareness(trx, {
      id,
      title: input.title,
      body: input.body,
      audience: JSON.stringify(normaliseAudience(input.audience)),
      interval_days: input.intervalDays,
      next_on: input.nextOn,
      last_sent_on: null,
      active: input.active ? 1 : 0,
      created_by: actorOf(rc).id,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await audit(trx, ctx, rc, {
      ...event('training.awareness_create', id),
      details: { title: input.title, intervalDays: input.intervalDays, nextOn: input.nextOn, active: input.active },
    });
  });
  return dtoOf(ctx, id);
}

export async function updateAwarenessMessage(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: UpdateAwarenessInput,
): Promise<AwarenessDto> {
  const ev = event('training.awareness_update', id);
  await authorize(ctx, rc, 'training.manage_awareness', { kind: 'none' }, { audit: ev });
  const current = await findAwareness(ctx.db, id);
  if (!current) return refuse(ctx, rc, ev, notFound());
  await assertInput(ctx, input, current.next_on);
  await tx(ctx, async (trx) => {
    const ok = await updateRow(trx, id, input.version, {
      title: input.title,
      body: input.body,
      audience: JSON.stringify(normaliseAudience(input.audience)),
      interval_days: input.intervalDays,
      next_on: input.nextOn,
      active: input.active ? 1 : 0,
      updated_at: ctx.now().toISOString(),
    });
    if (!ok) throw staleVersion();
    await audit(trx, ctx, rc, {
      ...ev,
      details: { title: input.title, intervalDays: input.intervalDays, nextOn: input.nextOn, active: input.active },
    });
  });
  return dtoOf(ctx, id);
}

export async function deleteAwarenessMessage(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  version: number,
): Promise<void> {
  const ev = event('training.awareness_delete', id);
  await authorize(ctx, rc, 'training.manage_awareness', { kind: 'none' }, { audit: ev });
  const current = await findAwareness(ctx.db, id);
  if (!current) return refuse(ctx, rc, ev, notFound());
  await tx(ctx, async (trx) => {
    if (!(await deleteRow(trx, id, version))) throw staleVersion();
    await audit(trx, ctx, rc, { ...ev, details: { title: current.title } });
  });
}
