import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, okResponse } from '../../platform/contracts/common.js';
import {
  classificationSettingsResponse,
  classifierListResponse,
  classifierSchema,
  createClassifierBody,
  itemChangeBody,
  transferCustodyBody,
  itemContentResponse,
  itemCountQuery,
  itemCountResponse,
  itemDetailSchema,
  itemExportQuery,
  itemHistoryResponse,
  itemListQuery,
  itemListResponse,
  proposeItemBody,
  updateClassificationPolicyBody,
  updateItemBody,
} from './contracts/classification.js';
import { versionField } from '../../platform/contracts/common.js';

const versionOnlyBody = z.strictObject({ version: versionField });
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { contentTypeOf } from '../../platform/export/table-export.js';
import { eligibleQuery, eligibleResponse } from '../identity/index.js';
import { eligiblePeople } from './services/eligible-people.js';
import * as settings from './services/classification-settings.js';
import * as classifiers from './services/classifier-service.js';
import * as items from './services/item-service.js';
import * as itemReads from './services/item-reads.js';
import * as itemChanges from './services/item-changes.js';
import { exportItems } from './services/item-export.js';
import * as custody from './services/item-custody.js';
import { printItem } from './services/item-print.js';
import { printQuery, sendPdf } from '../../platform/print/print-service.js';

export function classificationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const stags = ['classification'];
    // Who a people picker may offer as custodian or classification authority: the directory's people, by
    // classification's rules (clearance for a level, no authority yet). Listed under the directory's tag.
    app.get(
      '/api/users/eligible',
      { schema: { tags: ['users'], querystring: eligibleQuery, response: { 200: eligibleResponse } } },
      async (req) => eligiblePeople(ctx, req.rc, req.query),
    );
    app.get(
      '/api/classification/settings',
      { schema: { tags: stags, response: { 200: classificationSettingsResponse } } },
      async (req) => settings.viewClassificationSettings(ctx, req.rc),
    );
    app.put(
      '/api/classification/policy',
      {
        schema: {
          tags: stags,
          body: updateClassificationPolicyBody,
          response: { 200: classificationSettingsResponse },
        },
      },
      async (req) => settings.updateClassificationPolicy(ctx, req.rc, req.body),
    );

    app.get(
      '/api/classifiers',
      { schema: { tags: stags, response: { 200: classifierListResponse } } },
      async (req) => ({ items: await classifiers.listClassifiersFor(ctx, req.rc) }),
    );
    app.post(
      '/api/classifiers',
      { schema: { tags: stags, body: createClassifierBody, response: { 201: classifierSchema } } },
      async (req, reply) => reply.status(201).send(await classifiers.appointClassifier(ctx, req.rc, req.body)),
    );
    app.post(
      '/api/classifiers/:id/revoke',
      { schema: { tags: stags, params: idParam, body: versionOnlyBody, response: { 200: okResponse } } },
      async (req) => {
        await classifiers.revokeClassifier(ctx, req.rc, req.params.id, req.body.version);
        return { ok: true as const };
      },
    );

    const itags = ['secret items'];
    app.get(
      '/api/items',
      { schema: { tags: itags, querystring: itemListQuery, response: { 200: itemListResponse } } },
      async (req) => {
        const q = req.query;
        return itemReads.listItems(ctx, req.rc, {
          ...q,
          sort: q.sort ?? 'number',
          order: q.order ?? 'desc',
          limit: q.limit ?? 20,
        });
      },
    );
    app.get(
      '/api/items/count',
      { schema: { tags: itags, querystring: itemCountQuery, response: { 200: itemCountResponse } } },
      async (req) => ({
        total: await itemReads.countItems(ctx, req.rc, req.query),
      }),
    );
    app.get('/api/items/export', { schema: { tags: itags, querystring: itemExportQuery } }, async (req, reply) => {
      const stream = await exportItems(ctx, req.rc, req.query);
      const stamp = await settings.todayOf(ctx);
      void reply
        .header('content-type', contentTypeOf(req.query.format))
        .header('content-disposition', `attachment; filename="baomi-secret-items-${stamp}.${req.query.format}"`);
      return reply.send(stream);
    });
    app.post(
      '/api/items',
      {
        schema: {
          tags: itags,
          body: proposeItemBody,
          response: { 201: z.object({ item: itemDetailSchema, requestId: z.string() }) },
        },
      },
      async (req, reply) => reply.status(201).send(await items.proposeItem(ctx, req.rc, req.body)),
    );
    app.get(
      '/api/items/:id',
      { schema: { tags: itags, params: idParam, response: { 200: itemDetailSchema } } },
      async (req) => itemReads.getItem(ctx, req.rc, req.params.id),
    );
    app.patch(
      '/api/items/:id',
      { schema: { tags: itags, params: idParam, body: updateItemBody, response: { 200: itemDetailSchema } } },
      async (req) => items.updateItem(ctx, req.rc, req.params.id, req.body),
    );
    app.get(
      '/api/items/:id/content',
      { schema: { tags: itags, params: idParam, response: { 200: itemContentResponse } } },
      async (req) => itemReads.readItemContent(ctx, req.rc, req.params.id),
    );
    app.get(
      '/api/items/:id/history',
      { schema: { tags: itags, params: idParam, response: { 200: itemHistoryResponse } } },
      async (req) => itemReads.itemHistory(ctx, req.rc, req.params.id),
    );
    // The item's catalogue entry as a marked PDF (item.print; every print audited with its copy number).
    app.get(
      '/api/items/:id/print',
      { schema: { tags: itags, params: idParam, querystring: printQuery } },
      async (req, reply) => sendPdf(reply, await printItem(ctx, req.rc, req.params.id, req.query.lang)),
    );
    app.post(
      '/api/items/:id/custody',
      { schema: { tags: itags, params: idParam, body: transferCustodyBody, response: { 200: itemDetailSchema } } },
      async (req) => custody.transferCustody(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/items/:id/changes',
      {
        schema: {
          tags: itags,
          params: idParam,
          body: itemChangeBody,
          response: { 201: z.object({ requestId: z.string() }) },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await itemChanges.requestChange(ctx, req.rc, req.params.id, req.body)),
    );
  };
}
