import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../contracts/common.js';
import {
  approvalChainsResponse,
  decideBody,
  requestCountsResponse,
  requestDetailSchema,
  requestListQuery,
  requestListResponse,
  updateChainsBody,
  versionOnlyBody,
} from './contracts.js';
import { DEFAULT_PAGE_SIZE } from '../../kernel/pagination.js';
import type { AppContext } from '../context.js';
import * as approvals from './approval-service.js';
import * as queries from './approval-queries.js';
import * as chains from './chain-settings.js';

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

    app.get('/api/approval-chains', { schema: { tags: rtags, response: { 200: approvalChainsResponse } } }, async () =>
      chains.viewChains(ctx),
    );
    app.put(
      '/api/approval-chains',
      { schema: { tags: rtags, body: updateChainsBody, response: { 200: approvalChainsResponse } } },
      async (req) => chains.updateChains(ctx, req.rc, req.body),
    );
  };
}
