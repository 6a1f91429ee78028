import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { authorize } from '../../../platform/authorize.js';
import { auditAlone, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { AppError } from '../../../platform/errors.js';
import { departmentPath } from '../../../platform/organisation.js';
import { sniffEvidence, type EvidenceMediaType } from '../../../platform/approvals/paper-records.js';
import type { AuditAction } from '../../../platform/contracts/audit-actions.js';

/**
 * What the records part shares: who may read a person's training (the person, the office, a head or officer above
 * them; refused reads answer 404, audited), the person an office record is about, and the files kept with records
 * (evidence of a recorded completion, an external certificate): PDF, PNG or JPEG, checked against their first bytes,
 * encrypted in the blob store, read back to a temporary file that goes once streamed.
 */
type Q = Db | Trx;

/** The largest evidence or certificate file accepted (the routes' body limit). */
export const RECORD_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const RECORD_FILE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const EXTENSIONS: Record<EvidenceMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** A person as the policy's `training_person` resource, or undefined when there is no such person. */
export async function trainingSubject(q: Q, userId: string) {
  const u = await q
    .selectFrom('users')
    .select(['id', 'status', 'department_id', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return u ? { ...u, departmentPath: await departmentPath(q, u.department_id) } : undefined;
}

/** Refuses (404, audited) whoever may not read this person's training. */
export async function assertMayViewTraining(
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  departmentId: string | null,
  action: AuditAction,
  target: { type: string; id: string } = { type: 'user', id: userId },
): Promise<void> {
  await authorize(
    ctx,
    rc,
    'training.view_person',
    { kind: 'training_person', userId, departmentPath: await departmentPath(ctx.db, departmentId) },
    { audit: { action, targetType: target.type, targetId: target.id }, hideExistence: true },
  );
}

/** The uploaded file's type from its first bytes, which must agree with the type the client declares. */
export function checkedFile(file: Buffer, declaredType: string | undefined): EvidenceMediaType {
  if (file.length === 0) throw new AppError('bad_request', 'The file is empty', { problem: 'record_file_empty' });
  const declared = declaredType?.split(';')[0]!.trim().toLowerCase();
  const mediaType = sniffEvidence(file);
  if (!mediaType || mediaType !== declared)
    throw new AppError('bad_request', 'The file must be a PDF, PNG or JPEG file sent as what it is', {
      problem: 'record_file_type',
    });
  return mediaType;
}

/** Stores the file encrypted; the caller removes it when its transaction fails. */
export async function storeFile(ctx: AppContext, file: Buffer) {
  const sha256 = crypto.createHash('sha256').update(file).digest('hex');
  const blob = await ctx.blobs.put(Readable.from([file]));
  return { blobId: blob.id, size: blob.size, sha256 };
}

export interface RecordFile {
  stream: fs.ReadStream;
  mediaType: string;
  size: number;
  filename: string;
}

/** Decrypts a stored file to a temporary file, audits the read, and streams it (the temporary file goes after). */
export async function readStoredFile(
  ctx: AppContext,
  rc: RequestContext,
  blobId: string,
  filename: (mediaType: EvidenceMediaType) => string,
  event: { action: AuditAction; targetType: string; targetId: string; details?: Record<string, unknown> },
): Promise<RecordFile> {
  const dir = fs.mkdtempSync(path.join(ctx.blobs.dir, '..', 'tmp-training-file-'));
  const file = path.join(dir, 'file');
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  let head: Buffer;
  try {
    await ctx.blobs.getToFile(blobId, file);
    const fd = fs.openSync(file, 'r');
    head = Buffer.alloc(8);
    fs.readSync(fd, head, 0, 8, 0);
    fs.closeSync(fd);
    await auditAlone(ctx, rc, event);
  } catch (e) {
    cleanup();
    throw e;
  }
  const mediaType = sniffEvidence(head) ?? 'application/pdf';
  const size = fs.statSync(file).size;
  const stream = fs.createReadStream(file);
  stream.once('close', cleanup);
  return { stream, mediaType, size, filename: filename(mediaType) };
}
