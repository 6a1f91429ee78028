import { ENFORCED_KINDS, type AgreementKind } from '../../../kernel/agreements.js';
import { dateOf } from '../../../kernel/secrecy-period.js';
import { authorize } from '../../../platform/authorize.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { notFound } from '../../../platform/errors.js';
import { departmentPath, getClassificationPolicy } from '../../../platform/organisation.js';
import { holdsAtSignIn, type Obligation } from '../domain/obligations.js';
import { can, type AgreementPersonResource } from '../../../policy/index.js';
import type { ObligationDto, PersonAgreementsDto, SignatureSummary } from '../contracts/signatures.js';
import { signaturesOfPerson, type SignatureView } from '../repositories/signature-repo.js';
import { obligationsOfPeople, type PersonObligations } from './people-facts.js';

/**
 * Who must sign what, as the people concerned and the office read it: the obligations of a list of people (one
 * read of templates, signatures and settings for all of them), a person's own list, the sign-in gate (PER-01/02),
 * and a person's agreements with their signature history.
 */
type Q = Db | Trx;

/** The obligations of these people (any status), by person: batched, one set of reads for the whole list. */
export async function obligationsFor(
  ctx: AppContext,
  q: Q,
  userIds: readonly string[],
  today?: string,
): Promise<Map<string, PersonObligations>> {
  const out = new Map<string, PersonObligations>();
  for (let i = 0; i < userIds.length; i += 500) {
    const batch = await obligationsOfPeople(ctx, q, { userIds: userIds.slice(i, i + 500) }, today);
    for (const p of batch) out.set(p.person.facts.id, p);
  }
  return out;
}

/** The sign-in gate of the people module: an NDA or responsibility letter past its grace period holds the person. */
export async function agreementsGate(ctx: AppContext, q: Q, userId: string, now: Date): Promise<boolean> {
  const today = dateOf(now, (await getClassificationPolicy(ctx, q)).timeZone);
  const mine = (await obligationsFor(ctx, q, [userId], today)).get(userId);
  return mine !== undefined && holdsAtSignIn(mine.obligations);
}

/** Titles and duty texts of the templates' current versions the obligations name. */
async function versionTexts(q: Q, versionIds: readonly string[]) {
  if (versionIds.length === 0) return new Map<string, { title: string; duties: string | null }>();
  const rows = await q
    .selectFrom('agreement_versions')
    .select(['id', 'title', 'duties'])
    .where('id', 'in', [...new Set(versionIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, duties: r.duties }]));
}

/** Obligations as the API shows them (title and duties of the current version). */
export async function obligationDtos(q: Q, obligations: readonly Obligation[]): Promise<ObligationDto[]> {
  const texts = await versionTexts(
    q,
    obligations.map((o) => o.versionId),
  );
  return obligations.map((o) => ({
    templateId: o.templateId,
    title: texts.get(o.versionId)?.title ?? '',
    kind: o.kind,
    versionId: o.versionId,
    versionNo: o.versionNo,
    state: o.state,
    dueOn: o.dueOn,
    expiresOn: o.expiresOn,
    signatureId: o.signatureId,
    duties: texts.get(o.versionId)?.duties ?? null,
    enforced: ENFORCED_KINDS.includes(o.kind),
  }));
}

/** The caller's own obligations (everyone, a held session too). */
export async function myObligations(
  ctx: AppContext,
  rc: RequestContext,
): Promise<{ items: ObligationDto[]; held: boolean }> {
  const actor = actorOf(rc);
  await authorize(
    ctx,
    rc,
    'agreement.view_own',
    { kind: 'none' },
    { audit: { action: 'agreement.view_person', targetType: 'user', targetId: actor.id } },
  );
  const mine = (await obligationsFor(ctx, ctx.db, [actor.id])).get(actor.id);
  const obligations = mine?.obligations ?? [];
  return { items: await obligationDtos(ctx.db, obligations), held: holdsAtSignIn(obligations) };
}

/** The signature records as the history lists them: each signature says whether a later record withdrew it. */
export function signatureSummaries(rows: readonly SignatureView[]): SignatureSummary[] {
  const withdrawn = new Set(rows.filter((r) => r.act === 'withdrawn' && r.withdraws_id).map((r) => r.withdraws_id!));
  return rows.map((r) => summaryOf(r, withdrawn.has(r.id)));
}

export function summaryOf(r: SignatureView, withdrawn: boolean): SignatureSummary {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    templateId: r.template_id,
    templateTitle: r.template_title,
    kind: r.kind as AgreementKind,
    versionId: r.version_id,
    versionNo: r.version_no,
    act: r.act as SignatureSummary['act'],
    method: r.method as SignatureSummary['method'],
    signedOn: r.signed_on,
    recordedAt: r.recorded_at,
    recordedByName: r.recorder_name,
    withdrawsId: r.withdraws_id,
    withdrawn,
    reason: r.reason,
    hasScan: r.blob_id !== null,
  };
}

/**
 * Where the policy lets the caller read a person's agreements (themselves, the security administrator, a head or
 * officer of a department above them): otherwise 404 "not found or no access", audited, as for a person who does
 * not exist.
 */
export async function assertMayViewPerson(
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
  departmentId: string | null,
  action: 'agreement.view_person' | 'agreement.print_signed' | 'agreement.view_scan',
  target: { type: string; id: string } = { type: 'user', id: userId },
): Promise<void> {
  await authorize(
    ctx,
    rc,
    'agreement.view_person',
    { kind: 'agreement_person', userId, departmentPath: await departmentPath(ctx.db, departmentId) },
    { audit: { action, targetType: target.type, targetId: target.id }, hideExistence: true },
  );
}

/** A person's obligations and signature history, for them, the office, or a head or officer above them. */
export async function personAgreements(
  ctx: AppContext,
  rc: RequestContext,
  userId: string,
): Promise<PersonAgreementsDto> {
  const found = (await obligationsFor(ctx, ctx.db, [userId])).get(userId);
  if (!found) {
    // Nobody by that id: the same answer as a person one may not see (audited for those the policy refuses).
    await assertMayViewPerson(ctx, rc, userId, null, 'agreement.view_person');
    throw notFound();
  }
  await assertMayViewPerson(ctx, rc, userId, found.person.departmentId, 'agreement.view_person');
  const { person } = found;
  const actor = actorOf(rc);
  const resource: AgreementPersonResource = {
    kind: 'agreement_person',
    userId,
    departmentPath: person.facts.departmentPath,
  };
  const active = person.status === 'active';
  const withdraw = can(actor, 'agreement.withdraw', resource);
  return {
    person: {
      id: person.facts.id,
      username: person.username,
      displayName: person.displayName,
      departmentId: person.departmentId,
      departmentName: person.departmentName,
      post: person.post,
      status: person.status,
      leavingSince: person.facts.leavingSince,
    },
    obligations: await obligationDtos(ctx.db, found.obligations),
    signatures: signatureSummaries(await signaturesOfPerson(ctx.db, userId)).map((s) => ({
      ...s,
      canWithdraw: withdraw && s.act === 'signed' && !s.withdrawn,
    })),
    abilities: {
      recordPaper:
        active && can(actor, 'agreement.record_paper', resource) && found.obligations.some((o) => o.state !== 'signed'),
      askLeaver: active && can(actor, 'agreement.ask_leaver', resource) && person.facts.leavingSince === null,
    },
  };
}
