/**
 * People with departments, business roles and clearance for the classification tests: created through the
 * services as the local operator would, then signed in over HTTP like a browser.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { type Agent, expectOk, STRONG_PASSWORD, type TestApp } from './api.js';
import { createUser, updateUserSecurity } from '../../src/modules/identity/services/user-service.js';
import { SYSTEM_CONTEXT } from '../../src/platform/context.js';
import type { BusinessRole, ClearanceClass } from '../../src/kernel/roles.js';

export type Person = Agent & { userId: string; username: string };

export async function person(
  t: TestApp,
  username: string,
  opts: {
    departmentId?: string;
    roles?: BusinessRole[];
    clearance?: ClearanceClass | null;
    post?: string | null;
    displayName?: string;
  } = {},
): Promise<Person> {
  const { user, oneTimePassword } = await createUser(t.ctx, SYSTEM_CONTEXT, {
    username,
    displayName: opts.displayName ?? username,
    departmentId: opts.departmentId ?? t.rootDepartmentId,
    ...(opts.post !== undefined ? { post: opts.post } : {}),
    businessRoles: opts.roles ?? ['employee'],
  });
  if (opts.clearance)
    await updateUserSecurity(t.ctx, SYSTEM_CONTEXT, user.id, {
      version: user.version!,
      clearanceClass: opts.clearance,
    });
  const a = t.agent() as Person;
  a.userId = user.id;
  a.username = username;
  await expectOk(await a.login(username, oneTimePassword));
  await expectOk(
    await a.post('/api/auth/password', { currentPassword: oneTimePassword, newPassword: STRONG_PASSWORD }),
  );
  return a;
}

export async function department(
  t: TestApp,
  sys: Agent,
  name: string,
  parentId: string = t.rootDepartmentId,
): Promise<string> {
  const r = await sys.post('/api/departments', { name, parentId });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { id: string }).id;
}

export function json<T>(r: LightMyRequestResponse, status = 200): T {
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}
