import type { FastifyContentTypeParser } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.js';
import { contentTypeOf } from '../../platform/export/table-export.js';
import { AppError } from '../../platform/errors.js';
import {
  IMPORT_MEDIA_TYPES,
  importCommitQuery,
  importCommitResponse,
  importErrorsQuery,
  importFileBody,
  importPreviewResponse,
  importTemplateQuery,
} from './contracts/import.js';
import * as imports from './services/import-service.js';
import { IMPORT_MAX_BYTES } from './services/import-xlsx.js';

const tooLarge = () =>
  new AppError('payload_too_large', `The workbook is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MiB; split it`);

/** The raw bytes of the workbook, refused from its Content-Length when it says it is larger, else while reading. */
const readWorkbook: FastifyContentTypeParser = (req, payload, done) => {
  if (Number(req.headers['content-length'] ?? 0) > IMPORT_MAX_BYTES) return done(tooLarge(), undefined);
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= IMPORT_MAX_BYTES) return void chunks.push(chunk);
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    done(tooLarge(), undefined);
  };
  const onEnd = () => done(null, Buffer.concat(chunks));
  payload.on('data', onData);
  payload.once('end', onEnd);
  payload.once('error', (e) => done(e, undefined));
};

const XLSX = contentTypeOf('xlsx');

/**
 * The organisation import: the template, then the workbook's preview, its errors as a file, and the commit.
 * The workbook travels as the request's raw body each time; the commit names the hash the preview showed.
 */
export function importRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['directory import'];
    app.get(
      '/api/directory/import/template',
      { schema: { tags, querystring: importTemplateQuery } },
      async (req, reply) => {
        const file = await imports.importTemplateFile(ctx, req.rc, req.query.lang ?? 'zh-CN');
        return reply
          .header('content-type', XLSX)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(file.body);
      },
    );
    // Raw bytes: only these routes take a body other than strict JSON.
    await app.register(async (context) => {
      const files = context.withTypeProvider<ZodTypeProvider>();
      files.removeAllContentTypeParsers();
      files.addContentTypeParser('*', readWorkbook);
      const upload = { bodyLimit: IMPORT_MAX_BYTES, consumes: [...IMPORT_MEDIA_TYPES] };
      files.post(
        '/api/directory/import/preview',
        {
          bodyLimit: upload.bodyLimit,
          schema: { tags, consumes: upload.consumes, body: importFileBody, response: { 200: importPreviewResponse } },
        },
        async (req) => imports.previewImport(ctx, req.rc, req.body),
      );
      files.post(
        '/api/directory/import/errors',
        {
          bodyLimit: upload.bodyLimit,
          schema: { tags, consumes: upload.consumes, querystring: importErrorsQuery, body: importFileBody },
        },
        async (req, reply) => {
          const format = req.query.format ?? 'xlsx';
          const file = await imports.importErrors(ctx, req.rc, req.body, format, req.query.lang ?? 'zh-CN');
          return reply
            .header('content-type', contentTypeOf(format))
            .header('content-disposition', `attachment; filename="${file.filename}"`)
            .send(file.body);
        },
      );
      files.post(
        '/api/directory/import/commit',
        {
          bodyLimit: upload.bodyLimit,
          schema: {
            tags,
            consumes: upload.consumes,
            querystring: importCommitQuery,
            body: importFileBody,
            response: { 200: importCommitResponse },
          },
        },
        async (req) =>
          imports.commitImport(ctx, req.rc, req.body, {
            validOnly: req.query.validOnly === 'true',
            sha256: req.query.sha256,
          }),
      );
    });
  };
}
