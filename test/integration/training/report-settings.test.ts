/**
 * The training settings (TRN-01/02): everyone reads them (the dates they are held to); the security office changes
 * them under the setting's version, audited with what changed, and the dues follow at once; anyone else is refused
 * (403, audited); a stale version is 409, bad input 400 with nothing recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { createPublished } from '../../helpers/training-course.js';
import { dayFrom, setPersonFacts } from '../../helpers/training-report.js';
import { TRAINING_DEFAULTS } from '../../../src/kernel/training.js';
import type { ReportResponse } from '../../../src/modules/training/contracts/reports.js';

interface Settings {
  version: number;
  settings: { onboardingOffsetDays: number; refresherMonths: number; newCourseGraceDays: number; reminderDays: number };
}

describe.each(DB_KINDS)('training settings on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
  });
  afterAll(() => t.close());

  it('everyone reads the defaults first (version 0)', async () => {
    for (const who of [org.sec, org.clerkB, org.aud]) {
      const s = json<Settings>(await who.get('/api/training/settings'));
      expect(s).toEqual({
        version: 0,
        settings: {
          onboardingOffsetDays: TRAINING_DEFAULTS.onboardingOffsetDays,
          refresherMonths: TRAINING_DEFAULTS.refresherMonths,
          newCourseGraceDays: TRAINING_DEFAULTS.newCourseGraceDays,
          reminderDays: TRAINING_DEFAULTS.reminderDays,
        },
      });
    }
  });

  it('[TRN-01] the office changes them, audited with what changed; the dues follow', async () => {
    await setPersonFacts(t, [org.clerkB.userId], { hiredOn: await dayFrom(t, 40) });
    const course = await createPublished(org, { kind: 'onboarding', audience: [{ kind: 'all' }] });
    const dueOf = async () =>
      json<ReportResponse>(await org.sec.get(`/api/training/report?courseId=${course.id}&q=clerk.b`)).items[0]!.dues[0]!
        .dueOn;
    expect(await dueOf()).toBe(await dayFrom(t, 40));
    const before = json<Settings>(await org.sec.get('/api/training/settings'));
    const head = await t.auditHead();
    const saved = json<Settings>(
      await org.sec.put('/api/training/settings', {
        version: before.version,
        settings: { ...before.settings, onboardingOffsetDays: -7, reminderDays: 14 },
      }),
    );
    expect(saved).toEqual({
      version: before.version + 1,
      settings: { ...before.settings, onboardingOffsetDays: -7, reminderDays: 14 },
    });
    const rows = await auditRowsAfter(t, head);
    expect(rows.map((r) => [r.action, r.result, r.target_id])).toEqual([
      ['training.settings_update', 'success', 'training'],
    ]);
    expect(JSON.parse(rows[0]!.details)).toEqual({
      changed: { onboardingOffsetDays: { from: 0, to: -7 }, reminderDays: { from: 7, to: 14 } },
    });
    // Onboarding now due a week before the start date.
    expect(await dueOf()).toBe(await dayFrom(t, 33));
  });

  it('a stale version is 409, nothing changed', async () => {
    const s = json<Settings>(await org.sec.get('/api/training/settings'));
    expectError(
      await org.sec.put('/api/training/settings', { version: s.version - 1, settings: s.settings }),
      409,
      'stale_version',
    );
    expect(json<Settings>(await org.sec.get('/api/training/settings'))).toEqual(s);
  });

  it('anyone else is refused (403), audited', async () => {
    const s = json<Settings>(await org.sec.get('/api/training/settings'));
    for (const who of [org.headA, org.sys]) {
      const head = await t.auditHead();
      await expectDenied(t, head, await who.put('/api/training/settings', s), {
        action: 'training.settings_update',
        actorName: who.username,
        targetId: 'training',
      });
    }
  });

  it.each([
    { onboardingOffsetDays: 366 },
    { refresherMonths: 0 },
    { newCourseGraceDays: -1 },
    { reminderDays: 91 },
    { reminderDays: 1.5 },
    { reminderDays: '7' },
    { extra: 1 },
  ])('bad settings %o: 400, nothing recorded', async (patch) => {
    const s = json<Settings>(await org.sec.get('/api/training/settings'));
    const head = await t.auditHead();
    expectError(
      await org.sec.put('/api/training/settings', { version: s.version, settings: { ...s.settings, ...patch } }),
      400,
      'validation_failed',
    );
    expect(await t.auditHead()).toBe(head);
  });
});
