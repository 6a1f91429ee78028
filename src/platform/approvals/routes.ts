import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParam } from '../contracts/common.js';
import {
  approvalChainsResponse,
  decideBody,
  evidenceBody,
  evidenceParams,
  evidenceResponse,
  recordPaperBody,
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
import { decideRequest } from './decide.js';
import { rawBodyParser } from '../http/raw-body.js';
import * as paper from './paper-records.js';

const MIB = 1024 * 1024;
/** A scan's raw bytes, up to its limit (the service checks its type against its first bytes). */
const readScan = rawBodyParser(
  paper.EVIDENCE_MAX_BYTES,
  `The scan is larger than ${paper.EVIDENCE_MAX_BYTES / MIB} MiB; scan it again smaller`,
);

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
        await decideRequest(ctx, req.rc, req.params.id, req.body);
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

    // Paper decisions: the scan first (raw bytes: only these routes take a body other than strict JSON), then the record.
    await app.register(async (context) => {
      const scans = context.withTypeProvider<ZodTypeProvider>();
      scans.removeAllContentTypeParsers();
      scans.addContentTypeParser('*', readScan);
      scans.post(
        '/api/requests/:id/paper-evidence',
        {
          bodyLimit: paper.EVIDENCE_MAX_BYTES,
          schema: {
            tags: rtags,
            params: idParam,
            consumes: [...paper.EVIDENCE_MEDIA_TYPES],
            body: evidenceBody,
            response: { 201: evidenceResponse },
          },
        },
        async (req, reply) => {
          const answer = await paper.uploadEvidence(ctx, req.rc, req.params.id, req.body, req.headers['content-type']);
          return reply.status(201).send(answer);
        },
      );
    });
    app.post(
      '/api/requests/:id/record-paper',
      { schema: { tags: rtags, params: idParam, body: recordPaperBody, response: { 200: requestDetailSchema } } },
      async (req) => {
        await paper.recordPaperDecision(ctx, req.rc, req.params.id, req.body);
        return queries.getRequest(ctx, req.rc, req.params.id);
      },
    );
    app.get(
      '/api/requests/:id/paper-evidence/:evidenceId',
      { schema: { tags: rtags, params: evidenceParams } },
      async (req, reply) => {
        const scan = await paper.readEvidence(ctx, req.rc, req.params.id, req.params.evidenceId);
        void reply
          .header('content-type', scan.mediaType)
          .header('content-length', String(scan.size))
          .header('content-disposition', `inline; filename="${scan.filename}"`);
        return reply.send(scan.stream);
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
