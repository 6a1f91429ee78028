import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../helpers/db.js';
import { startTestApp, type TestApp } from '../helpers/api.js';
import { expectRefusedQuietly } from '../helpers/abuse.js';
import { json } from '../helpers/people.js';
import {
  approveAll,
  proposal,
  propose,
  settings,
  setPolicy,
  setupOrg,
  signInAll,
  type Org,
} from '../helpers/classification-org.js';
import type { ItemDetail } from '../../src/contracts/classification.js';

const HOUR = 3_600_000;

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
    t.advance(15.5 * HOUR); // 2026-11-23T23:30Z
    await signInAll(t, org.headA, org.officerA);
    await approveAll(org, requestId);
    expect(json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`))).toMatchObject({
      markedOn: '2026-11-24',
      secrecyUntil: '2027-05-24',
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
    const { item, requestId } = await propose(org.officerA, proposal(org, { period: { value: 6, unit: 'months' } }));
    await approveAll(org, requestId);
    expect(json<ItemDetail>(await org.officerA.get(`/api/items/${item.id}`))).toMatchObject({
      markedOn: '2026-11-23',
      secrecyUntil: '2027-05-23',
    });
  });
});
