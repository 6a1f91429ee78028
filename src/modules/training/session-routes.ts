import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import {
  attendanceResponse,
  attendBody,
  createSessionBody,
  enrolBody,
  qrResponse,
  scanBody,
  sessionDetailSchema,
  sessionListQuery,
  sessionListResponse,
  sessionPersonParams,
  sessionVersionBody,
  updateSessionBody,
} from './contracts/sessions.js';
import * as sessions from './services/session-service.js';
import * as sessionReads from './services/session-reads.js';
import * as people from './services/session-people.js';
import * as attendance from './services/attendance-service.js';

/** Offline sessions, their sign-in lists and attendance, and the caller's training QR code (`/api/training/...`). */
export function sessionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['training'];
    app.get(
      '/api/training/sessions',
      { schema: { tags, querystring: sessionListQuery, response: { 200: sessionListResponse } } },
      async (req) => sessionReads.listSessions(ctx, req.rc, req.query),
    );
    app.post(
      '/api/training/sessions',
      { schema: { tags, body: createSessionBody, response: { 201: sessionDetailSchema } } },
      async (req, reply) => reply.code(201).send(await sessions.createSession(ctx, req.rc, req.body)),
    );
    app.get(
      '/api/training/sessions/:id',
      { schema: { tags, params: idParam, response: { 200: sessionDetailSchema } } },
      async (req) => sessionReads.getSession(ctx, req.rc, req.params.id),
    );
    app.put(
      '/api/training/sessions/:id',
      { schema: { tags, params: idParam, body: updateSessionBody, response: { 200: sessionDetailSchema } } },
      async (req) => sessions.updateSession(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/training/sessions/:id/cancel',
      { schema: { tags, params: idParam, body: sessionVersionBody, response: { 200: sessionDetailSchema } } },
      async (req) => sessions.cancelSession(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/training/sessions/:id/close',
      { schema: { tags, params: idParam, body: sessionVersionBody, response: { 200: sessionDetailSchema } } },
      async (req) => sessions.closeSession(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/training/sessions/:id/sign-up',
      { schema: { tags, params: idParam, response: { 200: sessionDetailSchema } } },
      async (req) => people.signUp(ctx, req.rc, req.params.id),
    );
    app.post(
      '/api/training/sessions/:id/withdraw',
      { schema: { tags, params: idParam, response: { 200: sessionDetailSchema } } },
      async (req) => people.withdraw(ctx, req.rc, req.params.id),
    );
    app.post(
      '/api/training/sessions/:id/people',
      { schema: { tags, params: idParam, body: enrolBody, response: { 200: sessionDetailSchema } } },
      async (req) => people.enrolPeople(ctx, req.rc, req.params.id, req.body),
    );
    app.delete(
      '/api/training/sessions/:id/people/:userId',
      { schema: { tags, params: sessionPersonParams, response: { 200: sessionDetailSchema } } },
      async (req) => people.removePerson(ctx, req.rc, req.params.id, req.params.userId),
    );
    app.post(
      '/api/training/sessions/:id/attendance',
      { schema: { tags, params: idParam, body: attendBody, response: { 200: attendanceResponse } } },
      async (req) => attendance.recordAttendance(ctx, req.rc, req.params.id, req.body.userId),
    );
    app.post(
      '/api/training/sessions/:id/scan',
      { schema: { tags, params: idParam, body: scanBody, response: { 200: attendanceResponse } } },
      async (req) => attendance.scanAttendance(ctx, req.rc, req.params.id, req.body.code),
    );
    app.get('/api/training/me/qr', { schema: { tags, response: { 200: qrResponse } } }, async (req) =>
      attendance.myQrCode(ctx, req.rc),
    );
  };
}
