/**
 * An organisation for the carriers integration tests: the classification test organisation (two departments, A
 * with a sub-department, people at every clearance and role) plus storage locations and designated handlers:
 * officer.a produces, dispatches, transmits and carries out for department A; head.b for department B. Helpers
 * register carriers as a handler would.
 */
import { expect } from 'vitest';
import type { TestApp } from './api.js';
import { json } from './people.js';
import { setupOrg, type Org } from './classification-org.js';
import type { CarrierDetail, CarrierSummary, StorageLocation } from '../../src/modules/carriers/contracts/carriers.js';
import type { HandlerDuty } from '../../src/kernel/carriers.js';

export interface CarrierOrg extends Org {
  /** A safe of department A for every level. */
  safeA: StorageLocation;
  /** A cabinet of department A capped at 秘密 (confidential). */
  cabinetA: StorageLocation;
  /** A safe of department B. */
  safeB: StorageLocation;
}

export async function setupCarrierOrg(t: TestApp): Promise<CarrierOrg> {
  return addCarrierPlaces(await setupOrg(t));
}

/** Adds the carriers' locations and designated handlers to an organisation set up by `setupOrg`. */
export async function addCarrierPlaces(org: Org): Promise<CarrierOrg> {
  const location = async (code: string, dept: string, maxLevel: string | null, keyHolder: string) =>
    json<StorageLocation>(
      await org.sec.post('/api/storage-locations', {
        code,
        name: `保密柜 ${code}`,
        kind: maxLevel ? 'secure_cabinet' : 'safe',
        room: `${code} 室`,
        departmentId: dept,
        maxLevel,
        physicalProtection: '密码保险柜，双人双锁',
        electronicProtection: '门禁与视频监控',
        keyHolderIds: [keyHolder],
      }),
      201,
    );
  const safeA = await location('A-SAFE', org.deptA, null, org.officerA.userId);
  const cabinetA = await location('A-CAB', org.deptA, 'confidential', org.officerA.userId);
  const safeB = await location('B-SAFE', org.deptB, null, org.headB.userId);
  for (const duty of ['produce', 'dispatch', 'transmit', 'carry_out'] as HandlerDuty[]) {
    await designate(org, org.headA, org.deptA, org.officerA.userId, duty);
    await designate(org, org.headB, org.deptB, org.headB.userId, duty);
  }
  return { ...org, safeA, cabinetA, safeB };
}

export async function designate(
  org: Org,
  by: Org['headA'] | Org['sec'],
  departmentId: string,
  userId: string,
  duty: HandlerDuty,
): Promise<void> {
  const res = await by.post(`/api/departments/${departmentId}/carrier-handlers`, { userId, duty });
  expect(res.statusCode, res.body).toBe(200);
}

let unique = 0;
/** A valid registration: a confidential paper document of department A, kept by officer.a in the A safe. */
export function carrierBody(org: CarrierOrg, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  unique++;
  return {
    origin: 'produced',
    title: `测试文件 ${unique}`,
    kind: 'paper_document',
    itemId: null,
    level: 'confidential',
    period: { value: 5, unit: 'years' },
    declassifyCondition: null,
    copies: 1,
    pages: 12,
    originator: '研发部',
    departmentId: org.deptA,
    custodianId: org.officerA.userId,
    locationId: org.safeA.id,
    scope: [{ kind: 'department', ref: org.deptA }],
    ...overrides,
  };
}

/** Registers as officer.a (a designated handler of A) unless another agent is given; returns the units. */
export async function registerCarrier(
  org: CarrierOrg,
  overrides: Record<string, unknown> = {},
  as: Org['officerA'] = org.officerA,
): Promise<CarrierSummary[]> {
  return json<{ items: CarrierSummary[] }>(await as.post('/api/carriers', carrierBody(org, overrides)), 201).items;
}

export async function carrier(as: Org['officerA'] | Org['sec'], id: string): Promise<CarrierDetail> {
  return json<CarrierDetail>(await as.get(`/api/carriers/${id}`));
}
