/**
 * The register (CAR-01, CAR-02, CAR-03, CAR-09, CAR-11): registering carriers with their marking, custodian and
 * location; designated handlers; numbered copies; the ledgers' views; refusals audited and changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectDenied, expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { carrier, carrierBody, registerCarrier, setupCarrierOrg, type CarrierOrg } from '../../helpers/carrier-org.js';
import type { CarrierSummary } from '../../../src/modules/carriers/contracts/carriers.js';

describe.each(DB_KINDS)('carrier register on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
  });
  afterAll(() => t.close());

  it('CAR-01/02/09: a designated handler registers a carrier with its marking, custodian and location', async () => {
    const [c] = await registerCarrier(org);
    expect(c).toMatchObject({ level: 'confidential', status: 'in_store', custodianId: org.officerA.userId });
    expect(c!.number).toMatch(/^\d{4}-C-\d{5}$/);
    expect(c!.marking?.zh).toBe('秘密★5年');
    const d = await carrier(org.officerA, c!.id);
    expect(d.locationId).toBe(org.safeA.id);
    expect(d.history.map((e) => e.event)).toEqual(['produced']);
  });

  it('CAR-01: 机密 copies are numbered units, each tracked', async () => {
    const units = await registerCarrier(org, { level: 'secret', period: { value: 10, unit: 'years' }, copies: 3 });
    expect(units.map((u) => u.copyNo)).toEqual([1, 2, 3]);
    expect(new Set(units.map((u) => u.number)).size).toBe(3);
    expect(units[0]!.number).toMatch(/-1\/3$/);
  });

  it('CAR-03: someone who is not a designated handler may not register (audited, nothing changes)', async () => {
    const before = await t.auditHead();
    const res = await org.insiderA.post('/api/carriers', carrierBody(org));
    await expectDenied(t, before, res, { action: 'carrier.register', actorName: org.insiderA.username });
  });

  it('CAR-09: a location capped below the level is refused', async () => {
    const res = await org.officerA.post(
      '/api/carriers',
      carrierBody(org, { level: 'secret', period: { value: 10, unit: 'years' }, locationId: org.cabinetA.id }),
    );
    expectError(res, 400, 'validation_failed');
    expect(res.json().error.details.problem).toBe('location_level_cap');
  });

  it('a person sees carriers they may know; the department officer sees every row of the ledger', async () => {
    const [mine] = await registerCarrier(org);
    const b = await registerCarrier(
      org,
      { departmentId: org.deptB, custodianId: org.headB.userId, locationId: org.safeB.id, scope: [] },
      org.headB,
    );
    const insider = json<{ items: CarrierSummary[] }>(await org.insiderA.get('/api/carriers?limit=200'));
    expect(insider.items.some((i) => i.id === mine!.id)).toBe(true);
    expect(insider.items.some((i) => i.id === b[0]!.id)).toBe(false);
    expectError(await org.insiderA.get(`/api/carriers/${b[0]!.id}`), 404, 'not_found');
    const sec = json<{ items: CarrierSummary[] }>(await org.sec.get('/api/carriers?ledger=unit&limit=200'));
    expect(sec.items.some((i) => i.id === b[0]!.id)).toBe(true);
    expectError(await org.insiderA.get('/api/carriers?ledger=unit'), 403, 'forbidden');
  });
});
