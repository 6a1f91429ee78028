import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { idParam } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import { rawBodyParser } from '../../platform/http/raw-body.js';
import {
  assignBody,
  assignmentListQuery,
  assignmentListResponse,
  assignmentSchema,
  assignResponse,
  cancelAssignmentBody,
  completionSchema,
  externalSchema,
  fileBody,
  recordCompletionQuery,
  recordExternalQuery,
  trainingRecordResponse,
  userIdParam,
} from './contracts/records.js';
import { myTraining, personTraining } from './services/my-training.js';
import { readCompletionEvidence, recordCompletion } from './services/record-completion.js';
import { readExternalFile, recordExternal } from './services/external-service.js';
import { assign, cancelAssignment, listAssignments } from './services/assignment-service.js';
import { RECORD_FILE_MAX_BYTES, RECORD_FILE_MEDIA_TYPES, type RecordFile } from './services/record-access.js';

const readFile = rawBodyParser(
  RECORD_FILE_MAX_BYTES,
  `The file is larger than ${RECORD_FILE_MAX_BYTES / 1024 / 1024} MiB; scan it smaller`,
);

const sendFile = (reply: FastifyReply, f: RecordFile) =>
  reply
    .header('content-type', f.mediaType)
    .header('content-length', String(f.size))
    .header('content-disposition', `inline; filename="${f.filename}"`)
    .send(f.stream);

/**
 * A person's training record (mine, a person's), completions recorded by the office, follow-up tasks (TRN-13) and
 * external certificates (TRN-11).
 */
export function recordRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['training'];
    app.get('/api/training/me', { schema: { tags, response: { 200: trainingRecordResponse } } }, async (req) =>
      myTraining(ctx, req.rc),
    );
    app.get(
      '/api/training/people/:userId',
      { schema: { tags, params: userIdParam, response: { 200: trainingRecordResponse } } },
      async (req) => personTraining(ctx, req.rc, req.params.userId),
    );
    app.get('/api/training/completions/:id/evidence', { schema: { tags, params: idParam } }, async (req, reply) =>
      sendFile(reply, await readCompletionEvidence(ctx, req.rc, req.params.id)),
    );
    app.get('/api/training/external/:id/file', { schema: { tags, params: idParam } }, async (req, reply) =>
      sendFile(reply, await readExternalFile(ctx, req.rc, req.params.id)),
    );
    // Uploads: the file is the body (raw bytes), the details the query.
    await app.register(async (context) => {
      const files = context.withTypeProvider<ZodTypeProvider>();
      files.removeAllContentTypeParsers();
      files.addContentTypeParser('*', readFile);
      files.post(
        '/api/training/people/:userId/completions',
        {
          bodyLimit: RECORD_FILE_MAX_BYTES,
          schema: {
            tags,
            params: userIdParam,
            querystring: recordCompletionQuery,
            consumes: [...RECORD_FILE_MEDIA_TYPES],
            body: fileBody,
            response: { 201: completionSchema },
          },
        },
        async (req, reply) =>
          reply
            .code(201)
            .send(
              await recordCompletion(ctx, req.rc, req.params.userId, req.query, req.body, req.headers['content-type']),
            ),
      );
      files.post(
        '/api/training/people/:userId/external',
        {
          bodyLimit: RECORD_FILE_MAX_BYTES,
          schema: {
            tags,
            params: userIdParam,
            querystring: recordExternalQuery,
            consumes: [...RECORD_FILE_MEDIA_TYPES],
            body: fileBody,
            response: { 201: externalSchema },
          },
        },
        async (req, reply) =>
          reply
            .code(201)
            .send(
              await recordExternal(ctx, req.rc, req.params.userId, req.query, req.body, req.headers['content-type']),
            ),
      );
    });
    app.post(
      '/api/training/assignments',
      { schema: { tags, body: assignBody, response: { 201: assignResponse } } },
      async (req, reply) => reply.code(201).send({ items: await assign(ctx, req.rc, req.body) }),
    );
    app.get(
      '/api/training/assignments',
      { schema: { tags, querystring: assignmentListQuery, response: { 200: assignmentListResponse } } },
      async (req) => listAssignments(ctx, req.rc, req.query),
    );
    app.post(
      '/api/training/assignments/:id/cancel',
      { schema: { tags, params: idParam, body: cancelAssignmentBody, response: { 200: assignmentSchema } } },
      async (req) => cancelAssignment(ctx, req.rc, req.params.id, req.body),
    );
  };
}
