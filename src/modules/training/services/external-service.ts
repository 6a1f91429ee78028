import type { z } from 'zod';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { todayOf } from '../../../platform/organisation.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';
import type { ExternalDto, recordExternalQuery } from '../contracts/records.js';
import { findExternal, insertExternal } from '../repositories/record-repo.js';
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
 * External courses and certificates (TRN-11): training a person took outside (a course by the secrecy bureau, a
 * professional certificate), recorded by the person or by the security office for them, with the certificate file
 * (PDF, PNG or JPEG, encrypted). Kept on the person's record; the file is read by whoever may read that record.
 */
export async function recordExternal(
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  input: z.infer<typeof recordExternalQuery>,
  file: Buffer,
  declaredType: string | undefined,
): Promise<ExternalDto> {
  const actor = actorOf(rc);
  const event = { action: 'training.record_external' as const, targetType: 'user', targetId: userId };
  const subject = await trainingSubject(ctx.db, userId);
  // Someone else's record: 403 to whoever may read it, else 404 (nobody by that id answers the same).
  await authorize(
    ctx,
    rc,
    'training.record_external',
    { kind: 'training_person', userId, departmentPath: subject?.departmentPath ?? [] },
    { audit: event, hideExistence: 'training.view_person' },
  );
  if (!subject) throw notFound();
  if (subject.status !== 'active')
    throw new AppError('conflict', 'Nothing new is recorded for a disabled or departed person', {
      problem: 'person_inactive',
    });
  const today = await todayOf(ctx);
  if (input.completedOn > today)
    throw new AppError('bad_request', 'The day obtained is after today', {
      field: 'completedOn',
      problem: 'completed_on_future',
    });
  if (input.expiresOn !== undefined && input.expiresOn < input.completedOn)
    throw new AppError('bad_request', 'The certificate expires before it was obtained', {
      field: 'expiresOn',
      problem: 'external_expiry_before',
    });
  // The same upload sent again (a retry after a lost answer): the record it made, once.
  const again = async () => {
    const found = input.key ? await findExternal(ctx.db, input.key) : undefined;
    if (found && found.dto.userId !== userId)
      throw new AppError('conflict', 'This upload key was used for another record');
    return found?.dto;
  };
  const made = await again();
  if (made) return made;
  const mediaType = checkedFile(file, declaredType);
  const stored = await storeFile(ctx, file);
  const id = input.key ?? newId();
  try {
    await tx(ctx, async (trx) => {
      await insertExternal(trx, {
        id,
        user_id: userId,
        title: input.title,
        provider: input.provider,
        completed_on: input.completedOn,
        expires_on: input.expiresOn ?? null,
        certificate_no: input.certificateNo || null,
        blob_id: stored.blobId,
        file_name: input.fileName || `certificate.${EXTENSIONS[mediaType]}`,
        media_type: mediaType,
        size: stored.size,
        note: input.note || null,
        recorded_by: actor.id,
        recorded_at: ctx.now().toISOString(),
      });
      if (userId !== actor.id)
        await notifyUsers(trx, ctx, [userId], {
          notice: 'trainingExternalRecorded',
          params: { title: input.title, provider: input.provider },
          link: '/training',
        });
      await audit(trx, ctx, rc, {
        action: 'training.record_external',
        targetType: 'training_external',
        targetId: id,
        details: {
          userId,
          title: input.title,
          provider: input.provider,
          completedOn: input.completedOn,
          expiresOn: input.expiresOn ?? null,
          certificateNo: input.certificateNo || null,
          file: { sha256: stored.sha256, size: stored.size, mediaType },
        },
      });
    });
  } catch (e) {
    ctx.blobs.remove(stored.blobId);
    // Raced in by a retry with the same key: the other request recorded it.
    const raced = await again().catch(() => undefined);
    if (raced) return raced;
    throw e;
  }
  return (await findExternal(ctx.db, id))!.dto;
}

/** The certificate file of an external record, for whoever may read the person's training (audited as a read). */
export async function readExternalFile(ctx: AppContext, rc: RequestContext, id: string): Promise<RecordFile> {
  const event = { action: 'training.view_external' as const, targetType: 'training_external', targetId: id };
  const found = await findExternal(ctx.db, id);
  if (!found) return refuse(ctx, rc, event, notFound());
  const subject = await trainingSubject(ctx.db, found.dto.userId);
  await assertMayViewTraining(ctx, rc, found.dto.userId, subject?.department_id ?? null, 'training.view_external', {
    type: 'training_external',
    id,
  });
  return readStoredFile(ctx, rc, found.blobId, (t) => `external-${id.slice(0, 8)}.${EXTENSIONS[t]}`, {
    ...event,
    details: { userId: found.dto.userId },
  });
}
