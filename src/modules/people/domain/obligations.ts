import { addMonths } from '../../../kernel/secrecy-period.js';
import {
  ENFORCED_KINDS,
  OVERDUE_STATES,
  type AgreementKind,
  type ObligationState,
} from '../../../kernel/agreements.js';

/**
 * Who must sign what, and where each person stands: a rule over the person's record, the published templates and
 * the signatures, never a hand-kept list (PER-01..04, PER-08). Pure: dates are calendar dates of the organisation
 * ('YYYY-MM-DD'), `today` is passed in.
 *
 * - Every person (administrators too) signs every NDA template and the one responsibility letter that fits them
 *   best: a template naming their post and their own department before one naming only the department (the nearer
 *   department first), before one naming only the post, before the general one.
 * - Cleared people (a clearance class) sign the commitment letters (People 2 adds "after their training").
 * - A leaver (the office asked for it when the departure began) signs the departure NDA.
 * - `other` templates are signed by who their department and post name (both empty: everyone).
 * A template counts once it has a published version and while it is active.
 */
export interface PersonFacts {
  id: string;
  /** The person's department first, then its parents up to the root (the actor's `departmentPath`). */
  departmentPath: readonly string[];
  post: string | null;
  cleared: boolean;
  /** The day the account was created: nobody is due before they exist. */
  joinedOn: string;
  /** The day the office asked this leaver for the departure NDA, or null. */
  leavingSince: string | null;
}

export interface TemplateFacts {
  id: string;
  kind: AgreementKind;
  /** Responsibility letters and other templates: for this department (and its sub-departments), or any. */
  departmentId: string | null;
  /** Responsibility letters and other templates: for this post, or any. */
  post: string | null;
  active: boolean;
  validityMonths: number | null;
  /** The template's own grace period, or null for the setting's. */
  graceDays: number | null;
  /** The latest published version, or null before the first is published. */
  current: { id: string; versionNo: number; publishedOn: string } | null;
}

export interface SignatureFacts {
  id: string;
  templateId: string;
  versionNo: number;
  signedOn: string;
  /** A later record withdrew it. */
  withdrawn: boolean;
}

export interface ObligationSettings {
  graceDays: number;
  expiryReminderDays: number;
}

export interface Obligation {
  templateId: string;
  kind: AgreementKind;
  versionId: string;
  versionNo: number;
  state: ObligationState;
  /** The day by which to sign (null when signed and valid). */
  dueOn: string | null;
  /** The day the counted signature's validity ends (null: no validity, or not signed). */
  expiresOn: string | null;
  /** The signature that counts (the latest not withdrawn), or null. */
  signatureId: string | null;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const later = (a: string, b: string) => (a >= b ? a : b);

/** How well a template of department/post fits the person: -1 not at all, higher is better. */
export function fitOf(person: PersonFacts, t: Pick<TemplateFacts, 'departmentId' | 'post'>): number {
  if (t.post !== null && t.post !== person.post) return -1;
  let dept = 0;
  if (t.departmentId !== null) {
    const at = person.departmentPath.indexOf(t.departmentId);
    if (at < 0) return -1;
    // The nearer the department, the better: the own department beats its parents.
    dept = 1000 - at;
  }
  return (t.post !== null ? 10_000 : 0) + dept;
}

/** The templates the person must sign (active, published), in the order the kinds are listed. */
export function applicableTemplates(person: PersonFacts, templates: readonly TemplateFacts[]): TemplateFacts[] {
  const live = templates.filter((t) => t.active && t.current !== null);
  const out: TemplateFacts[] = [];
  out.push(...live.filter((t) => t.kind === 'nda'));
  let best: TemplateFacts | null = null;
  let bestFit = -1;
  for (const t of live.filter((x) => x.kind === 'responsibility')) {
    const fit = fitOf(person, t);
    if (fit > bestFit || (fit === bestFit && fit >= 0 && best !== null && t.id < best.id)) {
      best = t;
      bestFit = fit;
    }
  }
  if (best && bestFit >= 0) out.push(best);
  if (person.cleared) out.push(...live.filter((t) => t.kind === 'commitment'));
  if (person.leavingSince !== null) out.push(...live.filter((t) => t.kind === 'departure_nda'));
  out.push(...live.filter((t) => t.kind === 'other' && fitOf(person, t) >= 0));
  return out;
}

/** Where the person stands with one template (published), given their signatures of it. */
export function obligationOf(
  person: PersonFacts,
  t: TemplateFacts,
  signatures: readonly SignatureFacts[],
  settings: ObligationSettings,
  today: string,
): Obligation {
  const current = t.current!;
  const grace = t.graceDays ?? settings.graceDays;
  const counted =
    signatures
      .filter((s) => s.templateId === t.id && !s.withdrawn)
      .sort(
        (a, b) => b.versionNo - a.versionNo || (a.signedOn < b.signedOn ? 1 : a.signedOn > b.signedOn ? -1 : 0),
      )[0] ?? null;
  const base = {
    templateId: t.id,
    kind: t.kind,
    versionId: current.id,
    versionNo: current.versionNo,
    signatureId: counted?.id ?? null,
  };
  // A leaver's departure NDA is due from the day it was asked for; any other from the later of joining and publishing.
  const start = later(
    t.kind === 'departure_nda' && person.leavingSince ? person.leavingSince : person.joinedOn,
    current.publishedOn,
  );
  if (!counted) {
    const dueOn = addDays(start, grace);
    return { ...base, state: today > dueOn ? 'overdue' : 'due', dueOn, expiresOn: null };
  }
  const expiresOn = t.validityMonths !== null ? addMonths(counted.signedOn, t.validityMonths) : null;
  if (counted.versionNo < current.versionNo) {
    const dueOn = addDays(later(current.publishedOn, person.joinedOn), grace);
    return { ...base, state: today > dueOn ? 'resign_overdue' : 'resign_due', dueOn, expiresOn };
  }
  if (expiresOn !== null && today >= expiresOn) {
    const dueOn = addDays(expiresOn, grace);
    return { ...base, state: today > dueOn ? 'resign_overdue' : 'resign_due', dueOn, expiresOn };
  }
  if (expiresOn !== null && today >= addDays(expiresOn, -settings.expiryReminderDays))
    return { ...base, state: 'expiring', dueOn: expiresOn, expiresOn };
  return { ...base, state: 'signed', dueOn: null, expiresOn };
}

/** Every agreement the person must sign, with where they stand. */
export function obligationsOf(
  person: PersonFacts,
  templates: readonly TemplateFacts[],
  signatures: readonly SignatureFacts[],
  settings: ObligationSettings,
  today: string,
): Obligation[] {
  return applicableTemplates(person, templates).map((t) => obligationOf(person, t, signatures, settings, today));
}

/** Is the person held on the "sign now" page at sign-in: an NDA or responsibility letter past its grace period. */
export function holdsAtSignIn(obligations: readonly Obligation[]): boolean {
  return obligations.some((o) => ENFORCED_KINDS.includes(o.kind) && OVERDUE_STATES.includes(o.state));
}

/** May this version be signed by this person now: it must be the current version of a template they must sign. */
export function signProblem(
  obligations: readonly Obligation[],
  templateId: string,
  versionId: string,
): 'not_required' | 'superseded_version' | 'already_signed' | null {
  const o = obligations.find((x) => x.templateId === templateId);
  if (!o) return 'not_required';
  if (o.versionId !== versionId) return 'superseded_version';
  if (o.state === 'signed') return 'already_signed';
  return null;
}

/**
 * Which open 「请签署」 notices no longer ask anything (pure): the person has no obligation for that template any
 * more — a closer letter took its place (a sub-department's, a post's), they left its audience — or signed it.
 */
export function staleSignNotices<N extends { userId: string; templateId: string }>(
  open: readonly N[],
  obligationsOf: ReadonlyMap<string, readonly Pick<Obligation, 'templateId' | 'state'>[]>,
): N[] {
  return open.filter(
    (n) => !(obligationsOf.get(n.userId) ?? []).some((o) => o.templateId === n.templateId && o.state !== 'signed'),
  );
}
