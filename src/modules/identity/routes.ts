import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, okResponse } from '../../platform/contracts/common.js';
import {
  createDepartmentBody,
  createUserBody,
  createUserResponse,
  departBody,
  departmentListResponse,
  departmentSchema,
  deleteWithVersionQuery,
  resetPasswordResponse,
  rolesResponse,
  updateDepartmentBody,
  updateUserBody,
  updateUserSecurityBody,
  userListQuery,
  userListResponse,
  directoryEntrySchema,
  versionBody,
} from './contracts/directory.js';
import { DEFAULT_PAGE_SIZE } from '../../kernel/pagination.js';
import { ADMIN_ROLES, BUSINESS_ROLES, type AdminRole, type BusinessRole } from '../../kernel/roles.js';
import { abilitiesOf } from '../../policy/index.js';
import type { Actor } from '../../kernel/actor.js';
import type { AppContext } from '../../platform/context.js';
import * as departments from './services/department-service.js';
import * as users from './services/user-service.js';
import * as userLifecycle from './services/user-lifecycle.js';
import * as departure from './services/departure-service.js';
import { handOverBody, holdingsResponse } from './contracts/departure.js';

/** What each role may do, for the roles page: asked of the policy itself, so it cannot drift from `can`. */
function permissionsOf(role: AdminRole | BusinessRole): string[] {
  const admin = (ADMIN_ROLES as readonly string[]).includes(role);
  const sample: Actor = {
    id: '',
    username: '',
    displayName: '',
    departmentId: null,
    // A cleared person: what the role allows once the security office has cleared its holder (asking for access
    // to classified items needs a clearance class; an uncleared holder is told so, `no_clearance`).
    clearanceClass: 'general',
    status: 'active',
    separationUntil: null,
    adminRole: admin ? (role as AdminRole) : null,
    businessRoles: admin ? ['employee'] : [role as BusinessRole],
  };
  return Object.entries(abilitiesOf(sample))
    .filter(([, ok]) => ok)
    .map(([action]) => action);
}

export function directoryRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const dtags = ['departments'];
    app.get(
      '/api/departments',
      { schema: { tags: dtags, response: { 200: departmentListResponse } } },
      async (req) => ({
        items: await departments.listDepartments(ctx, req.rc),
      }),
    );
    app.post(
      '/api/departments',
      { schema: { tags: dtags, body: createDepartmentBody, response: { 201: departmentSchema } } },
      async (req, reply) => {
        const d = await departments.createDepartment(ctx, req.rc, req.body);
        return reply.status(201).send(d);
      },
    );
    app.patch(
      '/api/departments/:id',
      { schema: { tags: dtags, params: idParam, body: updateDepartmentBody, response: { 200: departmentSchema } } },
      async (req) => departments.updateDepartment(ctx, req.rc, req.params.id, req.body),
    );
    app.delete(
      '/api/departments/:id',
      { schema: { tags: dtags, params: idParam, querystring: deleteWithVersionQuery, response: { 200: okResponse } } },
      async (req) => {
        await departments.deleteDepartment(ctx, req.rc, req.params.id, req.query.version);
        return { ok: true as const };
      },
    );

    const utags = ['users'];
    app.get(
      '/api/users',
      { schema: { tags: utags, querystring: userListQuery, response: { 200: userListResponse } } },
      async (req) => {
        const q = req.query;
        return users.listUsers(ctx, req.rc, {
          page: q.page ?? 1,
          pageSize: q.pageSize ?? DEFAULT_PAGE_SIZE,
          sort: q.sort ?? 'username',
          order: q.order ?? 'asc',
          q: q.q,
          departmentId: q.departmentId,
          status: q.status,
        });
      },
    );
    app.get(
      '/api/users/:id',
      { schema: { tags: utags, params: idParam, response: { 200: directoryEntrySchema } } },
      async (req) => users.getUser(ctx, req.rc, req.params.id),
    );
    app.post(
      '/api/users',
      { schema: { tags: utags, body: createUserBody, response: { 201: createUserResponse } } },
      async (req, reply) => reply.status(201).send(await users.createUser(ctx, req.rc, req.body)),
    );
    app.patch(
      '/api/users/:id',
      { schema: { tags: utags, params: idParam, body: updateUserBody, response: { 200: directoryEntrySchema } } },
      async (req) => users.updateUser(ctx, req.rc, req.params.id, req.body),
    );
    app.patch(
      '/api/users/:id/security',
      {
        schema: { tags: utags, params: idParam, body: updateUserSecurityBody, response: { 200: directoryEntrySchema } },
      },
      async (req) => users.updateUserSecurity(ctx, req.rc, req.params.id, req.body),
    );
    for (const [path, action] of [
      ['disable', 'disable'],
      ['enable', 'enable'],
      ['unlock', 'unlock'],
      ['reset-mfa', 'reset_mfa'],
    ] as const) {
      app.post(
        `/api/users/:id/${path}`,
        { schema: { tags: utags, params: idParam, body: versionBody, response: { 200: directoryEntrySchema } } },
        async (req) => userLifecycle.changeUserStatus(ctx, req.rc, req.params.id, action, req.body.version),
      );
    }
    app.post(
      '/api/users/:id/depart',
      { schema: { tags: utags, params: idParam, body: departBody, response: { 200: directoryEntrySchema } } },
      async (req) => userLifecycle.departUser(ctx, req.rc, req.params.id, req.body.version, req.body.separationMonths),
    );
    // What a person holds in each module (to record a departure), and handing it over to a colleague.
    app.get(
      '/api/users/:id/holdings',
      { schema: { tags: utags, params: idParam, response: { 200: holdingsResponse } } },
      async (req) => departure.getHoldings(ctx, req.rc, req.params.id),
    );
    app.post(
      '/api/users/:id/hand-over',
      { schema: { tags: utags, params: idParam, body: handOverBody, response: { 200: holdingsResponse } } },
      async (req) => departure.handOver(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/users/:id/reset-password',
      { schema: { tags: utags, params: idParam, body: versionBody, response: { 200: resetPasswordResponse } } },
      async (req) => userLifecycle.resetPassword(ctx, req.rc, req.params.id, req.body.version),
    );

    app.get('/api/roles', { schema: { tags: ['roles'], response: { 200: rolesResponse } } }, async (req) => {
      const { admins, business } = await users.roleSummary(ctx, req.rc);
      return {
        items: [
          ...ADMIN_ROLES.map((code) => ({
            code,
            kind: 'admin' as const,
            permissions: permissionsOf(code),
            memberCount: admins.get(code) ?? 0,
          })),
          ...BUSINESS_ROLES.map((code) => ({
            code,
            kind: 'business' as const,
            permissions: permissionsOf(code),
            memberCount: business.get(code) ?? 0,
          })),
        ],
      };
    });
  };
}
