import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, okResponse } from '../contracts/common.js';
import {
  accessRequestBody,
  campaignListResponse,
  createCampaignBody,
  decideBody,
  decideReviewBody,
  emergencyAccessBody,
  emergencyByNumberBody,
  grantListQuery,
  grantListResponse,
  grantSchema,
  requestCountsResponse,
  requestDetailSchema,
  requestListQuery,
  requestListResponse,
  reviewGrantBody,
  reviewTaskDetailSchema,
  reviewTaskListQuery,
  reviewTaskListResponse,
  reviewTaskSchema,
  revokeGrantBody,
  versionOnlyBody,
} from './contracts.js';
import { DEFAULT_PAGE_SIZE } from '../../kernel/pagination.js';
import type { AppContext } from '../context.js';
import * as approvals from './approval-service.js';
import * as queries from './approval-queries.js';
import * as grants from '../../modules/classification/services/grant-service.js';
import * as reviews from '../../modules/classification/services/review-service.js';

export function approvalRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const rtags = ['approvals'];
    app.get(
      '/api/requests',
      { schema: { tags: rtags, querystring: requestListQuery, response: { 200: requestListResponse } } },
      async (req) => {
        const q = req.query;
        return queries.listRequests(ctx, req.rc, {
          box: q.box,
          status: q.status,
          type: q.type,
          page: q.page ?? 1,
          pageSize: q.pageSize ?? DEFAULT_PAGE_SIZE,
          order: q.order ?? 'desc',
        });
      },
    );
    app.get(
      '/api/requests/counts',
      { schema: { tags: rtags, response: { 200: requestCountsResponse } } },
      async (req) => queries.requestCounts(ctx, req.rc),
    );
    app.get(
      '/api/requests/:id',
      { schema: { tags: rtags, params: idParam, response: { 200: requestDetailSchema } } },
      async (req) => queries.getRequest(ctx, req.rc, req.params.id),
    );
    app.post(
      '/api/requests/:id/decide',
      { schema: { tags: rtags, params: idParam, body: decideBody, response: { 200: requestDetailSchema } } },
      async (req) => {
        await approvals.decideRequest(ctx, req.rc, req.params.id, req.body);
        return queries.getRequest(ctx, req.rc, req.params.id);
      },
    );
    app.post(
      '/api/requests/:id/withdraw',
      { schema: { tags: rtags, params: idParam, body: versionOnlyBody, response: { 200: requestDetailSchema } } },
      async (req) => {
        await approvals.withdrawRequest(ctx, req.rc, req.params.id, req.body.version);
        return queries.getRequest(ctx, req.rc, req.params.id);
      },
    );

    const gtags = ['access'];
    app.post(
      '/api/access-requests',
      { schema: { tags: gtags, body: accessRequestBody, response: { 201: z.object({ requestId: z.string() }) } } },
      async (req, reply) => reply.status(201).send(await grants.requestAccess(ctx, req.rc, req.body)),
    );
    app.post(
      '/api/items/:id/emergency-access',
      { schema: { tags: gtags, params: idParam, body: emergencyAccessBody, response: { 201: grantSchema } } },
      async (req, reply) =>
        reply.status(201).send(await grants.emergencyAccess(ctx, req.rc, { id: req.params.id }, req.body.reason)),
    );
    app.post(
      '/api/emergency-access',
      { schema: { tags: gtags, body: emergencyByNumberBody, response: { 201: grantSchema } } },
      async (req, reply) =>
        reply
          .status(201)
          .send(await grants.emergencyAccess(ctx, req.rc, { number: req.body.itemNumber }, req.body.reason)),
    );
    app.get(
      '/api/grants',
      { schema: { tags: gtags, querystring: grantListQuery, response: { 200: grantListResponse } } },
      async (req) => {
        const q = req.query;
        return grants.listGrants(ctx, req.rc, {
          view: q.view,
          active: q.active === undefined ? undefined : q.active === 'true',
          itemId: q.itemId,
          page: q.page ?? 1,
          pageSize: q.pageSize ?? DEFAULT_PAGE_SIZE,
        });
      },
    );
    app.post(
      '/api/grants/:id/revoke',
      { schema: { tags: gtags, params: idParam, body: revokeGrantBody, response: { 200: okResponse } } },
      async (req) => {
        await grants.revokeGrant(ctx, req.rc, req.params.id, req.body);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/grants/:id/review',
      { schema: { tags: gtags, params: idParam, body: reviewGrantBody, response: { 200: okResponse } } },
      async (req) => {
        await grants.reviewGrant(ctx, req.rc, req.params.id, req.body);
        return { ok: true as const };
      },
    );

    const vtags = ['reviews'];
    app.get(
      '/api/review-campaigns',
      { schema: { tags: vtags, response: { 200: campaignListResponse } } },
      async (req) => ({ items: await reviews.listCampaigns(ctx, req.rc) }),
    );
    app.post(
      '/api/review-campaigns',
      {
        schema: {
          tags: vtags,
          body: createCampaignBody,
          response: { 201: z.object({ id: z.string(), tasks: z.number().int() }) },
        },
      },
      async (req, reply) => reply.status(201).send(await reviews.createCampaign(ctx, req.rc, req.body)),
    );
    app.post(
      '/api/review-campaigns/:id/close',
      { schema: { tags: vtags, params: idParam, body: z.strictObject({}), response: { 200: okResponse } } },
      async (req) => {
        await reviews.closeCampaign(ctx, req.rc, req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/api/review-tasks',
      { schema: { tags: vtags, querystring: reviewTaskListQuery, response: { 200: reviewTaskListResponse } } },
      async (req) => {
        const q = req.query;
        return reviews.listTasks(ctx, req.rc, {
          status: q.status,
          campaignId: q.campaignId,
          page: q.page ?? 1,
          pageSize: q.pageSize ?? DEFAULT_PAGE_SIZE,
        });
      },
    );
    app.get(
      '/api/review-tasks/:id',
      { schema: { tags: vtags, params: idParam, response: { 200: reviewTaskDetailSchema } } },
      async (req) => reviews.getTask(ctx, req.rc, req.params.id),
    );
    app.post(
      '/api/review-tasks/:id/decide',
      { schema: { tags: vtags, params: idParam, body: decideReviewBody, response: { 200: reviewTaskSchema } } },
      async (req) => reviews.decideTask(ctx, req.rc, req.params.id, req.body),
    );
  };
}
