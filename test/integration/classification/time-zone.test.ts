import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectRefusedQuietly } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import {
  approveAll,
  proposal,
  propose,
  settings,
  setPolicy,
  setupOrg,
  signInAll,
  type Org,
} from '../../helpers/classification-org.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';

const HOUR = 3_600_000;

/**
 * Moves the test clock forward to the next 23:30 UTC — already the next day in Beijing, still the same day in
 * UTC — whatever an earlier test did to it. Returns the UTC date and the Beijing date of that instant.
 */
function toLateEveningUtc(t: TestApp): { utcDate: string; beijingDate: string } {
  const now = t.ctx.now().getTime();
  const d = new Date(now);
  let target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 23, 30);
  if (target <= now) target += 24 * HOUR;
  t.advance(target - now);
  return {
    utcDate: new Date(target).toISOString().slice(0, 10),
    beijingDate: new Date(target + 8 * HOUR).toISOString().slice(0, 10),
  };
}

/** The date six months after a calendar date (these tests use days that exist in every month). */
function sixMonthsAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const months = y * 12 + (m - 1) + 6;
  return `${Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Calendar dates (marked on, secret until, reviews) are those of the organisation's time zone, Beijing by default. */
describe.each(DB_KINDS)("the organisation's time zone on %s", (kind) => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
  });
  afterAll(() => t.close());

  it('defaults to Asia/Shanghai: approved at 07:30 in Beijing (23:30 UTC the day before), the item is marked on the Beijing date', async () => {
    expect((await settings(org.sec)).policy.timeZone).toBe('Asia/Shanghai');
    const { item, requestId } = await propose(org.officerA, proposal(org, { period: { value: 6, unit: 'months' } }));
    const { utcDate, beijingDate } = toLateEveningUtc(t);
    expect(beijingDate).not.toBe(utcDate);
    await signInAll(t, org.sec, org.headA, org.officerA);
    await approveAll(org, requestId);
    expect(json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`))).toMatchObject({
      markedOn: beijingDate,
      secrecyUntil: sixMonthsAfter(beijingDate),
    });
  });

  it('an organisation on UTC marks the same instant with the UTC date; an unknown zone is refused (400)', async () => {
    await signInAll(t, org.sec);
    const s = await settings(org.sec);
    const h = await t.auditHead();
    for (const timeZone of ['Asia/Beijing', '+08:00', '']) {
      const r = await org.sec.put('/api/classification/policy', {
        version: s.policyVersion,
        policy: { ...s.policy, timeZone },
      });
      await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
    }
    await setPolicy(org, { timeZone: 'UTC' });
    const { utcDate, beijingDate } = toLateEveningUtc(t);
    expect(beijingDate).not.toBe(utcDate);
    await signInAll(t, org.sec, org.headA, org.officerA);
    const { item, requestId } = await propose(org.officerA, proposal(org, { period: { value: 6, unit: 'months' } }));
    await approveAll(org, requestId);
    expect(json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`))).toMatchObject({
      markedOn: utcDate,
      secrecyUntil: sixMonthsAfter(utcDate),
    });
  });
});
