/**
 * Carriers put into motion through the API, for tests that need a world with loans, transmissions, circulations
 * and carry-outs under way (workbench cards, jobs, ledgers): each helper does what the people would do and
 * answers the carrier as its actor then sees it.
 */
import { expect } from 'vitest';
import type { Agent, TestApp } from './api.js';
import { json } from './people.js';
import type { Org } from './classification-org.js';
import { move } from './carrier-movements.js';
import { decide, submittedOf } from './carrier-requests.js';
import type { CarrierDetail } from '../../src/modules/carriers/contracts/carriers.js';

type A = Agent & { userId: string };

/** The custodian (or an officer) lends a carrier, due on `dueOn` (the policy's date when null). */
export async function lendTo(t: TestApp, as: A, id: string, borrower: A, dueOn: string | null): Promise<CarrierDetail> {
  return json<CarrierDetail>(await move(t, as, id, '/loans', { borrowerId: borrower.userId, dueOn }), 201);
}

/** A designated handler transmits a carrier by hand to a colleague, who has yet to sign for it. */
export async function transmitTo(t: TestApp, as: A, id: string, recipient: A): Promise<CarrierDetail> {
  return json<CarrierDetail>(
    await move(t, as, id, '/transmissions', { channel: 'by_hand', recipientId: recipient.userId, note: null }),
    201,
  );
}

/** The custodian circulates a carrier to readers until `dueOn`. */
export async function circulateTo(
  t: TestApp,
  as: A,
  id: string,
  readers: readonly A[],
  dueOn: string,
): Promise<CarrierDetail> {
  return json<CarrierDetail>(
    await move(t, as, id, '/circulations', { readerIds: readers.map((r) => r.userId), dueOn }),
    201,
  );
}

/**
 * A carry-out asked for by `as`, approved by the leader in charge (who must be set for the carrier's department)
 * and started by the bearer: the carrier is out until `returnOn`.
 */
export async function carryOutBy(
  t: TestApp,
  org: Org,
  as: A,
  id: string,
  bearer: A,
  returnOn: string,
  leader: Agent = org.leader,
): Promise<CarrierDetail> {
  const sub = submittedOf(
    await move(t, as, id, '/carry-outs', {
      bearerId: bearer.userId,
      destination: '上级机关保密办公室',
      purpose: '汇报工作',
      returnOn,
    }),
  );
  const approved = await decide(t, leader, sub.requestId, 'approve');
  expect(approved.statusCode, approved.body).toBe(200);
  const ready = json<CarrierDetail>(await bearer.get(`/api/carriers/${id}`));
  return json<CarrierDetail>(
    await bearer.post(`/api/carriers/${id}/carry-outs/${ready.carryOut!.id}/depart`, { version: ready.version }),
  );
}
