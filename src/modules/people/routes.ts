import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import {
  agreementSettingsResponse,
  createTemplateBody,
  previewBody,
  previewResponse,
  publishResponse,
  renderedVersionSchema,
  templateDetailSchema,
  templateListQuery,
  templateListResponse,
  templateVersionBody,
  updateAgreementSettingsBody,
  updateTemplateBody,
  versionParams,
} from './contracts/templates.js';
import * as templates from './services/template-service.js';
import * as templateReads from './services/template-reads.js';
import * as templateLifecycle from './services/template-lifecycle.js';
import * as settings from './services/agreement-settings.js';

/** The agreements' templates, their published versions (read rendered for the caller) and the settings. */
export function templateRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['agreements'];
    // Reads a person held on the "sign now" page needs too (session stage `agreements`).
    const held = { auth: ['agreements', 'full'] as const };
    app.get(
      '/api/agreement-templates',
      { schema: { tags, querystring: templateListQuery, response: { 200: templateListResponse } } },
      async (req) => templateReads.listTemplates(ctx, req.rc, req.query),
    );
    app.post(
      '/api/agreement-templates',
      { schema: { tags, body: createTemplateBody, response: { 201: templateDetailSchema } } },
      async (req, reply) => reply.code(201).send(await templates.createTemplate(ctx, req.rc, req.body)),
    );
    app.post(
      '/api/agreement-templates/preview',
      { schema: { tags, body: previewBody, response: { 200: previewResponse } } },
      async (req) => templates.previewTemplate(ctx, req.rc, req.body),
    );
    app.get(
      '/api/agreement-templates/:id',
      { schema: { tags, params: idParam, response: { 200: templateDetailSchema } } },
      async (req) => templateReads.getTemplate(ctx, req.rc, req.params.id),
    );
    app.put(
      '/api/agreement-templates/:id',
      { schema: { tags, params: idParam, body: updateTemplateBody, response: { 200: templateDetailSchema } } },
      async (req) => templates.updateTemplate(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/agreement-templates/:id/publish',
      { schema: { tags, params: idParam, body: templateVersionBody, response: { 200: publishResponse } } },
      async (req) => templateLifecycle.publishTemplate(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/agreement-templates/:id/retire',
      { schema: { tags, params: idParam, body: templateVersionBody, response: { 200: templateDetailSchema } } },
      async (req) => templateLifecycle.retireTemplate(ctx, req.rc, req.params.id, req.body),
    );
    app.get(
      '/api/agreement-templates/:id/versions/:versionId',
      { schema: { tags, params: versionParams, response: { 200: renderedVersionSchema } }, config: held },
      async (req) => templateReads.renderVersionFor(ctx, req.rc, req.params.id, req.params.versionId),
    );
    app.get(
      '/api/agreement-settings',
      { schema: { tags, response: { 200: agreementSettingsResponse } }, config: held },
      async (req) => settings.viewAgreementSettings(ctx, req.rc),
    );
    app.put(
      '/api/agreement-settings',
      { schema: { tags, body: updateAgreementSettingsBody, response: { 200: agreementSettingsResponse } } },
      async (req) => settings.updateAgreementSettings(ctx, req.rc, req.body),
    );
  };
}
