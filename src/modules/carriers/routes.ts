import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HANDLER_DUTIES } from '../../kernel/carriers.js';
import { idParam } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import {
  carrierCountQuery,
  carrierCountResponse,
  carrierDetailSchema,
  carrierListQuery,
  carrierListResponse,
  carrierSettingsResponse,
  createLocationBody,
  handlerBody,
  handlerListResponse,
  handlerQuery,
  locationListResponse,
  locationSchema,
  myDutiesResponse,
  registerCarrierBody,
  registerResponse,
  updateCarrierBody,
  updateCarrierSettingsBody,
  updateLocationBody,
  versionBody,
} from './contracts/carriers.js';
import * as read from './services/carrier-read.js';
import * as register from './services/register-service.js';
import * as locations from './services/location-service.js';
import * as handlers from './services/handler-service.js';
import * as settings from './services/carrier-settings.js';

/** The register: carriers and their ledgers, storage locations, designated handlers, settings. */
export function registerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['carriers'];
    app.get(
      '/api/carriers',
      { schema: { tags, querystring: carrierListQuery, response: { 200: carrierListResponse } } },
      async (req) => read.listCarriers(ctx, req.rc, req.query),
    );
    app.get(
      '/api/carriers/count',
      { schema: { tags, querystring: carrierCountQuery, response: { 200: carrierCountResponse } } },
      async (req) => ({ total: await read.countCarriers(ctx, req.rc, req.query) }),
    );
    app.post(
      '/api/carriers',
      { schema: { tags, body: registerCarrierBody, response: { 201: registerResponse } } },
      async (req, reply) => reply.code(201).send(await register.registerCarrier(ctx, req.rc, req.body)),
    );
    app.get(
      '/api/carriers/:id',
      { schema: { tags, params: idParam, response: { 200: carrierDetailSchema } } },
      async (req) => read.getCarrier(ctx, req.rc, req.params.id),
    );
    app.put(
      '/api/carriers/:id',
      { schema: { tags, params: idParam, body: updateCarrierBody, response: { 200: carrierDetailSchema } } },
      async (req) => register.updateCarrier(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/carriers/:id/finalise',
      { schema: { tags, params: idParam, body: versionBody, response: { 200: carrierDetailSchema } } },
      async (req) => register.finaliseCarrier(ctx, req.rc, req.params.id, req.body.version),
    );

    app.get('/api/storage-locations', { schema: { tags, response: { 200: locationListResponse } } }, async (req) =>
      locations.listLocations(ctx, req.rc),
    );
    app.post(
      '/api/storage-locations',
      { schema: { tags, body: createLocationBody, response: { 201: locationSchema } } },
      async (req, reply) => reply.code(201).send(await locations.createLocation(ctx, req.rc, req.body)),
    );
    app.put(
      '/api/storage-locations/:id',
      { schema: { tags, params: idParam, body: updateLocationBody, response: { 200: locationSchema } } },
      async (req) => locations.updateLocation(ctx, req.rc, req.params.id, req.body),
    );

    app.get(
      '/api/carrier-handlers',
      { schema: { tags, querystring: handlerQuery, response: { 200: handlerListResponse } } },
      async (req) => handlers.listHandlers(ctx, req.rc, req.query.departmentId),
    );
    app.get('/api/carrier-handlers/mine', { schema: { tags, response: { 200: myDutiesResponse } } }, async (req) =>
      handlers.myDuties(ctx, req.rc),
    );
    app.post(
      '/api/departments/:id/carrier-handlers',
      { schema: { tags, params: idParam, body: handlerBody, response: { 200: handlerListResponse } } },
      async (req) => handlers.assignHandler(ctx, req.rc, req.params.id, req.body),
    );
    app.delete(
      '/api/departments/:id/carrier-handlers/:userId/:duty',
      {
        schema: {
          tags,
          params: z.strictObject({ id: z.uuid(), userId: z.uuid(), duty: z.enum(HANDLER_DUTIES) }),
          response: { 200: handlerListResponse },
        },
      },
      async (req) =>
        handlers.removeHandler(ctx, req.rc, req.params.id, { userId: req.params.userId, duty: req.params.duty }),
    );
    app.get('/api/carrier-settings', { schema: { tags, response: { 200: carrierSettingsResponse } } }, async (req) =>
      settings.viewCarrierSettings(ctx, req.rc),
    );
    app.put(
      '/api/carrier-settings',
      { schema: { tags, body: updateCarrierSettingsBody, response: { 200: carrierSettingsResponse } } },
      async (req) => settings.updateCarrierSettings(ctx, req.rc, req.body),
    );
  };
}
