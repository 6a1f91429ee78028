/**
 * Helpers for the carriers movement tests: post a movement with the carrier's current version, read a refusal's
 * problem, and check that a refused request changed nothing (the audit head and the carrier row unmoved).
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Agent, TestApp } from './api.js';
import { expectError } from './abuse.js';
import { json } from './people.js';
import type { CarrierDetail } from '../../src/modules/carriers/contracts/carriers.js';

type A = Agent & { userId: string };

export async function versionOf(t: TestApp, id: string): Promise<number> {
  return (await t.ctx.db.selectFrom('carriers').select('version').where('id', '=', id).executeTakeFirstOrThrow())
    .version;
}

/** Posts a movement on a carrier with its current version (unless the body gives one). */
export async function move(
  t: TestApp,
  a: A | Agent,
  id: string,
  path: string,
  body: Record<string, unknown> = {},
): Promise<LightMyRequestResponse> {
  return a.post(`/api/carriers/${id}${path}`, { version: await versionOf(t, id), ...body });
}

export function problemOf(r: LightMyRequestResponse): string | undefined {
  return (r.json() as { error?: { details?: { problem?: string } } }).error?.details?.problem;
}

/** A refusal on bad input: status, error code and problem; nothing recorded, the carrier unchanged. */
export async function expectRefusal(
  t: TestApp,
  id: string,
  send: () => Promise<LightMyRequestResponse>,
  status: number,
  code: string,
  problem?: string,
): Promise<LightMyRequestResponse> {
  const head = await t.auditHead();
  const version = await versionOf(t, id);
  const r = await send();
  expectError(r, status, code);
  if (problem !== undefined) expect(problemOf(r), r.body).toBe(problem);
  expect(await t.auditHead()).toBe(head);
  expect(await versionOf(t, id)).toBe(version);
  return r;
}

export function detail(r: LightMyRequestResponse, status = 200): CarrierDetail {
  return json<CarrierDetail>(r, status);
}

/** The last audit events' actions (newest last), to check a movement recorded exactly its own. */
export async function auditActionsSince(t: TestApp, head: number): Promise<string[]> {
  const rows = await t.ctx.db
    .selectFrom('audit_events')
    .select(['action', 'result'])
    .where('seq', '>', head)
    .orderBy('seq')
    .execute();
  return rows.map((r) => (r.result === 'success' ? r.action : `${r.action}:${r.result}`));
}
