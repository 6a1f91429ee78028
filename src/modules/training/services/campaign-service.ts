import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AudienceRule } from '../../../kernel/training.js';
import { can } from '../../../policy/index.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';
import { sniffEvidence } from '../../../platform/approvals/paper-records.js';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import { todayOf } from '../../../platform/organisation.js';
import type { CampaignDto, CreateCampaignInput, UpdateCampaignInput } from '../contracts/campaigns.js';
import { inAudience } from '../domain/audiences.js';
import {
  deleteCampaign as deleteRow,
  findCampaign,
  insertCampaign,
  listCampaigns as listRows,
  updateCampaign as updateRow,
  type CampaignRow,
} from '../repositories/campaign-repo.js';
import { courseMarkdownToHtml } from './course-render.js';
import { assertAudience, normaliseAudience } from './course-service.js';
import { trainingPeople } from './training-facts.js';

/**
 * Publicity campaigns (保密宣传, TRN-12): the security office creates them (title, kind, audience, the days they run,
 * a Markdown text), edits them under their version, attaches a file (a poster or brochure: PDF, PNG or JPEG,
 * encrypted in the blob store), deletes them. Everyone sees the campaigns running today whose audience takes them
 * in, and their files; the office sees every campaign (`all=true`). A campaign someone may not see answers 404
 * (audited), as one that does not exist.
 */
export const CAMPAIGN_TARGET = 'training_campaign';
/** The largest file accepted (the route's body limit). */
export const CAMPAIGN_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const CAMPAIGN_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

const event = (action: AuditAction, targetId: string | null) => ({ action, targetType: CAMPAIGN_TARGET, targetId });
const office = (rc: RequestContext) => can(actorOf(rc), 'training.manage_campaigns');

function toDto(r: CampaignRow, today: string): CampaignDto {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind as CampaignDto['kind'],
    audience: JSON.parse(r.audience) as CampaignDto['audience'],
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    body: r.body,
    bodyHtml: courseMarkdownToHtml(r.body),
    file:
      r.blob_id && r.file_name && r.media_type && r.size !== null
        ? { name: r.file_name, mediaType: r.media_type, size: r.size }
        : null,
    current: r.starts_on <= today && today <= r.ends_on,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** Is the campaign meant for the caller today (running, its audience takes them in)? */
async function meantFor(ctx: AppContext, rc: RequestContext, rows: readonly CampaignRow[], today: string) {
  const [me] = await trainingPeople(ctx, ctx.db, { userIds: [actorOf(rc).id] });
  return rows.filter(
    (r) =>
      r.starts_on <= today &&
      today <= r.ends_on &&
      me !== undefined &&
      inAudience(JSON.parse(r.audience) as AudienceRule[], me.facts, today),
  );
}

/** GET /api/training/campaigns: the current campaigns meant for me; the office's `all`: every campaign. */
export async function listCampaigns(
  ctx: AppContext,
  rc: RequestContext,
  query: { all?: 'true' | undefined },
): Promise<{ items: CampaignDto[] }> {
  const ev = event('training.campaign_read', null);
  await authorize(ctx, rc, 'training.view_campaigns', { kind: 'none' }, { audit: ev });
  if (query.all) await authorize(ctx, rc, 'training.manage_campaigns', { kind: 'none' }, { audit: ev });
  const today = await todayOf(ctx);
  const rows = query.all ? await listRows(ctx.db) : await meantFor(ctx, rc, await listRows(ctx.db, today), today);
  return { items: rows.map((r) => toDto(r, today)) };
}

/** One campaign the caller may see (the office: any), else 404 audited as `action`. */
async function visibleCampaign(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  action: AuditAction = 'training.campaign_read',
): Promise<CampaignRow> {
  const ev = event(action, id);
  await authorize(ctx, rc, 'training.view_campaigns', { kind: 'none' }, { audit: ev });
  const r = await findCampaign(ctx.db, id);
  if (r && office(rc)) return r;
  if (r && (await meantFor(ctx, rc, [r], await todayOf(ctx))).length === 1) return r;
  return refuse(ctx, rc, ev, notFound());
}

export async function getCampaign(ctx: AppContext, rc: RequestContext, id: string): Promise<CampaignDto> {
  return toDto(await visibleCampaign(ctx, rc, id), await todayOf(ctx));
}

/** 400, nothing recorded: the audience not valid, the end before the start. */
async function assertInput(ctx: AppContext, input: CreateCampaignInput): Promise<void> {
  await assertAudience(ctx.db, input.audience);
  if (input.endsOn < input.startsOn)
    throw new AppError('validation_failed', 'The campaign ends before it starts', {
      field: 'endsOn',
      problem: 'campaign_dates',
    });
}

async function dtoOf(ctx: AppContext, id: string): Promise<CampaignDto> {
  const r = await findCampaign(ctx.db, id);
  if (!r) throw notFound();
  return toDto(r, await todayOf(ctx));
}

const details = (input: CreateCampaignInput) => ({
  title: input.title,
  kind: input.kind,
  startsOn: input.startsOn,
  endsOn: input.endsOn,
  audience: input.audience,
});

export async function createCampaign(
  ctx: AppContext,
  rc: RequestContext,
  input: CreateCampaignInput,
): Promise<CampaignDto> {
  const ev = event('training.campaign_create', null);
  await authorize(ctx, rc, 'training.manage_campaigns', { kind: 'none' }, { audit: ev });
  await assertInput(ctx, input);
  const id = newId();
  const now = ctx.now().toISOString();
  await tx(ctx, async (trx) => {
    await insertCampaign(trx, {
      id,
      title: input.title,
      kind: input.kind,
      audience: JSON.stringify(normaliseAudience(input.audience)),
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      body: input.body,
      blob_id: null,
      file_name: null,
      media_type: null,
      size: null,
      created_by: actorOf(rc).id,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    await audit(trx, ctx, rc, { ...ev, targetId: id, details: details(input) });
  });
  return dtoOf(ctx, id);
}

/** The campaign the office changes, or 404 audited. */
async function managed(ctx: AppContext, rc: RequestContext, id: string, action: AuditAction): Promise<CampaignRow> {
  const ev = event(action, id);
  await authorize(ctx, rc, 'training.manage_campaigns', { kind: 'none' }, { audit: ev });
  const r = await findCampaign(ctx.db, id);
  return r ?? refuse(ctx, rc, ev, notFound());
}

export async function updateCampaign(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: UpdateCampaignInput,
): Promise<CampaignDto> {
  await managed(ctx, rc, id, 'training.campaign_update');
  await assertInput(ctx, input);
  await tx(ctx, async (trx) => {
    const ok = await updateRow(trx, id, input.version, {
      title: input.title,
      kind: input.kind,
      audience: JSON.stringify(normaliseAudience(input.audience)),
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      body: input.body,
      updated_at: ctx.now().toISOString(),
    });
    if (!ok) throw staleVersion();
    await audit(trx, ctx, rc, { ...event('training.campaign_update', id), details: details(input) });
  });
  return dtoOf(ctx, id);
}

export async function deleteCampaign(ctx: AppContext, rc: RequestContext, id: string, version: number): Promise<void> {
  const current = await managed(ctx, rc, id, 'training.campaign_delete');
  await tx(ctx, async (trx) => {
    if (!(await deleteRow(trx, id, version))) throw staleVersion();
    await audit(trx, ctx, rc, { ...event('training.campaign_delete', id), details: { title: current.title } });
  });
  if (current.blob_id) ctx.blobs.remove(current.blob_id);
}

/** Attaches (or replaces) the campaign's file: a PDF, PNG or JPEG sent as what it is. */
export async function attachCampaignFile(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: { version: number; name: string },
  file: Buffer,
  declaredType: string | undefined,
): Promise<CampaignDto> {
  const current = await managed(ctx, rc, id, 'training.campaign_file');
  const declared = declaredType?.split(';')[0]!.trim().toLowerCase();
  const mediaType = file.length ? sniffEvidence(file) : null;
  if (!mediaType || mediaType !== declared)
    throw new AppError('bad_request', 'The file must be a PDF, PNG or JPEG file sent as what it is', {
      problem: 'campaign_file_type',
    });
  if (current.version !== input.version) throw staleVersion();
  const sha256 = crypto.createHash('sha256').update(file).digest('hex');
  const blob = await ctx.blobs.put(Readable.from([file]));
  try {
    await tx(ctx, async (trx) => {
      const ok = await updateRow(trx, id, input.version, {
        blob_id: blob.id,
        file_name: input.name,
        media_type: mediaType,
        size: blob.size,
        updated_at: ctx.now().toISOString(),
      });
      if (!ok) throw staleVersion();
      await audit(trx, ctx, rc, {
        ...event('training.campaign_file', id),
        details: { name: input.name, sha256, size: blob.size, mediaType, replaced: current.blob_id !== null },
      });
    });
  } catch (e) {
    ctx.blobs.remove(blob.id);
    throw e;
  }
  if (current.blob_id) ctx.blobs.remove(current.blob_id);
  return dtoOf(ctx, id);
}

/** The campaign's file, for whoever may see the campaign (reads are not audited: publicity is for everyone). */
export async function readCampaignFile(ctx: AppContext, rc: RequestContext, id: string) {
  const r = await visibleCampaign(ctx, rc, id);
  if (!r.blob_id || !r.media_type || !r.file_name)
    return refuse(ctx, rc, event('training.campaign_read', id), notFound());
  const dir = fs.mkdtempSync(path.join(ctx.blobs.dir, '..', 'tmp-campaign-'));
  const file = path.join(dir, 'file');
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await ctx.blobs.getToFile(r.blob_id, file);
  } catch (e) {
    cleanup();
    throw e;
  }
  const size = fs.statSync(file).size;
  const stream = fs.createReadStream(file);
  stream.once('close', cleanup);
  return { stream, mediaType: r.media_type, size, filename: r.file_name };
}
