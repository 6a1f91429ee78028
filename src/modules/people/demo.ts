import type { AppContext } from '../../platform/context.js';
import { todayOf } from '../../platform/organisation.js';
import { DEMO_PASSWORD, demoCast } from '../identity/index.js';
import {
  COMMITMENT,
  DEPARTMENT_LETTERS,
  DEPARTURE_NDA,
  LEAVER,
  LETTER_BODY,
  NDA,
  PAPER_SIGNERS,
  POST_LETTERS,
  STANDINGS,
} from './demo-data.js';
import { askLeaver } from './services/leaver-service.js';
import { obligationsFor } from './services/obligation-service.js';
import { recordPaper } from './services/paper-service.js';
import { sign } from './services/signing-service.js';
import { createTemplate, updateTemplate } from './services/template-service.js';
import { getTemplate } from './services/template-reads.js';
import { publishTemplate } from './services/template-lifecycle.js';
import type { AgreementKind } from '../../kernel/agreements.js';

/**
 * The agreements part of the demo (issue 15), done by the security administrator and the demo people through the
 * module's use cases: the NDA in two versions (the first superseded ten days ago), a responsibility letter per
 * department with its duties (保密职责) and one per post where the post has duties of its own, valid a year; the
 * commitment letter for cleared people; the departure NDA. People signed them over the last year and a bit — most
 * everything current, some the first NDA only (to re-sign), one a letter running out within days, two a letter that
 * ran out weeks ago (held at sign-in), one nothing yet; the leaders on paper, their scans recorded by the office; one
 * leaver asked for the departure NDA. What happened in the past is done on a clock set back to that day, as the
 * carriers' demo does. Everyone signs in with the demo password, which the electronic signatures re-enter.
 */

/** A one-page PDF standing for the scan of a paper agreement. */
function scanPdf(name: string): Buffer {
  const text = `(Signed paper agreement - ${name}) Tj`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length + 28} >>\nstream\nBT /F1 18 Tf 72 760 Td ${text} ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export async function loadPeopleDemo(ctx: AppContext): Promise<Record<string, number>> {
  const { ago, as, idOf, departments } = await demoCast(ctx);
  const sec = await as('secadmin');
  const count = { templates: 0, versions: 0, signatures: 0, paperSignatures: 0, leavers: 0 };

  const publish = async (
    c: AppContext,
    t: { kind: AgreementKind; title: string; body: string; duties?: string | null; departmentId?: string | null },
    extra: { post?: string | null; validityMonths?: number | null } = {},
  ) => {
    const created = await createTemplate(c, sec, {
      kind: t.kind,
      title: t.title,
      departmentId: t.departmentId ?? null,
      post: extra.post ?? null,
      validityMonths: extra.validityMonths ?? null,
      graceDays: null,
      body: t.body,
      duties: t.duties ?? null,
    });
    const published = await publishTemplate(c, sec, created.id, { version: created.version });
    count.templates++;
    count.versions++;
    return { templateId: created.id, versionId: published.version.id };
  };

  // A year and a bit ago: the NDA and the responsibility letters (valid a year).
  const start = ago(400);
  const nda = await publish(start, { kind: 'nda', title: NDA.title, body: NDA.v1 });
  for (const l of DEPARTMENT_LETTERS) {
    const departmentId = departments.get(l.department);
    if (!departmentId) throw new Error(`demo department ${l.department} is missing`);
    await publish(
      start,
      { kind: 'responsibility', title: `${l.department}保密责任书`, body: LETTER_BODY, duties: l.duties, departmentId },
      { validityMonths: 12 },
    );
  }
  for (const l of POST_LETTERS)
    await publish(
      start,
      { kind: 'responsibility', title: l.title, body: LETTER_BODY, duties: l.duties },
      { post: l.post, validityMonths: 12 },
    );

  /** Signs, as the person on the day, every agreement of the given kinds they are asked to sign then. */
  const signAll = async (username: string, daysAgo: number, kinds: readonly AgreementKind[]) => {
    const c = ago(daysAgo);
    const rc = await as(username);
    const id = await idOf(username);
    const mine = (await obligationsFor(c, c.db, [id], await todayOf(c))).get(id)?.obligations ?? [];
    for (const o of mine.filter((x) => kinds.includes(x.kind) && x.state !== 'signed' && x.state !== 'expiring')) {
      if (PAPER_SIGNERS.includes(username)) {
        const signedOn = await todayOf(c);
        await recordPaper(
          ago(daysAgo - 1),
          sec,
          { userId: id, versionId: o.versionId, signedOn },
          scanPdf(username),
          'application/pdf',
        );
        count.paperSignatures++;
      } else await sign(c, rc, { versionId: o.versionId, password: DEMO_PASSWORD });
      count.signatures++;
    }
  };

  const standing = (s: string) => Object.keys(STANDINGS).filter((u) => STANDINGS[u] === s);
  // The two who let their letter run out signed the first NDA and their letter in the first days.
  for (const u of standing('overdue')) await signAll(u, 395, ['nda', 'responsibility']);
  // The first NDA, signed a year ago by those who have not yet signed its new version.
  for (const u of standing('resign_nda')) await signAll(u, 380, ['nda']);
  // A letter signed a year ago that runs out within days.
  for (const u of standing('resign_letter')) await signAll(u, 372, ['nda', 'responsibility']);

  // Two months ago: the commitment letter (cleared people, after training) and the departure NDA.
  await publish(ago(60), { kind: 'commitment', title: COMMITMENT.title, body: COMMITMENT.body });
  await publish(ago(60), { kind: 'departure_nda', title: DEPARTURE_NDA.title, body: DEPARTURE_NDA.body });
  for (const u of standing('resign_nda')) await signAll(u, 40, ['responsibility', 'commitment']);

  // Ten days ago: the NDA's new version (the first is superseded); most sign it within days.
  const revised = ago(10);
  const draft = await getTemplate(revised, sec, nda.templateId);
  const edited = await updateTemplate(revised, sec, nda.templateId, {
    version: draft.version,
    title: draft.title,
    departmentId: draft.departmentId,
    post: draft.post,
    validityMonths: draft.validityMonths,
    graceDays: draft.graceDays,
    body: NDA.v2,
    duties: draft.draftDuties,
  });
  await publishTemplate(revised, sec, nda.templateId, { version: edited.version });
  count.versions++;
  let day = 9;
  for (const u of standing('signed')) {
    await signAll(u, day, ['nda', 'responsibility', 'commitment']);
    day = day > 2 ? day - 1 : 9;
  }
  for (const u of standing('resign_letter')) await signAll(u, 5, ['nda', 'commitment']);

  // Three days ago: 吴磊 is leaving; the office asks him for the departure NDA (not yet signed).
  await askLeaver(ago(3), sec, { userId: await idOf(LEAVER) });
  count.leavers++;
  return count;
}
