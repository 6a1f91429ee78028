import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { authorize, refuse } from '../../../platform/authorize.js';
import {
  actorOf,
  audit,
  auditAlone,
  newId,
  tx,
  type AppContext,
  type RequestContext,
} from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { lockRow } from '../../../platform/db/locks.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { departmentPath, getClassificationPolicy, todayOf } from '../../../platform/organisation.js';
import { dateOf } from '../../../kernel/secrecy-period.js';
import { notifyUsers } from '../../../platform/notifications/notification-service.js';
import { sniffEvidence, type EvidenceMediaType } from '../../../platform/approvals/paper-records.js';
import { releaseSignInHold } from '../../identity/index.js';
import type { paperQuery, SignatureDetail, withdrawBody } from '../contracts/signatures.js';
import { findSignature, insertSignature, withdrawalOf } from '../repositories/signature-repo.js';
import { agreementSigned } from './agreement-task.js';
import { assertMayViewPerson, obligationsFor } from './obligation-service.js';
import { SIGNATURE_TARGET, assertSignable, loadDetail, signedText, versionOrRefuse } from './signing-service.js';

/**
 * The security office's records of signatures (PER-01..04): a paper agreement signed by hand, recorded for the person
 * with its scan (PDF, PNG or JPEG, encrypted in the blob folder; the day on the paper, the version), marked as a
 * paper signature; and the withdrawal of a signature (a record of its own, with the reason: the person is then due
 * again). Never on one's own record.
 */

/** The largest scan accepted (the route's body limit). */
export const SCAN_MAX_BYTES = 10 * 1024 * 1024;
export const SCAN_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

const EXTENSIONS: Record<EvidenceMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** The person an office record is about, with their department path (the policy's resource); 400 when unknown. */
async function subjectOf(ctx: AppContext, q: Trx | AppContext['db'], userId: string) {
  const u = await q
    .selectFrom('users')
    .select(['id', 'status', 'department_id'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return u ? { ...u, departmentPath: await departmentPath(q, u.department_id) } : undefined;
}

/**
 * Records a paper signature of `input.userId` for the current version `input.versionId`, signed on `input.signedOn`
 * (not after today, not before the version was published), with its scan. The person must be asked to sign it.
 */
export async function recordPaper(
  ctx: AppContext,
  rc: RequestContext,
  input: z.infer<typeof paperQuery>,
  scan: Buffer,
  declaredType: string | undefined,
): Promise<SignatureDetail> {
  const actor = actorOf(rc);
  const event = { action: 'agreement.record_paper' as const, targetType: 'user', targetId: input.userId };
  await authorize(ctx, rc, 'agreement.record_paper', { kind: 'none' }, { audit: event });
  const subject = await subjectOf(ctx, ctx.db, input.userId);
  if (!subject) throw new AppError('bad_request', 'There is no such person', { field: 'userId' });
  await authorize(
    ctx,
    rc,
    'agreement.record_paper',
    { kind: 'agreement_person', userId: subject.id, departmentPath: subject.departmentPath },
    { audit: event },
  );
  if (subject.status !== 'active')
    throw new AppError('conflict', 'Nothing new is recorded for a disabled or departed person', {
      problem: 'person_inactive',
    });
  const v = await versionOrRefuse(ctx.db, input.versionId);
  const today = await todayOf(ctx);
  const publishedOn = dateOf(new Date(v.published_at), (await getClassificationPolicy(ctx)).timeZone);
  if (input.signedOn > today)
    throw new AppError('bad_request', 'The day signed is after today', {
      field: 'signedOn',
      problem: 'signed_on_future',
    });
  if (input.signedOn < publishedOn)
    throw new AppError('bad_request', 'The day signed is before this version was published', {
      field: 'signedOn',
      problem: 'signed_on_before_version',
    });
  assertSignable((await obligationsFor(ctx, ctx.db, [subject.id])).get(subject.id)?.obligations ?? [], v);
  // Both must say the same: the type the client declares, and the file's own first bytes.
  const declared = declaredType?.split(';')[0]!.trim().toLowerCase();
  const mediaType = scan.length ? sniffEvidence(scan) : null;
  if (!mediaType || mediaType !== declared)
    throw new AppError('bad_request', 'The scan must be a PDF, PNG or JPEG file sent as what it is', {
      problem: 'scan_type',
    });
  const sha256 = crypto.createHash('sha256').update(scan).digest('hex');
  const blob = await ctx.blobs.put(Readable.from([scan]));
  const id = newId();
  try {
    await tx(ctx, async (trx) => {
      await lockRow(trx, ctx.kind, 'users', subject.id);
      assertSignable((await obligationsFor(ctx, trx, [subject.id], today)).get(subject.id)?.obligations ?? [], v);
      const text = await signedText(ctx, trx, subject.id, v, input.signedOn);
      await insertSignature(trx, {
        id,
        user_id: subject.id,
        template_id: v.template_id,
        version_id: v.id,
        act: 'signed',
        method: 'paper',
        signed_on: input.signedOn,
        recorded_at: ctx.now().toISOString(),
        recorded_by: actor.id,
        rendered_html: text.html,
        text_hash: text.hash,
        hash_alg: text.alg,
        client_ip: null,
        blob_id: blob.id,
        withdraws_id: null,
        reason: null,
      });
      await agreementSigned(trx, v.template_id, subject.id, ctx.now().toISOString());
      await notifyUsers(trx, ctx, [subject.id], {
        notice: 'paperSignatureRecorded',
        params: { title: v.title, signedOn: input.signedOn },
        link: '/agreements',
      });
      await audit(trx, ctx, rc, {
        action: 'agreement.record_paper',
        targetType: SIGNATURE_TARGET,
        targetId: id,
        details: {
          userId: subject.id,
          templateId: v.template_id,
          versionId: v.id,
          versionNo: v.version_no,
          signedOn: input.signedOn,
          scan: { sha256, size: blob.size, mediaType },
        },
      });
      // Paper counts: a person held at sign-in for this agreement is let in.
      await releaseSignInHold(trx, ctx, subject.id);
    });
  } catch (e) {
    ctx.blobs.remove(blob.id);
    throw e;
  }
  return loadDetail(ctx.db, id);
}

/** The scan of a paper signature, for whoever may read the person's agreements (audited as a read). */
export async function readScan(ctx: AppContext, rc: RequestContext, signatureId: string) {
  const r = await findSignature(ctx.db, signatureId);
  const event = { action: 'agreement.view_scan' as const, targetType: SIGNATURE_TARGET, targetId: signatureId };
  if (!r) return refuse(ctx, rc, event, notFound());
  await assertMayViewPerson(ctx, rc, r.user_id, r.department_id, 'agreement.view_scan', {
    type: SIGNATURE_TARGET,
    id: signatureId,
  });
  if (!r.blob_id) throw notFound();
  const dir = fs.mkdtempSync(path.join(ctx.blobs.dir, '..', 'tmp-agreement-scan-'));
  const file = path.join(dir, 'scan');
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  let head: Buffer;
  try {
    await ctx.blobs.getToFile(r.blob_id, file);
    const fd = fs.openSync(file, 'r');
    head = Buffer.alloc(8);
    fs.readSync(fd, head, 0, 8, 0);
    fs.closeSync(fd);
  } catch (e) {
    cleanup();
    throw e;
  }
  const mediaType = sniffEvidence(head) ?? 'application/pdf';
  const size = fs.statSync(file).size;
  await auditAlone(ctx, rc, event).catch((e: unknown) => {
    cleanup();
    throw e;
  });
  const stream = fs.createReadStream(file);
  stream.once('close', cleanup);
  return { stream, mediaType, size, filename: `signature-${signatureId.slice(0, 8)}.${EXTENSIONS[mediaType]}` };
}

/** Withdraws a signature (the security office, with a reason): a record of its own; the person must sign again. */
export async function withdraw(
  ctx: AppContext,
  rc: RequestContext,
  signatureId: string,
  input: z.infer<typeof withdrawBody>,
): Promise<SignatureDetail> {
  const actor = actorOf(rc);
  const event = { action: 'agreement.withdraw' as const, targetType: SIGNATURE_TARGET, targetId: signatureId };
  await authorize(ctx, rc, 'agreement.withdraw', { kind: 'none' }, { audit: event });
  const r = await findSignature(ctx.db, signatureId);
  if (!r) return refuse(ctx, rc, event, notFound());
  await authorize(
    ctx,
    rc,
    'agreement.withdraw',
    {
      kind: 'agreement_person',
      userId: r.user_id,
      departmentPath: await departmentPath(ctx.db, r.department_id),
    },
    { audit: event },
  );
  if (r.act !== 'signed')
    throw new AppError('conflict', 'A withdrawal cannot itself be withdrawn', { problem: 'not_a_signature' });
  const id = newId();
  await tx(ctx, async (trx) => {
    await lockRow(trx, ctx.kind, 'users', r.user_id);
    if (await withdrawalOf(trx, signatureId))
      throw new AppError('conflict', 'This signature is already withdrawn', { problem: 'already_withdrawn' });
    await insertSignature(trx, {
      id,
      user_id: r.user_id,
      template_id: r.template_id,
      version_id: r.version_id,
      act: 'withdrawn',
      method: r.method,
      signed_on: await todayOf(ctx, trx),
      recorded_at: ctx.now().toISOString(),
      recorded_by: actor.id,
      rendered_html: null,
      text_hash: null,
      hash_alg: null,
      client_ip: null,
      blob_id: null,
      withdraws_id: signatureId,
      reason: input.reason,
    });
    await notifyUsers(trx, ctx, [r.user_id], {
      notice: 'signatureWithdrawn',
      params: { title: r.version_title, reason: input.reason },
      link: '/agreements',
    });
    await audit(trx, ctx, rc, {
      action: 'agreement.withdraw',
      targetType: SIGNATURE_TARGET,
      targetId: signatureId,
      details: {
        userId: r.user_id,
        templateId: r.template_id,
        versionNo: r.version_no,
        method: r.method,
        withdrawalId: id,
        reason: input.reason,
      },
    });
  });
  return loadDetail(ctx.db, signatureId);
}
