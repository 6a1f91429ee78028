import { rawBodyParser } from '../../platform/http/raw-body.js';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.js';
import { contentTypeOf } from '../../platform/export/table-export.js';
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

/** The workbook's raw bytes, up to the import's limit. */
const readWorkbook = rawBodyParser(
  IMPORT_MAX_BYTES,
  `The workbook is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MiB; split it`,
);

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
