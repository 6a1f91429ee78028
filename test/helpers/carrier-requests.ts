/**
 * Helpers for the carriers' approval flows (carry-out, archive, show outside the scope, longer loan): the leader in
 * charge of a department, deciding a request as one approver, dates relative to the organisation's today.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Agent, TestApp } from './api.js';
import { json } from './people.js';
import { requestRow, type Org } from './classification-org.js';
import type { OrganisationRoles } from '../../src/modules/identity/contracts/organisation.js';
import type { RequestDetail } from '../../src/platform/approvals/contracts.js';
import type { RequestSubmitted } from '../../src/modules/carriers/contracts/requests.js';
import { todayOf } from '../../src/platform/organisation.js';
import { addDays } from '../../src/modules/carriers/domain/movement-rules.js';

/** The security administrator names the leader in charge (主管领导) of a department. */
export async function setLeaderInCharge(org: Org, departmentId: string, userId: string): Promise<void> {
  const roles = json<OrganisationRoles>(await org.sec.get('/api/organisation/roles'));
  const dept = roles.departments.find((d) => d.id === departmentId)!;
  const r = await org.sec.put(`/api/departments/${departmentId}/leader-in-charge`, { version: dept.version, userId });
  expect(r.statusCode, r.body).toBe(200);
}

/** A submission's answer (201). */
export function submittedOf(r: LightMyRequestResponse): RequestSubmitted {
  return json<RequestSubmitted>(r, 201);
}

/** One approver decides the current step of a request (the answer as it is, for refusals). */
export async function decide(
  t: TestApp,
  as: Agent,
  requestId: string,
  decision: 'approve' | 'reject',
): Promise<LightMyRequestResponse> {
  const { version } = await requestRow(t, requestId);
  t.advance(1);
  return as.post(`/api/requests/${requestId}/decide`, { version, decision });
}

export async function requestDetail(as: Agent, requestId: string): Promise<RequestDetail> {
  return json<RequestDetail>(await as.get(`/api/requests/${requestId}`));
}

/** The approvers of each step of a request, by user id. */
export async function chainOf(t: TestApp, requestId: string): Promise<string[][]> {
  const r = await requestRow(t, requestId);
  return (JSON.parse(r.chain) as { approvers: string[] }[]).map((s) => s.approvers);
}

/** The organisation's calendar date today, moved by `days`. */
export async function dayFromToday(t: TestApp, days = 0): Promise<string> {
  return addDays(await todayOf(t.ctx), days);
}

/** The carrier's history events, by name, in order. */
export async function eventsOf(
  t: TestApp,
  carrierId: string,
): Promise<{ event: string; details: Record<string, unknown> }[]> {
  const rows = await t.ctx.db
    .selectFrom('carrier_events')
    .select(['event', 'details'])
    .where('carrier_id', '=', carrierId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ event: r.event, details: JSON.parse(r.details) as Record<string, unknown> }));
}
