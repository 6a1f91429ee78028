import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, okResponse } from '../../platform/contracts/common.js';
import {
  accessRequestBody,
  campaignListResponse,
  createCampaignBody,
  decideReviewBody,
  emergencyAccessBody,
  emergencyByNumberBody,
  grantListQuery,
  grantListResponse,
  grantSchema,
  reviewGrantBody,
  reviewTaskDetailSchema,
  reviewTaskListQuery,
  reviewTaskListResponse,
  reviewTaskSchema,
  revokeGrantBody,
} from './contracts/access.js';
import { DEFAULT_PAGE_SIZE } from '../../kernel/pagination.js';
import type { AppContext } from '../../platform/context.js';
import * as grants from './services/grant-service.js';
import { itemAccessOptionsResponse } from './contracts/access-options.js';
import { itemAccessOptions, refuseUnlessMayAsk } from './services/access-asking.js';
import * as reviews from './services/review-service.js';
import * as reviewCampaigns from './services/review-campaigns.js';
import * as reviewTasks from './services/review-tasks.js';

/** Access to items (requests, break-glass, grants) and review campaigns: classification's, beside the engine. */
export function accessRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const gtags = ['access'];
    app.post(
      '/api/access-requests',
      { schema: { tags: gtags, body: accessRequestBody, response: { 201: z.object({ requestId: z.string() }) } } },
      async (req, reply) => {
        await refuseUnlessMayAsk(ctx, req.rc, 'item.request_access');
        return reply.status(201).send(await grants.requestAccess(ctx, req.rc, req.body));
      },
    );
    app.get(
      '/api/items/:id/access-options',
      { schema: { tags: gtags, params: idParam, response: { 200: itemAccessOptionsResponse } } },
      async (req) => itemAccessOptions(ctx, req.rc, req.params.id),
    );
    app.post(
      '/api/items/:id/emergency-access',
      { schema: { tags: gtags, params: idParam, body: emergencyAccessBody, response: { 201: grantSchema } } },
      async (req, reply) => {
        await refuseUnlessMayAsk(ctx, req.rc, 'grant.emergency');
        return reply
          .status(201)
          .send(await grants.emergencyAccess(ctx, req.rc, { id: req.params.id }, req.body.reason));
      },
    );
    app.post(
      '/api/emergency-access',
      { schema: { tags: gtags, body: emergencyByNumberBody, response: { 201: grantSchema } } },
      async (req, reply) => {
        await refuseUnlessMayAsk(ctx, req.rc, 'grant.emergency');
        return reply
          .status(201)
          .send(await grants.emergencyAccess(ctx, req.rc, { number: req.body.itemNumber }, req.body.reason));
      },
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
          expiresBefore: q.expiresBefore,
          review: q.review,
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
      async (req) => ({ items: await reviewCampaigns.listCampaigns(ctx, req.rc) }),
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
      async (req, reply) => reply.status(201).send(await reviewCampaigns.createCampaign(ctx, req.rc, req.body)),
    );
    app.post(
      '/api/review-campaigns/:id/close',
      { schema: { tags: vtags, params: idParam, body: z.strictObject({}), response: { 200: okResponse } } },
      async (req) => {
        await reviewCampaigns.closeCampaign(ctx, req.rc, req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/api/review-tasks',
      { schema: { tags: vtags, querystring: reviewTaskListQuery, response: { 200: reviewTaskListResponse } } },
      async (req) => {
        const q = req.query;
        return reviewTasks.listTasks(ctx, req.rc, {
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
      async (req) => reviewTasks.getTask(ctx, req.rc, req.params.id),
    );
    app.post(
      '/api/review-tasks/:id/decide',
      { schema: { tags: vtags, params: idParam, body: decideReviewBody, response: { 200: reviewTaskSchema } } },
      async (req) => reviews.decideTask(ctx, req.rc, req.params.id, req.body),
    );
    app.get(
      '/api/review-tasks/count',
      { schema: { tags: vtags, response: { 200: z.object({ pending: z.number().int() }) } } },
      async (req) => ({ pending: await reviewTasks.pendingTaskCount(ctx, req.rc) }),
    );
  };
}
