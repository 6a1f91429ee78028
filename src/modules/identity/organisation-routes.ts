import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, okResponse } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import { deleteWithVersionQuery } from './contracts/directory.js';
import {
  addFunctionalRoleMemberBody,
  createFunctionalRoleBody,
  departmentRoles,
  functionalRoleMemberParam,
  functionalRoleParam,
  functionalRoleSchema,
  generalManagerResponse,
  organisationRolesResponse,
  setGeneralManagerBody,
  setLeaderInChargeBody,
  updateFunctionalRoleBody,
} from './contracts/organisation.js';
import * as orgRoles from './services/organisation-service.js';
import * as functionalRoles from './services/functional-role-service.js';

const roles = { ...orgRoles, ...functionalRoles };

/**
 * The organisation's roles: leaders in charge, the general manager, functional roles and their members. Read by
 * everyone signed in; changed by the security administrator.
 */
export function organisationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['organisation'];
    app.get(
      '/api/organisation/roles',
      { schema: { tags, response: { 200: organisationRolesResponse } } },
      async (req) => roles.getOrganisationRoles(ctx, req.rc),
    );
    app.put(
      '/api/departments/:id/leader-in-charge',
      { schema: { tags, params: idParam, body: setLeaderInChargeBody, response: { 200: departmentRoles } } },
      async (req) => roles.setLeaderInCharge(ctx, req.rc, req.params.id, req.body),
    );
    app.put(
      '/api/organisation/general-manager',
      { schema: { tags, body: setGeneralManagerBody, response: { 200: generalManagerResponse } } },
      async (req) => roles.setGeneralManager(ctx, req.rc, req.body),
    );
    app.post(
      '/api/organisation/functional-roles',
      { schema: { tags, body: createFunctionalRoleBody, response: { 201: functionalRoleSchema } } },
      async (req, reply) => reply.status(201).send(await roles.createFunctionalRole(ctx, req.rc, req.body)),
    );
    app.patch(
      '/api/organisation/functional-roles/:code',
      {
        schema: {
          tags,
          params: functionalRoleParam,
          body: updateFunctionalRoleBody,
          response: { 200: functionalRoleSchema },
        },
      },
      async (req) => roles.updateFunctionalRole(ctx, req.rc, req.params.code, req.body),
    );
    app.delete(
      '/api/organisation/functional-roles/:code',
      {
        schema: {
          tags,
          params: functionalRoleParam,
          querystring: deleteWithVersionQuery,
          response: { 200: okResponse },
        },
      },
      async (req) => {
        await roles.deleteFunctionalRole(ctx, req.rc, req.params.code, req.query.version);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/organisation/functional-roles/:code/members',
      {
        schema: {
          tags,
          params: functionalRoleParam,
          body: addFunctionalRoleMemberBody,
          response: { 200: functionalRoleSchema },
        },
      },
      async (req) => roles.addFunctionalRoleMember(ctx, req.rc, req.params.code, req.body),
    );
    app.delete(
      '/api/organisation/functional-roles/:code/members/:userId',
      {
        schema: {
          tags,
          params: functionalRoleMemberParam,
          querystring: deleteWithVersionQuery,
          response: { 200: functionalRoleSchema },
        },
      },
      async (req) =>
        roles.removeFunctionalRoleMember(ctx, req.rc, req.params.code, req.params.userId, req.query.version),
    );
  };
}
