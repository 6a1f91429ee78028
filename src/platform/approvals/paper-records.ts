import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { dateOf } from '../../kernel/secrecy-period.js';
import type { Actor } from '../../kernel/actor.js';
import { authorize, refuse } from '../authorize.js';
import { AppError, forbidden, notFound, UniqueConflict } from '../errors.js';
import { actorOf, audit, auditAlone, tx, type AppContext, type RequestContext } from '../context.js';
import { findUserById, toActor } from '../modules.js';
import { getClassificationPolicy, withAccess } from '../organisation.js';
import { loadViewable } from './approval-service.js';
import { decideLoaded, type DecisionInput } from './decide.js';

/**
 * Paper is still the legal record in many offices: an approver signs the form, and the confidentiality office
 * records that decision in Baomi on the approver's behalf with the scanned form attached. The scan is uploaded
 * first (encrypted into the blob folder, `approval_evidence` says whose request it belongs to); recording then
 * takes the one decision path (decide.ts) for the approver: every rule of the engine holds for them, and the
 * audit trail names the recorder as the actor (`approval.record_paper`).
 */

/** The largest scan accepted (the route's body limit). */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

const SIGNATURES: [EvidenceMediaType, Buffer][] = [
  ['application/pdf', Buffer.from('%PDF-')],
  ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff])],
];

/** What the file is, from its first bytes (never from what the client says it is); null: none of the three. */
export function sniffEvidence(body: Buffer): EvidenceMediaType | null {
  for (const [type, magic] of SIGNATURES) if (body.subarray(0, magic.length).equals(magic)) return type;
  return null;
}

const EXTENSIONS: Record<EvidenceMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** The signed date and the approver's words, as the task's comment keeps them (read back by `splitPaperComment`). */
const SIGNED = /^signed on (\d{4}-\d{2}-\d{2})(?:\n([\s\S]*))?$/;

export function paperComment(signedOn: string, comment: string | null | undefined): string {
  return comment ? `signed on ${signedOn}\n${comment}` : `signed on ${signedOn}`;
}

export function splitPaperComment(stored: string | null): { signedOn: string | null; comment: string | null } {
  const m = stored ? SIGNED.exec(stored) : null;
  return m ? { signedOn: m[1]!, comment: m[2] ?? null } : { signedOn: null, comment: stored };
}

const event = (action: 'approval.record_paper' | 'approval.evidence_upload', id: string) => ({
  action,
  targetType: 'approval_request',
  targetId: id,
});

/** Who may record paper decisions (the confidentiality office), on a request they may view. */
async function recorderOn(ctx: AppContext, rc: RequestContext, id: string, action: Parameters<typeof event>[0]) {
  const recorder = await withAccess(ctx, actorOf(rc));
  await authorize(ctx, rc, 'approval.record_paper', { kind: 'none' }, { actor: recorder, audit: event(action, id) });
  const loaded = await loadViewable(ctx, rc, recorder, id, action);
  return { recorder, loaded };
}

export interface EvidenceAnswer {
  evidenceId: string;
  sha256: string;
  size: number;
}

/**
 * Stores the scanned form of a paper decision for request `id`. The same bytes uploaded again for the same
 * request answer the scan already stored (nothing new is written).
 */
export async function uploadEvidence(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  body: Buffer,
  declaredType: string | undefined,
): Promise<EvidenceAnswer> {
  const { loaded } = await recorderOn(ctx, rc, id, 'approval.evidence_upload');
  if (loaded.req.status !== 'pending')
    throw new AppError('conflict', 'This request has already been decided', { problem: 'already_decided' });
  if (body.length === 0) throw new AppError('bad_request', 'The scan is empty', { problem: 'evidence_empty' });
  // Both must say the same: the type the client declares, and the file's own first bytes.
  const declared = declaredType?.split(';')[0]!.trim().toLowerCase();
  const mediaType = sniffEvidence(body);
  if (!mediaType || mediaType !== declared)
    throw new AppError(
      'bad_request',
      mediaType
        ? `The file is a ${EXTENSIONS[mediaType].toUpperCase()} file; send it with Content-Type ${mediaType}`
        : 'The scan must be a PDF, PNG or JPEG file',
      { problem: 'evidence_type' },
    );
  const sha256 = crypto.createHash('sha256').update(body).digest('hex');
  const existing = () =>
    ctx.db
      .selectFrom('approval_evidence')
      .select(['id', 'sha256', 'size'])
      .where('request_id', '=', id)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
  const answer = (r: { id: string; sha256: string; size: number }) => ({
    evidenceId: r.id,
    sha256: r.sha256,
    size: Number(r.size),
  });
  const known = await existing();
  if (known) return answer(known);
  const blob = await ctx.blobs.put(Readable.from([body]));
  try {
    await tx(ctx, async (trx) => {
      await trx
        .insertInto('approval_evidence')
        .values({
          id: blob.id,
          request_id: id,
          sha256: blob.sha256,
          size: blob.size,
          media_type: mediaType,
          uploaded_by: actorOf(rc).id,
          uploaded_at: ctx.now().toISOString(),
        })
        .execute();
      await audit(trx, ctx, rc, {
        ...event('approval.evidence_upload', id),
        details: { number: loaded.req.number, evidenceId: blob.id, sha256, size: blob.size, mediaType },
      });
    });
  } catch (e) {
    ctx.blobs.remove(blob.id);
    // The same bytes uploaded at the same moment: the other upload's row is the scan.
    const raced = e instanceof UniqueConflict ? await existing() : undefined;
    if (raced) return answer(raced);
    throw e;
  }
  return answer(blob);
}

/** The approver as the policy judges them, or null when there is no such person. */
async function approverActor(ctx: AppContext, approverId: string): Promise<Actor | null> {
  const row = await findUserById(ctx.db, approverId);
  return row ? withAccess(ctx, toActor(row)) : null;
}

/** A real calendar date, not after today, not before the request was submitted (in the organisation's time zone). */
async function signedOnProblem(ctx: AppContext, signedOn: string, createdAt: string): Promise<string | null> {
  const d = new Date(`${signedOn}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== signedOn) return 'is not a calendar date';
  const tz = (await getClassificationPolicy(ctx)).timeZone;
  if (signedOn > dateOf(ctx.now(), tz)) return 'is in the future';
  if (signedOn < dateOf(new Date(createdAt), tz)) return 'is before the request was submitted';
  return null;
}

export interface RecordPaperInput extends DecisionInput {
  approverId: string;
  signedOn: string;
  evidenceId: string;
}

/** Records the decision `approverId` signed on paper, as if they had decided the current step in Baomi. */
export async function recordPaperDecision(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  input: RecordPaperInput,
): Promise<void> {
  const { recorder, loaded } = await recorderOn(ctx, rc, id, 'approval.record_paper');
  const acting = { ...rc, actor: recorder };
  if (input.approverId === recorder.id) {
    await refuse(
      ctx,
      acting,
      { ...event('approval.record_paper', id), details: { reason: 'recorder_is_approver' } },
      new AppError('forbidden', 'Your own decision you take in Baomi; record only what another approver signed', {
        problem: 'recorder_is_approver',
      }),
    );
  }
  const approver = await approverActor(ctx, input.approverId);
  if (!approver) {
    await refuse(
      ctx,
      acting,
      {
        ...event('approval.record_paper', id),
        details: { reason: 'not_current_approver', approverId: input.approverId },
      },
      forbidden('The approver is not a pending approver of the current step cleared for its level'),
    );
    return;
  }
  const evidence = await ctx.db
    .selectFrom('approval_evidence')
    .select(['id', 'sha256'])
    .where('id', '=', input.evidenceId)
    .where('request_id', '=', id)
    .executeTakeFirst();
  if (!evidence)
    throw new AppError('validation_failed', 'Upload the scanned paper form of this request first', {
      problem: 'evidence_missing',
      field: 'evidenceId',
    });
  const dateProblem = await signedOnProblem(ctx, input.signedOn, loaded.req.created_at);
  if (dateProblem)
    throw new AppError('validation_failed', `The date signed ${dateProblem}`, {
      problem: 'signed_on_invalid',
      field: 'signedOn',
    });
  await decideLoaded(ctx, acting, loaded, approver, input, {
    signedOn: input.signedOn,
    evidenceId: evidence.id,
    evidenceSha256: evidence.sha256,
    storedComment: paperComment(input.signedOn, input.comment),
  });
}

export interface EvidenceFile {
  stream: fs.ReadStream;
  mediaType: string;
  size: number;
  filename: string;
}

/**
 * The scan of a recorded decision, for whoever may view the request (audited as a read): decrypted to a temp
 * file in the data directory, which goes once streamed.
 */
export async function readEvidence(
  ctx: AppContext,
  rc: RequestContext,
  id: string,
  evidenceId: string,
): Promise<EvidenceFile> {
  const viewer = await withAccess(ctx, actorOf(rc));
  const loaded = await loadViewable(ctx, rc, viewer, id, 'approval.evidence_view');
  const row = await ctx.db
    .selectFrom('approval_evidence')
    .select(['id', 'sha256', 'size', 'media_type'])
    .where('id', '=', evidenceId)
    .where('request_id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  const dir = fs.mkdtempSync(path.join(ctx.blobs.dir, '..', 'tmp-evidence-'));
  const file = path.join(dir, 'scan');
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await ctx.blobs.getToFile(row.id, file);
  } catch (e) {
    cleanup();
    throw e;
  }
  const stream = fs.createReadStream(file);
  stream.once('close', cleanup);
  await auditAlone(
    ctx,
    { ...rc, actor: viewer },
    {
      action: 'approval.evidence_view',
      targetType: 'approval_request',
      targetId: id,
      details: { number: loaded.req.number, evidenceId: row.id, sha256: row.sha256 },
    },
  ).catch((e: unknown) => {
    stream.destroy();
    throw e;
  });
  const mediaType = row.media_type as EvidenceMediaType;
  return {
    stream,
    mediaType,
    size: Number(row.size),
    filename: `${loaded.req.number}-${row.id.slice(0, 8)}.${EXTENSIONS[mediaType] ?? 'bin'}`,
  };
}
