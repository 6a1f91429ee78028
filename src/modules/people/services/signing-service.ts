import crypto from 'node:crypto';
import type { z } from 'zod';
import { authorize, refuse } from '../../../platform/authorize.js';
import { actorOf, audit, newId, tx, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { lockRow } from '../../../platform/db/locks.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { todayOf } from '../../../platform/organisation.js';
import { hasQualification } from '../../../platform/qualifications.js';
import { confirmIdentity, releaseSignInHold } from '../../identity/index.js';
import { signProblem, type Obligation } from '../domain/obligations.js';
import type { RenderedVersion } from '../contracts/templates.js';
import type { SignatureDetail, signBody } from '../contracts/signatures.js';
import { findSignature, insertSignature, withdrawalOf, type SignatureView } from '../repositories/signature-repo.js';
import { agreementSigned } from './agreement-task.js';
import { findTemplate, findVersion, type VersionRow } from '../repositories/template-repo.js';
import { agreementSettings } from './agreement-settings.js';
import { assertMayViewPerson, obligationsFor, summaryOf } from './obligation-service.js';
import { placeholderValuesFor, placeholdersIn, renderAgreement } from './render.js';
import { renderVersionFor } from './template-reads.js';

/**
 * Signing an agreement (PER-01..03): the person reads the current version rendered for them and signs it with their
 * password re-entered (and a code from their authenticator where one is enrolled). The signature keeps the day, the
 * version, the exact HTML signed, its hash (the organisation's algorithm: SHA-256 or SM3) and the client address;
 * it is never changed afterwards. Signing what held the person at sign-in releases the hold.
 */
export const SIGNATURE_TARGET = 'agreement_signature';

const PROBLEM_TEXT = {
  not_required: 'You need not sign this agreement',
  superseded_version: 'This version is no longer current: read and sign the current one',
  already_signed: 'You have already signed the current version',
} as const;

/** Refuses signing (electronically or on paper) what the rule does not ask of the person now. */
export function assertSignable(obligations: readonly Obligation[], version: VersionRow): void {
  const problem = signProblem(obligations, version.template_id, version.id);
  if (problem === null) return;
  throw new AppError(problem === 'not_required' ? 'bad_request' : 'conflict', PROBLEM_TEXT[problem], { problem });
}

/** The version a request names, or 400 `version_unknown` (nothing recorded: the input is wrong). */
export async function versionOrRefuse(q: Trx | AppContext['db'], versionId: string): Promise<VersionRow> {
  const v = await findVersion(q, versionId);
  if (!v)
    throw new AppError('bad_request', 'No such agreement version', { problem: 'version_unknown', field: 'versionId' });
  return v;
}

/** The hash of a signed text, hex, with the organisation's algorithm. */
export function textHash(alg: 'sha256' | 'sm3', html: string): string {
  return crypto.createHash(alg).update(html, 'utf8').digest('hex');
}

/** The text a person signs: the version rendered for them, dated the day they sign. */
export async function signedText(ctx: AppContext, q: Trx, userId: string, v: VersionRow, signedOn: string) {
  const values = await placeholderValuesFor(ctx, q, userId, v.duties, signedOn);
  const { html, dutiesHtml } = renderAgreement(v.body, v.duties, values);
  // The duty description shows with the letter even when the body does not place it.
  const full = dutiesHtml !== null && !placeholdersIn(v.body).includes('duties') ? html + dutiesHtml : html;
  const alg = ctx.config.auditHash;
  return { html: full, hash: textHash(alg, full), alg };
}

export function detailOf(r: SignatureView, withdrawn: boolean): SignatureDetail {
  return {
    ...summaryOf(r, withdrawn),
    renderedHtml: r.rendered_html,
    textHash: r.text_hash,
    hashAlg: r.hash_alg,
    clientIp: r.client_ip,
  };
}

export async function loadDetail(q: Trx | AppContext['db'], id: string): Promise<SignatureDetail> {
  const r = (await findSignature(q, id))!;
  return detailOf(r, (await withdrawalOf(q, id)) !== undefined);
}

/** The current version of a template the caller must sign, rendered for them. */
export async function myText(ctx: AppContext, rc: RequestContext, templateId: string): Promise<RenderedVersion> {
  const actor = actorOf(rc);
  const mine = (await obligationsFor(ctx, ctx.db, [actor.id])).get(actor.id);
  const o = mine?.obligations.find((x) => x.templateId === templateId);
  const current = o
    ? o.versionId
    : ((
        await ctx.db
          .selectFrom('agreement_versions as v')
          .innerJoin('agreement_templates as t', (j) =>
            j.onRef('t.id', '=', 'v.template_id').onRef('t.current_version', '=', 'v.version_no'),
          )
          .select('v.id')
          .where('t.id', '=', templateId)
          .executeTakeFirst()
      )?.id ?? '00000000-0000-4000-8000-000000000000');
  return renderVersionFor(ctx, rc, templateId, current);
}

/**
 * Signs the current version of an agreement the caller must sign; returns the signature and whether the caller's
 * sessions held at sign-in were released (nothing holds them any longer).
 */
export async function sign(
  ctx: AppContext,
  rc: RequestContext,
  input: z.infer<typeof signBody>,
): Promise<{ signature: SignatureDetail; released: boolean }> {
  const actor = actorOf(rc);
  const event = { action: 'agreement.sign' as const, targetType: 'agreement_version', targetId: input.versionId };
  await authorize(
    ctx,
    rc,
    'agreement.sign',
    { kind: 'agreement_person', userId: actor.id, departmentPath: [] },
    {
      audit: event,
    },
  );
  const v = await versionOrRefuse(ctx.db, input.versionId);
  // What the rule asks is checked before the password, so a wrong request costs no attempt.
  assertSignable((await obligationsFor(ctx, ctx.db, [actor.id])).get(actor.id)?.obligations ?? [], v);
  // PER-03: where the organisation says so, the commitment letter waits for the onboarding training.
  if (
    (await findTemplate(ctx.db, v.template_id))?.kind === 'commitment' &&
    (await agreementSettings(ctx)).commitmentAfterTraining &&
    !(await hasQualification(ctx, ctx.db, actor.id, { kind: 'onboarding' }, ctx.now()))
  )
    await refuse(
      ctx,
      rc,
      { ...event, details: { reason: 'training_required', templateId: v.template_id } },
      new AppError('conflict', 'Complete the onboarding training before signing the commitment letter', {
        problem: 'training_required',
      }),
    );
  // Any second factor the person holds: a code from the app or a token, or a security key.
  const factor = { code: input.totpCode ?? null, assertion: input.assertion ?? null };
  const refused = await confirmIdentity(ctx, rc, actor.id, input.password, factor, (trx, reason) =>
    audit(trx, ctx, rc, { ...event, result: 'denied', details: { reason, templateId: v.template_id } }),
  );
  if (refused === 'totp_required')
    throw new AppError('validation_failed', 'Enter the code from your authenticator', {
      field: 'totpCode',
      problem: 'wrong_totp',
    });
  if (refused === 'wrong_password')
    throw new AppError('forbidden', 'The password is wrong', { field: 'password', problem: 'wrong_password' });
  if (refused === 'wrong_totp')
    throw new AppError('forbidden', 'The code is wrong, expired or was already used', {
      field: 'totpCode',
      problem: 'wrong_totp',
    });
  const id = newId();
  const moved = await tx(ctx, async (trx) => {
    // One signature at a time per person: two sent at once cannot both pass the check.
    await lockRow(trx, ctx.kind, 'users', actor.id);
    const today = await todayOf(ctx, trx);
    assertSignable((await obligationsFor(ctx, trx, [actor.id], today)).get(actor.id)?.obligations ?? [], v);
    const text = await signedText(ctx, trx, actor.id, v, today);
    await insertSignature(trx, {
      id,
      user_id: actor.id,
      template_id: v.template_id,
      version_id: v.id,
      act: 'signed',
      method: 'electronic',
      signed_on: today,
      recorded_at: ctx.now().toISOString(),
      recorded_by: actor.id,
      rendered_html: text.html,
      text_hash: text.hash,
      hash_alg: text.alg,
      client_ip: rc.ip,
      blob_id: null,
      withdraws_id: null,
      reason: null,
    });
    await agreementSigned(trx, v.template_id, actor.id, ctx.now().toISOString());
    await audit(trx, ctx, rc, {
      action: 'agreement.sign',
      targetType: SIGNATURE_TARGET,
      targetId: id,
      details: {
        templateId: v.template_id,
        versionId: v.id,
        versionNo: v.version_no,
        method: 'electronic',
        hash: text.hash,
        hashAlg: text.alg,
      },
    });
    return releaseSignInHold(trx, ctx, actor.id);
  });
  return { signature: await loadDetail(ctx.db, id), released: moved };
}

/** One signature record, for the person, the office, or a head or officer above them; else 404, audited. */
export async function getSignature(ctx: AppContext, rc: RequestContext, id: string): Promise<SignatureDetail> {
  const r = await findSignature(ctx.db, id);
  if (!r)
    return refuse(ctx, rc, { action: 'agreement.view_person', targetType: SIGNATURE_TARGET, targetId: id }, notFound());
  await assertMayViewPerson(ctx, rc, r.user_id, r.department_id, 'agreement.view_person', {
    type: SIGNATURE_TARGET,
    id,
  });
  return detailOf(r, (await withdrawalOf(ctx.db, id)) !== undefined);
}
