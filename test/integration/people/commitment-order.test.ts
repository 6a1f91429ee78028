/**
 * The commitment letter's order (PER-03): where the agreements' setting `commitmentAfterTraining` is on, a person
 * signs the commitment letter (保密承诺书) only once the onboarding training due to them is completed (training's
 * qualification `onboarding`); the refusal is 409 `training_required`, audited, and costs no password attempt. Off
 * (the default), the letter is signed whatever the training.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { createAndPublish, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { signInAgain, signVersion } from '../../helpers/people-report.js';
import { createPublished } from '../../helpers/training-course.js';
import type { PublishResult } from '../../../src/modules/people/contracts/templates.js';
import type { Learning } from '../../../src/modules/training/contracts/courses.js';

const problemOf = (r: { json(): unknown }) =>
  (r.json() as { error?: { details?: { problem?: string } } }).error?.details?.problem;

describe.each(DB_KINDS)('the commitment letter after the onboarding training on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let commitment: PublishResult;
  let nda: PublishResult;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    nda = await createAndPublish(org, { title: '员工保密协议' });
    // The commitment letter is for cleared people (head.a, officer.a, engineer.a).
    commitment = await createAndPublish(org, { kind: 'commitment', title: '保密承诺书' });
  });
  afterAll(() => t.close());

  const setOrder = async (on: boolean) => {
    const s = json<{ version: number; settings: Record<string, unknown> }>(
      await org.sec.get('/api/agreement-settings'),
    );
    const r = json<{ settings: { commitmentAfterTraining: boolean } }>(
      await org.sec.put('/api/agreement-settings', {
        version: s.version,
        settings: { ...s.settings, commitmentAfterTraining: on },
      }),
    );
    expect(r.settings.commitmentAfterTraining).toBe(on);
  };
  const trySign = async (a: PeopleOrg['engineerA'], versionId: string) => {
    await signInAgain(t, a);
    const mfa = a.mfaSecret ? { totpCode: a.totp() } : {};
    return a.post('/api/agreements/sign', { versionId, password: STRONG_PASSWORD, ...mfa });
  };

  it('[PER-03] off by default: the commitment letter is signed whatever the training', async () => {
    const s = json<{ settings: { commitmentAfterTraining: boolean } }>(await org.clerkB.get('/api/agreement-settings'));
    expect(s.settings.commitmentAfterTraining).toBe(false);
    // Leaving the setting out of a change keeps it.
    const v = json<{ version: number }>(await org.sec.get('/api/agreement-settings')).version;
    const kept = json<{ settings: { commitmentAfterTraining: boolean; graceDays: number } }>(
      await org.sec.put('/api/agreement-settings', { version: v, settings: { graceDays: 14, expiryReminderDays: 30 } }),
    );
    expect(kept.settings).toEqual({ graceDays: 14, expiryReminderDays: 30, commitmentAfterTraining: false });
    // An onboarding course is due to everyone, and head.a has not taken it: signing is not held up.
    await createPublished(org, {
      kind: 'onboarding',
      title: '入职保密培训（一）',
      audience: [{ kind: 'post', post: '主任' }],
    });
    await signVersion(t, org.headA, nda.version.id);
    await signVersion(t, org.headA, commitment.version.id);
  });

  it('[PER-03] on: signing the commitment letter before the required onboarding training is refused (409, audited); after it, signed', async () => {
    const course = await createPublished(org, {
      kind: 'onboarding',
      title: '入职保密培训（二）',
      audience: [{ kind: 'clearance', classes: ['important'] }],
    });
    await setOrder(true);
    const me = org.engineerA;
    await signVersion(t, me, nda.version.id);

    const before = await t.auditHead();
    const refused = await trySign(me, commitment.version.id);
    expectError(refused, 409, 'conflict');
    expect(problemOf(refused)).toBe('training_required');
    const rows = await auditRowsAfter(t, before);
    expect(
      rows.filter((r) => r.action === 'agreement.sign').map((r) => [r.result, JSON.parse(r.details).reason]),
    ).toEqual([['denied', 'training_required']]);
    // Other agreements are not held up by it (the NDA was signed above); nothing was signed.
    const signed = await t.ctx.db
      .selectFrom('agreement_signatures')
      .select('id')
      .where('user_id', '=', me.userId)
      .where('template_id', '=', commitment.template.id)
      .execute();
    expect(signed).toEqual([]);

    // The person completes the onboarding course online: now the letter is signed.
    const m = course.materials[0]!;
    await me.post(`/api/training/courses/${course.id}/materials/${m.id}/open`, {});
    const done = json<Learning>(await me.post(`/api/training/courses/${course.id}/materials/${m.id}/finish`, {}));
    expect(done.completedNow).not.toBeNull();
    const ok = await trySign(me, commitment.version.id);
    expect(ok.statusCode, ok.body).toBe(201);

    await setOrder(false);
  });
});
