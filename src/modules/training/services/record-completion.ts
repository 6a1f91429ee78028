import type { z } from 'zod';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { lockRow } from '../../../platform/db/locks.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { todayOf } from '../../../platform/organisation.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';
import type { CompletionDto, recordCompletionQuery } from '../contracts/records.js';
import { courseBrief, findCompletion } from '../repositories/record-repo.js';
import { insertCompletion } from './completion-writer.js';
import {
  EXTENSIONS,
  assertMayViewTraining,
  checkedFile,
  readStoredFile,
  storeFile,
  trainingSubject,
  type RecordFile,
} from './record-access.js';

/**
 * Completions the security office records: training held outside Baomi (a lecture by the local secrecy bureau, a
 * department's own meeting), with its evidence (a sign-in sheet, a certificate: PDF, PNG or JPEG). Written as every
 * completion is (`insertCompletion`, source `recorded`): numbered, counted in its round, meeting open follow-up
 * tasks. Never on one's own record (the policy). The evidence is read by whoever may read the person's training.
 */
export async function recordCompletion(
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  input: z.infer<typeof recordCompletionQuery>,
  file: Buffer,
  declaredType: string | undefined,
): Promise<CompletionDto> {
  const actor = actorOf(rc);
  const event = { action: 'training.record_completion' as const, targetType: 'user', targetId: userId };
  await authorize(ctx, rc, 'training.record_completion', { kind: 'none' }, { audit: event });
  const subject = await trainingSubject(ctx.db, userId);
  if (!subject) throw notFound();
  await authorize(
    ctx,
    rc,
    'training.record_completion',
    { kind: 'training_person', userId, departmentPath: subject.departmentPath },
    { audit: event, message: 'Nobody records training on their own record' },
  );
  if (subject.status !== 'active')
    throw new AppError('conflict', 'Nothing new is recorded for a disabled or departed person', {
      problem: 'person_inactive',
    });
  const course = await courseBrief(ctx.db, input.courseId);
  if (!course)
    throw new AppError('bad_request', 'There is no such course', { field: 'courseId', problem: 'course_unknown' });
  if (course.status === 'draft')
    throw new AppError('conflict', 'A draft course is not completed', { problem: 'course_not_published' });
  const today = await todayOf(ctx);
  if (input.completedOn > today)
    throw new AppError('bad_request', 'The day completed is after today', {
      field: 'completedOn',
      problem: 'completed_on_future',
    });
  // The same upload sent again (a retry after a lost answer): the completion it recorded, once.
  const again = async () => {
    const found = input.key ? await findCompletion(ctx.db, input.key) : undefined;
    if (found && (found.userId !== userId || found.dto.courseId !== course.id || found.dto.source !== 'recorded'))
      throw new AppError('conflict', 'This upload key was used for another record');
    return found?.dto;
  };
  const made = await again();
  if (made) return made;
  const mediaType = checkedFile(file, declaredType);
  const stored = await storeFile(ctx, file);
  let id: string;
  try {
    id = await tx(ctx, async (trx) => {
      await lockRow(trx, ctx.kind, 'users', userId);
      const c = await insertCompletion(trx, ctx, {
        ...(input.key ? { id: input.key } : {}),
        userId,
        courseId: course.id,
        completedOn: input.completedOn,
        source: 'recorded',
        evidenceBlobId: stored.blobId,
        note: input.note || null,
        recordedBy: actor.id,
      });
      await notifyUsers(trx, ctx, [userId], {
        notice: 'trainingCompletionRecorded',
        params: { title: course.title, completedOn: input.completedOn, certificateNo: c.certificateNo },
        link: '/training',
      });
      await audit(trx, ctx, rc, {
        action: 'training.record_completion',
        targetType: 'training_completion',
        targetId: c.id,
        details: {
          userId,
          courseId: course.id,
          completedOn: input.completedOn,
          round: c.round,
          certificateNo: c.certificateNo,
          evidence: { sha256: stored.sha256, size: stored.size, mediaType },
        },
      });
      return c.id;
    });
  } catch (e) {
    ctx.blobs.remove(stored.blobId);
    // Raced in by a retry with the same key: the other request recorded it.
    const raced = await again().catch(() => undefined);
    if (raced) return raced;
    throw e;
  }
  return (await findCompletion(ctx.db, id))!.dto;
}

/** The evidence of a recorded completion, for whoever may read the person's training (audited as a read). */
export async function readCompletionEvidence(
  ctx: AppContext,
  rc: RequestContext,
  completionId: string,
): Promise<RecordFile> {
  const event = {
    action: 'training.view_evidence' as const,
    targetType: 'training_completion',
    targetId: completionId,
  };
  const found = await findCompletion(ctx.db, completionId);
  if (!found) return refuse(ctx, rc, event, notFound());
  const subject = await trainingSubject(ctx.db, found.userId);
  await assertMayViewTraining(ctx, rc, found.userId, subject?.department_id ?? null, 'training.view_evidence', {
    type: 'training_completion',
    id: completionId,
  });
  if (!found.evidenceBlobId) throw notFound();
  return readStoredFile(ctx, rc, found.evidenceBlobId, (t) => `${found.dto.certificateNo}-evidence.${EXTENSIONS[t]}`, {
    ...event,
    details: { userId: found.userId, certificateNo: found.dto.certificateNo },
  });
}
