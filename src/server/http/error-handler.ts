import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import type { ErrorCode } from '../../contracts/errors.js';
import { AppError, httpStatusOf } from '../errors.js';

/** The one place errors become HTTP: `{ error: { code, message, details? } }`; internals never leak. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    let code: ErrorCode = 'internal';
    let message = 'Something went wrong on the server; the request id is in the log';
    let details: unknown;
    if (err instanceof AppError) {
      code = err.code;
      message = err.message;
      details = err.details;
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      code = 'validation_failed';
      message = 'The request is not valid';
      details = err.validation.map((v) => ({ path: v.instancePath, message: v.message }));
    } else if (err instanceof ZodError) {
      code = 'validation_failed';
      message = 'The request is not valid';
      details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    } else {
      const fe = err as FastifyError;
      const status = fe.statusCode ?? 500;
      if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        code = 'payload_too_large';
        message = 'The request body is too large';
      } else if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        code = 'unsupported_media_type';
        message = 'Send JSON (Content-Type: application/json)';
      } else if (status >= 400 && status < 500) {
        code = 'bad_request';
        message = fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The JSON body is empty' : 'The request is malformed';
      }
    }
    const status = httpStatusOf(code);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code, url: req.url }, 'request refused');
    void reply.status(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
  });

  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'not_found', message: `No such endpoint: ${req.method} ${req.url.split('?')[0]}` } });
  });
}
