import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { auditAlone, audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { AppError, staleVersion } from '../../../platform/errors.js';
import { refuse } from '../../../platform/authorize.js';
import type { ProblemCode } from '../../../platform/contracts/problems.js';
import type {
  CourseDetail,
  CreateMaterialInput,
  fileMaterialQuery,
  UpdateMaterialInput,
} from '../contracts/courses.js';
import {
  deleteMaterial as deleteMaterialRow,
  findCourse,
  findMaterial,
  insertMaterial,
  materialsOf,
  nextPosition,
  updateCourseVersioned,
  updateMaterial as updateMaterialRow,
  type CourseRow,
} from '../repositories/course-repo.js';
import { isWebLink } from './course-render.js';
import { COURSE_TARGET, courseDetailOf, manageCourses, missingCourse, visibleCourse } from './course-service.js';

/**
 * A course's materials (TRN-03, online learning): files (uploaded to the encrypted blob store; the client names the
 * upload with an idempotency key, so a retried upload adds it once), links (http and https only) and Markdown text
 * (rendered and sanitised on the server). The office adds, reorders and deletes them while the course is a draft and
 * corrects them (title, least time, text, address) until it is retired; each change moves the course's version.
 * Everyone who may read the course downloads its files (audited as a read).
 */
export const MATERIAL_TARGET = 'training_material';

/** The largest material file accepted (the route's body limit). */
export const MATERIAL_MAX_BYTES = 50 * 1024 * 1024;

/** The files a material may be, by their first bytes (the declared type must agree). */
const FILE_TYPES: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', test: (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) },
  { type: 'video/mp4', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  // Office documents (DOCX, PPTX, XLSX) are ZIP files.
  ...[
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ].map((type) => ({ type, test: (b: Buffer) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) })),
];
export const MATERIAL_MEDIA_TYPES = FILE_TYPES.map((f) => f.type);

const conflict = (message: string, problem: ProblemCode, field?: string) =>
  new AppError('conflict', message, { problem, ...(field ? { field } : {}) });
const invalid = (message: string, problem: ProblemCode, field?: string) =>
  new AppError('validation_failed', message, { problem, ...(field ? { field } : {}) });

/** The course in the transaction, at the version given (when given), in a state that allows the change. */
async function courseFor(trx: Trx, courseId: string, version: number | null, draftOnly: boolean): Promise<CourseRow> {
  const c = await findCourse(trx, courseId);
  if (!c) throw new AppError('not_found', 'Not found or no access', { problem: 'course_unknown' });
  if (version !== null && c.version !== version) throw staleVersion();
  if (c.status === 'retired') throw conflict('A retired course does not change', 'course_retired');
  if (draftOnly && c.status !== 'draft')
    throw conflict('Materials are added, deleted and reordered while the course is a draft', 'course_not_draft');
  return c;
}

/** Moves the course's version (each material change is a change of the course). */
async function touch(ctx: AppContext, trx: Trx, c: CourseRow): Promise<void> {
  if (!(await updateCourseVersioned(trx, c.id, c.version, { updated_at: ctx.now().toISOString() })))
    throw staleVersion();
}

/** Adds a link or a text material at the end of a draft course. */
export async function addMaterial(
  ctx: AppContext,
  rc: RequestContext,
  courseId: string,
  input: CreateMaterialInput,
): Promise<CourseDetail> {
  await manageCourses(ctx, rc, 'training.material_add', courseId);
  if (!(await findCourse(ctx.db, courseId))) await missingCourse(ctx, rc, 'training.material_add', courseId);
  if (input.kind === 'link' && !isWebLink(input.url))
    throw invalid('A link must be an http or https address', 'link_scheme', 'url');
  const id = crypto.randomUUID();
  await tx(ctx, async (trx) => {
    const c = await courseFor(trx, courseId, null, true);
    const now = ctx.now().toISOString();
    await insertMaterial(trx, {
      id,
      course_id: courseId,
      position: await nextPosition(trx, courseId),
      kind: input.kind,
      title: input.title,
      blob_id: null,
      file_name: null,
      media_type: null,
      size: null,
      url: input.kind === 'link' ? input.url : null,
      body: input.kind === 'text' ? input.body : null,
      min_minutes: input.minMinutes,
      created_at: now,
      updated_at: now,
    });
    await touch(ctx, trx, c);
    await audit(trx, ctx, rc, {
      action: 'training.material_add',
      targetType: MATERIAL_TARGET,
      targetId: id,
      details: { courseId, kind: input.kind, title: input.title },
    });
  });
  return (await courseDetailOf(ctx.db, courseId))!;
}

/**
 * Adds a file material (its bytes are the body; title, file name, least time and the idempotency key in the query).
 * The key becomes the material's id: the same upload sent again adds nothing and answers the course.
 */
export async function uploadMaterial(
  ctx: AppContext,
  rc: RequestContext,
  courseId: string,
  input: z.infer<typeof fileMaterialQuery>,
  file: Buffer,
  declaredType: string | undefined,
): Promise<{ created: boolean; course: CourseDetail }> {
  await manageCourses(ctx, rc, 'training.material_add', courseId);
  if (!(await findCourse(ctx.db, courseId))) await missingCourse(ctx, rc, 'training.material_add', courseId);
  const existing = await findMaterial(ctx.db, courseId, input.key);
  if (existing) return { created: false, course: (await courseDetailOf(ctx.db, courseId))! };
  if (file.length === 0) throw invalid('The file is empty', 'file_empty');
  const declared = declaredType?.split(';')[0]!.trim().toLowerCase();
  const kind = FILE_TYPES.find((f) => f.type === declared);
  if (!kind || !kind.test(file))
    throw new AppError(
      'unsupported_media_type',
      'A material file is a PDF, PNG, JPEG, MP4, DOCX, PPTX or XLSX file sent as what it is',
      { problem: 'material_file_type' },
    );
  const sha256 = crypto.createHash('sha256').update(file).digest('hex');
  const blob = await ctx.blobs.put(Readable.from([file]));
  try {
    await tx(ctx, async (trx) => {
      const c = await courseFor(trx, courseId, null, true);
      const now = ctx.now().toISOString();
      await insertMaterial(trx, {
        id: input.key,
        course_id: courseId,
        position: await nextPosition(trx, courseId),
        kind: 'file',
        title: input.title,
        blob_id: blob.id,
        file_name: input.fileName,
        media_type: kind.type,
        size: file.length,
        url: null,
        body: null,
        min_minutes: input.minMinutes,
        created_at: now,
        updated_at: now,
      });
      await touch(ctx, trx, c);
      await audit(trx, ctx, rc, {
        action: 'training.material_add',
        targetType: MATERIAL_TARGET,
        targetId: input.key,
        details: {
          courseId,
          kind: 'file',
          title: input.title,
          file: { sha256, size: file.length, mediaType: kind.type },
        },
      });
    });
  } catch (e) {
    ctx.blobs.remove(blob.id);
    // The same key raced in by a retry: the other request added it.
    if (await findMaterial(ctx.db, courseId, input.key))
      return { created: false, course: (await courseDetailOf(ctx.db, courseId))! };
    throw e;
  }
  return { created: true, course: (await courseDetailOf(ctx.db, courseId))! };
}

/** Corrects a material (title, least time; a link's address, a text's Markdown) until the course is retired. */
export async function updateMaterial(
  ctx: AppContext,
  rc: RequestContext,
  courseId: string,
  materialId: string,
  input: UpdateMaterialInput,
): Promise<CourseDetail> {
  await manageCourses(ctx, rc, 'training.material_update', materialId);
  const m = await findMaterial(ctx.db, courseId, materialId);
  if (!m) await missingMaterial(ctx, rc, 'training.material_update', materialId);
  const kind = m!.kind;
  if (input.url !== undefined && kind !== 'link')
    throw invalid('Only a link has an address', 'material_kind_field', 'url');
  if (input.body !== undefined && kind !== 'text')
    throw invalid('Only a text material has a body', 'material_kind_field', 'body');
  if (input.url !== undefined && !isWebLink(input.url))
    throw invalid('A link must be an http or https address', 'link_scheme', 'url');
  if (input.body !== undefined && input.body.trim() === '')
    throw new AppError('validation_failed', 'The text must not be empty', { field: 'body' });
  await tx(ctx, async (trx) => {
    const c = await courseFor(trx, courseId, input.courseVersion, false);
    await updateMaterialRow(trx, materialId, {
      title: input.title,
      min_minutes: input.minMinutes,
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      updated_at: ctx.now().toISOString(),
    });
    await touch(ctx, trx, c);
    await audit(trx, ctx, rc, {
      action: 'training.material_update',
      targetType: MATERIAL_TARGET,
      targetId: materialId,
      details: { courseId, title: input.title, before: { title: m!.title, minMinutes: m!.min_minutes } },
    });
  });
  return (await courseDetailOf(ctx.db, courseId))!;
}

const missingMaterial = (
  ctx: AppContext,
  rc: RequestContext,
  action: 'training.material_update' | 'training.material_delete' | 'training.material_download',
  id: string,
) =>
  refuse(
    ctx,
    rc,
    { action, targetType: MATERIAL_TARGET, targetId: id },
    new AppError('not_found', 'Not found or no access', { problem: 'material_unknown' }),
  );

/** Deletes a material of a draft course (its file leaves the blob store once the change is committed). */
export async function deleteMaterial(
  ctx: AppContext,
  rc: RequestContext,
  courseId: string,
  materialId: string,
  courseVersion: number,
): Promise<CourseDetail> {
  await manageCourses(ctx, rc, 'training.material_delete', materialId);
  const m = await findMaterial(ctx.db, courseId, materialId);
  if (!m) await missingMaterial(ctx, rc, 'training.material_delete', materialId);
  await tx(ctx, async (trx) => {
    const c = await courseFor(trx, courseId, courseVersion, true);
    await deleteMaterialRow(trx, materialId);
    await touch(ctx, trx, c);
    await audit(trx, ctx, rc, {
      action: 'training.material_delete',
      targetType: MATERIAL_TARGET,
      targetId: materialId,
      details: { courseId, kind: m!.kind, title: m!.title },
    });
  });
  if (m!.blob_id) ctx.blobs.remove(m!.blob_id);
  return (await courseDetailOf(ctx.db, courseId))!;
}

/** Puts a draft course's materials in a new order (every material named once). */
export async function reorderMaterials(
  ctx: AppContext,
  rc: RequestContext,
  courseId: string,
  input: { version: number; materialIds: string[] },
): Promise<CourseDetail> {
  await manageCourses(ctx, rc, 'training.material_reorder', courseId);
  if (!(await findCourse(ctx.db, courseId))) await missingCourse(ctx, rc, 'training.material_reorder', courseId);
  await tx(ctx, async (trx) => {
    const c = await courseFor(trx, courseId, input.version, true);
    const current = await materialsOf(trx, courseId);
    const ids = new Set(input.materialIds);
    if (ids.size !== input.materialIds.length || ids.size !== current.length || current.some((m) => !ids.has(m.id)))
      throw invalid('Name every material of the course once', 'material_order', 'materialIds');
    for (const [i, id] of input.materialIds.entries()) await updateMaterialRow(trx, id, { position: i + 1 });
    await touch(ctx, trx, c);
    await audit(trx, ctx, rc, {
      action: 'training.material_reorder',
      targetType: COURSE_TARGET,
      targetId: courseId,
      details: { materialIds: input.materialIds },
    });
  });
  return (await courseDetailOf(ctx.db, courseId))!;
}

/** A file material's bytes, for whoever may read the course (drafts: the office), audited as a read. */
export async function readMaterialFile(ctx: AppContext, rc: RequestContext, courseId: string, materialId: string) {
  await visibleCourse(ctx, rc, 'training.material_download', courseId);
  const m = await findMaterial(ctx.db, courseId, materialId);
  if (!m || !m.blob_id) return missingMaterial(ctx, rc, 'training.material_download', materialId);
  const dir = fs.mkdtempSync(path.join(ctx.blobs.dir, '..', 'tmp-training-material-'));
  const file = path.join(dir, 'material');
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await ctx.blobs.getToFile(m.blob_id, file);
    await auditAlone(ctx, rc, {
      action: 'training.material_download',
      targetType: MATERIAL_TARGET,
      targetId: materialId,
      details: { courseId },
    });
  } catch (e) {
    cleanup();
    throw e;
  }
  const stream = fs.createReadStream(file);
  stream.once('close', cleanup);
  return {
    stream,
    mediaType: m.media_type ?? 'application/octet-stream',
    size: fs.statSync(file).size,
    fileName: m.file_name ?? 'material',
  };
}
