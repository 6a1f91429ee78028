import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.js';
import { idParam, okResponse } from '../../platform/contracts/common.js';
import { contentTypeOf } from '../../platform/export/table-export.js';
import { rawBodyParser } from '../../platform/http/raw-body.js';
import {
  coverageQuery,
  coverageResponse,
  reportExportQuery,
  reportQuery,
  reportResponse,
  settingsResponse,
  toDoResponse,
  updateSettingsBody,
} from './contracts/reports.js';
import {
  campaignFileBody,
  campaignFileQuery,
  campaignListQuery,
  campaignListResponse,
  campaignSchema,
  createCampaignBody,
  updateCampaignBody,
} from './contracts/campaigns.js';
import {
  awarenessListResponse,
  awarenessSchema,
  createAwarenessBody,
  deleteVersionQuery,
  updateAwarenessBody,
} from './contracts/awareness.js';
import { viewTrainingSettings, updateTrainingSettings } from './services/settings-service.js';
import { trainingReport } from './services/report-service.js';
import { trainingCoverage } from './services/coverage-service.js';
import { exportReport } from './services/report-export.js';
import { myToDo } from './services/cards.js';
import * as campaigns from './services/campaign-service.js';
import * as awareness from './services/awareness-service.js';

/** A campaign file's raw bytes, up to its limit (the service checks its type against its first bytes). */
const readFile = rawBodyParser(
  campaigns.CAMPAIGN_FILE_MAX_BYTES,
  `The file is larger than ${campaigns.CAMPAIGN_FILE_MAX_BYTES / 1024 / 1024} MiB; make it smaller`,
);

/** An RFC 6266 attachment header for a file name that may not be ASCII. */
const disposition = (kind: 'inline' | 'attachment', name: string) =>
  `${kind}; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * The reports part of training: the settings, the report, coverage and export, the caller's open training (the
 * workbench card's list), publicity campaigns (TRN-12) and awareness messages (TRN-06).
 */
export function reportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['training'];
    app.get('/api/training/settings', { schema: { tags, response: { 200: settingsResponse } } }, async (req) =>
      viewTrainingSettings(ctx, req.rc),
    );
    app.put(
      '/api/training/settings',
      { schema: { tags, body: updateSettingsBody, response: { 200: settingsResponse } } },
      async (req) => updateTrainingSettings(ctx, req.rc, req.body),
    );

    app.get(
      '/api/training/report',
      { schema: { tags, querystring: reportQuery, response: { 200: reportResponse } } },
      async (req) => trainingReport(ctx, req.rc, req.query),
    );
    app.get(
      '/api/training/report/coverage',
      { schema: { tags, querystring: coverageQuery, response: { 200: coverageResponse } } },
      async (req) => trainingCoverage(ctx, req.rc, req.query),
    );
    app.get('/api/training/report/export', { schema: { tags, querystring: reportExportQuery } }, async (req, reply) => {
      const { stream, filename } = await exportReport(ctx, req.rc, req.query);
      void reply
        .header('content-type', contentTypeOf(req.query.format))
        .header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(stream);
    });
    // The caller's training due or overdue: the list the workbench card `training.to_do` counts.
    app.get('/api/training/me/to-do', { schema: { tags, response: { 200: toDoResponse } } }, async (req) =>
      myToDo(ctx, req.rc),
    );

    app.get(
      '/api/training/campaigns',
      { schema: { tags, querystring: campaignListQuery, response: { 200: campaignListResponse } } },
      async (req) => campaigns.listCampaigns(ctx, req.rc, req.query),
    );
    app.post(
      '/api/training/campaigns',
      { schema: { tags, body: createCampaignBody, response: { 201: campaignSchema } } },
      async (req, reply) => reply.code(201).send(await campaigns.createCampaign(ctx, req.rc, req.body)),
    );
    app.get(
      '/api/training/campaigns/:id',
      { schema: { tags, params: idParam, response: { 200: campaignSchema } } },
      async (req) => campaigns.getCampaign(ctx, req.rc, req.params.id),
    );
    app.put(
      '/api/training/campaigns/:id',
      { schema: { tags, params: idParam, body: updateCampaignBody, response: { 200: campaignSchema } } },
      async (req) => campaigns.updateCampaign(ctx, req.rc, req.params.id, req.body),
    );
    app.delete(
      '/api/training/campaigns/:id',
      { schema: { tags, params: idParam, querystring: deleteVersionQuery, response: { 200: okResponse } } },
      async (req) => {
        await campaigns.deleteCampaign(ctx, req.rc, req.params.id, req.query.version);
        return { ok: true as const };
      },
    );
    app.get('/api/training/campaigns/:id/file', { schema: { tags, params: idParam } }, async (req, reply) => {
      const f = await campaigns.readCampaignFile(ctx, req.rc, req.params.id);
      void reply
        .header('content-type', f.mediaType)
        .header('content-length', String(f.size))
        .header('content-disposition', disposition('inline', f.filename));
      return reply.send(f.stream);
    });
    // The campaign's file: the body is the raw bytes (only this route takes a body other than strict JSON).
    await app.register(async (context) => {
      const files = context.withTypeProvider<ZodTypeProvider>();
      files.removeAllContentTypeParsers();
      files.addContentTypeParser('*', readFile);
      files.put(
        '/api/training/campaigns/:id/file',
        {
          bodyLimit: campaigns.CAMPAIGN_FILE_MAX_BYTES,
          schema: {
            tags,
            params: idParam,
            querystring: campaignFileQuery,
            consumes: [...campaigns.CAMPAIGN_MEDIA_TYPES],
            body: campaignFileBody,
            response: { 200: campaignSchema },
          },
        },
        async (req) =>
          campaigns.attachCampaignFile(ctx, req.rc, req.params.id, req.query, req.body, req.headers['content-type']),
      );
    });

    app.get('/api/training/awareness', { schema: { tags, response: { 200: awarenessListResponse } } }, async (req) =>
      awareness.listAwarenessMessages(ctx, req.rc),
    );
    app.post(
      '/api/training/awareness',
      { schema: { tags, body: createAwarenessBody, response: { 201: awarenessSchema } } },
      async (req, reply) => reply.code(201).send(await awareness.createAwarenessMessage(ctx, req.rc, req.body)),
    );
    app.get(
      '/api/training/awareness/:id',
      { schema: { tags, params: idParam, response: { 200: awarenessSchema } } },
      async (req) => awareness.getAwarenessMessage(ctx, req.rc, req.params.id),
    );
    app.put(
      '/api/training/awareness/:id',
      { schema: { tags, params: idParam, body: updateAwarenessBody, response: { 200: awarenessSchema } } },
      async (req) => awareness.updateAwarenessMessage(ctx, req.rc, req.params.id, req.body),
    );
    app.delete(
      '/api/training/awareness/:id',
      { schema: { tags, params: idParam, querystring: deleteVersionQuery, response: { 200: okResponse } } },
      async (req) => {
        await awareness.deleteAwarenessMessage(ctx, req.rc, req.params.id, req.query.version);
        return { ok: true as const };
      },
    );
  };
}
