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
import type { CarrierSummary, StorageLocation } from '../../../src/modules/carriers/contracts/carriers.js';

describe.each(DB_KINDS)('carrier register on %s', (kind) => {
  let t: TestApp;
  let org: CarrierOrg;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupCarrierOrg(t);
  });
  afterAll(() => t.close());

  it('[CAR-01][CAR-02][CAR-09] a designated handler registers a carrier with its marking, custodian and location', async () => {
    const [c] = await registerCarrier(org);
    expect(c).toMatchObject({ level: 'confidential', status: 'in_store', custodianId: org.officerA.userId });
    expect(c!.number).toMatch(/^\d{4}-C-\d{5}$/);
    expect(c!.marking?.zh).toBe('秘密★5年');
    const d = await carrier(org.officerA, c!.id);
    expect(d.locationId).toBe(org.safeA.id);
    expect(d.history.map((e) => e.event)).toEqual(['produced']);
  });

  it('[CAR-01] 机密 copies are numbered units, each tracked', async () => {
    const units = await registerCarrier(org, { level: 'secret', period: { value: 10, unit: 'years' }, copies: 3 });
    expect(units.map((u) => u.copyNo)).toEqual([1, 2, 3]);
    expect(new Set(units.map((u) => u.number)).size).toBe(3);
    expect(units[0]!.number).toMatch(/-1\/3$/);
  });

  it('[CAR-03] someone who is not a designated handler may not register (audited, nothing changes)', async () => {
    const before = await t.auditHead();
    const res = await org.insiderA.post('/api/carriers', carrierBody(org));
    await expectDenied(t, before, res, { action: 'carrier.register', actorName: org.insiderA.username });
  });

  it('[CAR-09] a location capped below the level is refused', async () => {
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

  it('[CAR-20] meeting minutes and meeting documents are registered carriers like any other', async () => {
    const [m] = await registerCarrier(org, { kind: 'meeting_record', title: '保密委员会第三次会议纪要' });
    expect(m).toMatchObject({ kind: 'meeting_record', status: 'in_store', custodianId: org.officerA.userId });
    const listed = json<{ items: CarrierSummary[] }>(await org.officerA.get('/api/carriers?kind=meeting_record'));
    expect(listed.items.map((i) => i.id)).toContain(m!.id);
  });

  it('[CAR-10] a location records its physical and electronic protection and its key holders; only the security office registers one', async () => {
    const body = {
      code: 'A-ROOM',
      name: '研发部保密室',
      kind: 'secure_room',
      room: '3 楼 301',
      departmentId: org.deptA,
      maxLevel: null,
      physicalProtection: '防盗门、铁皮柜、红外报警',
      electronicProtection: '门禁刷卡与视频监控，记录保存六个月',
      keyHolderIds: [org.officerA.userId, org.headA.userId],
    };
    let head = await t.auditHead();
    const missing = await org.sec.post('/api/storage-locations', { ...body, electronicProtection: '' });
    expectError(missing, 400, 'validation_failed');
    expect(await t.auditHead()).toBe(head);
    head = await t.auditHead();
    await expectDenied(t, head, await org.headA.post('/api/storage-locations', body), {
      action: 'location.create',
      actorName: org.headA.username,
    });
    const created = json<StorageLocation>(await org.sec.post('/api/storage-locations', body), 201);
    expect(created).toMatchObject({
      physicalProtection: body.physicalProtection,
      electronicProtection: body.electronicProtection,
      active: true,
    });
    expect(created.keyHolders.map((k) => k.id).sort()).toEqual([org.officerA.userId, org.headA.userId].sort());
  });

  it('[CAR-09] a location cannot be capped below, or closed under, the carriers it holds (409, nothing changes)', async () => {
    await registerCarrier(org, { level: 'secret', period: { value: 10, unit: 'years' } });
    const { items } = json<{ items: StorageLocation[] }>(await org.sec.get('/api/storage-locations'));
    const safe = items.find((l) => l.id === org.safeA.id)!;
    const update = {
      code: safe.code,
      name: safe.name,
      kind: safe.kind,
      room: safe.room,
      departmentId: safe.departmentId,
      maxLevel: 'confidential',
      physicalProtection: safe.physicalProtection,
      electronicProtection: safe.electronicProtection,
      keyHolderIds: safe.keyHolders.map((k) => k.id),
      active: true,
      version: safe.version,
    };
    const capped = await org.sec.put(`/api/storage-locations/${safe.id}`, update);
    expectError(capped, 409, 'conflict');
    expect(capped.json().error.details.problem).toBe('location_in_use');
    expectError(
      await org.sec.put(`/api/storage-locations/${safe.id}`, { ...update, maxLevel: null, active: false }),
      409,
      'conflict',
    );
  });
});
