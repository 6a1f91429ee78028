import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../platform/contracts/common.js';
import type { AppContext } from '../../platform/context.js';
import { rawBodyParser } from '../../platform/http/raw-body.js';
import { printQuery, sendPdf } from '../../platform/print/print-service.js';
import {
  courseDetailSchema,
  courseListQuery,
  courseListResponse,
  courseVersionBody,
  completionParams,
  courseVersionQuery,
  createCourseBody,
  heartbeatBody,
  learnBody,
  learningSchema,
  createMaterialBody,
  fileMaterialQuery,
  materialParams,
  reorderMaterialsBody,
  updateCourseBody,
  updateMaterialBody,
} from './contracts/courses.js';
import * as courses from './services/course-service.js';
import * as materials from './services/material-service.js';
import * as learning from './services/learning-service.js';
import { printCertificate } from './services/certificate.js';

/** A material file's raw bytes, up to its limit (the service checks its type against its first bytes). */
const readMaterial = rawBodyParser(
  materials.MATERIAL_MAX_BYTES,
  `The file is larger than ${materials.MATERIAL_MAX_BYTES / 1024 / 1024} MiB; link to it instead`,
);
const fileBody = z
  .custom<Buffer>((v) => Buffer.isBuffer(v), 'the material file')
  .meta({ type: 'string', format: 'binary' });

/** Training courses, their materials, online learning and the certificate of completion. */
export function courseRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['training'];
    app.get(
      '/api/training/courses',
      { schema: { tags, querystring: courseListQuery, response: { 200: courseListResponse } } },
      async (req) => courses.listCourses(ctx, req.rc, req.query),
    );
    app.post(
      '/api/training/courses',
      { schema: { tags, body: createCourseBody, response: { 201: courseDetailSchema } } },
      async (req, reply) => reply.code(201).send(await courses.createCourse(ctx, req.rc, req.body)),
    );
    app.get(
      '/api/training/courses/:id',
      { schema: { tags, params: idParam, response: { 200: courseDetailSchema } } },
      async (req) => courses.getCourse(ctx, req.rc, req.params.id),
    );
    app.put(
      '/api/training/courses/:id',
      { schema: { tags, params: idParam, body: updateCourseBody, response: { 200: courseDetailSchema } } },
      async (req) => courses.updateCourse(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/training/courses/:id/publish',
      { schema: { tags, params: idParam, body: courseVersionBody, response: { 200: courseDetailSchema } } },
      async (req) => courses.publishCourse(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/training/courses/:id/retire',
      { schema: { tags, params: idParam, body: courseVersionBody, response: { 200: courseDetailSchema } } },
      async (req) => courses.retireCourse(ctx, req.rc, req.params.id, req.body),
    );
    app.post(
      '/api/training/courses/:id/materials',
      { schema: { tags, params: idParam, body: createMaterialBody, response: { 201: courseDetailSchema } } },
      async (req, reply) => reply.code(201).send(await materials.addMaterial(ctx, req.rc, req.params.id, req.body)),
    );
    // A file material: the file is the body (raw bytes), its particulars and idempotency key the query.
    await app.register(async (context) => {
      const files = context.withTypeProvider<ZodTypeProvider>();
      files.removeAllContentTypeParsers();
      files.addContentTypeParser('*', readMaterial);
      files.post(
        '/api/training/courses/:id/materials/file',
        {
          bodyLimit: materials.MATERIAL_MAX_BYTES,
          schema: {
            tags,
            params: idParam,
            querystring: fileMaterialQuery,
            consumes: [...materials.MATERIAL_MEDIA_TYPES],
            body: fileBody,
            response: { 200: courseDetailSchema, 201: courseDetailSchema },
          },
        },
        async (req, reply) => {
          const r = await materials.uploadMaterial(
            ctx,
            req.rc,
            req.params.id,
            req.query,
            req.body,
            req.headers['content-type'],
          );
          return reply.code(r.created ? 201 : 200).send(r.course);
        },
      );
    });
    app.put(
      '/api/training/courses/:id/materials/order',
      { schema: { tags, params: idParam, body: reorderMaterialsBody, response: { 200: courseDetailSchema } } },
      async (req) => materials.reorderMaterials(ctx, req.rc, req.params.id, req.body),
    );
    app.put(
      '/api/training/courses/:id/materials/:materialId',
      {
        schema: { tags, params: materialParams, body: updateMaterialBody, response: { 200: courseDetailSchema } },
      },
      async (req) => materials.updateMaterial(ctx, req.rc, req.params.id, req.params.materialId, req.body),
    );
    app.delete(
      '/api/training/courses/:id/materials/:materialId',
      {
        schema: {
          tags,
          params: materialParams,
          querystring: courseVersionQuery,
          response: { 200: courseDetailSchema },
        },
      },
      async (req) => materials.deleteMaterial(ctx, req.rc, req.params.id, req.params.materialId, req.query.version),
    );
    app.get(
      '/api/training/courses/:id/materials/:materialId/file',
      { schema: { tags, params: materialParams } },
      async (req, reply) => {
        const f = await materials.readMaterialFile(ctx, req.rc, req.params.id, req.params.materialId);
        void reply
          .header('content-type', f.mediaType)
          .header('content-length', String(f.size))
          .header('x-content-type-options', 'nosniff')
          .header(
            'content-disposition',
            `${f.mediaType === 'application/pdf' || f.mediaType.startsWith('image/') || f.mediaType.startsWith('video/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
          );
        return reply.send(f.stream);
      },
    );
    app.get(
      '/api/training/courses/:id/learning',
      { schema: { tags, params: idParam, response: { 200: learningSchema } } },
      async (req) => learning.myLearning(ctx, req.rc, req.params.id),
    );
    app.post(
      '/api/training/courses/:id/materials/:materialId/open',
      { schema: { tags, params: materialParams, body: learnBody, response: { 200: learningSchema } } },
      async (req) => learning.openMaterial(ctx, req.rc, req.params.id, req.params.materialId, req.body),
    );
    app.post(
      '/api/training/courses/:id/materials/:materialId/heartbeat',
      { schema: { tags, params: materialParams, body: heartbeatBody, response: { 200: learningSchema } } },
      async (req) => learning.heartbeat(ctx, req.rc, req.params.id, req.params.materialId, req.body),
    );
    app.post(
      '/api/training/courses/:id/materials/:materialId/finish',
      { schema: { tags, params: materialParams, body: learnBody, response: { 200: learningSchema } } },
      async (req) => learning.finishMaterial(ctx, req.rc, req.params.id, req.params.materialId, req.body),
    );
    app.get(
      '/api/training/completions/:id/certificate.pdf',
      { schema: { tags, params: completionParams, querystring: printQuery } },
      async (req, reply) => sendPdf(reply, await printCertificate(ctx, req.rc, req.params.id, req.query.lang)),
    );
  };
}
