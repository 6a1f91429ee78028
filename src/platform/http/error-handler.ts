import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import type { ErrorCode } from '../contracts/errors.js';
import type { AuditAction } from '../contracts/audit-actions.js';
import { isUnavailableError, uniqueViolationOf } from '../db/db-errors.js';
import { AppError, UniqueConflict, httpStatusOf } from '../errors.js';

/** Seconds a client should wait before trying again while the database is out of reach. */
export const RETRY_AFTER_SECONDS = 5;

/** The audited action of a write refused by a unique rule: the operation when known, else a generic one. */
const CONFLICT_ACTIONS: Record<string, Partial<Record<string, AuditAction>>> = {
  departments: { POST: 'department.create', PATCH: 'department.update' },
  users: { POST: 'user.create' },
  classification_authorities: { POST: 'classifier.appoint' },
};

function conflictAction(req: FastifyRequest, table: string | null): AuditAction {
  return (table ? CONFLICT_ACTIONS[table]?.[req.method] : undefined) ?? 'request.conflict';
}

/** The one place errors become HTTP: `{ error: { code, message, details? } }`; internals never leak. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (err: FastifyError | AppError | Error, req, reply) => {
    let code: ErrorCode = 'internal';
    let message = 'Something went wrong on the server; the request id is in the log';
    let details: unknown;
    const unique =
      err instanceof UniqueConflict ? err : uniqueViolationOf(err) ? new UniqueConflict(uniqueViolationOf(err)!) : null;
    if (unique) {
      code = unique.code;
      message = unique.message;
      details = unique.details;
      if (unique.record && req.rc) {
        try {
          await unique.record(req.rc, conflictAction(req, unique.violation.table));
        } catch (e) {
          req.log.error({ err: e }, 'could not audit a refused write');
        }
      }
    } else if (err instanceof AppError) {
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
    } else if (isUnavailableError(err)) {
      code = 'unavailable';
      message = 'The database cannot be reached; try again in a few seconds';
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
    if (code === 'unavailable') {
      req.log.warn({ err }, 'database unavailable');
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    } else if (code === 'rate_limited') {
      const wait = (details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      void reply.header('retry-after', String(wait ?? RETRY_AFTER_SECONDS));
    } else if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code, url: req.url }, 'request refused');
    return reply.status(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
  });

  app.setNotFoundHandler((req, reply) => {
    void reply
      .status(404)
      .send({ error: { code: 'not_found', message: `No such endpoint: ${req.method} ${req.url.split('?')[0]}` } });
  });
}
