import type { FastifyContentTypeParser } from 'fastify';
import { AppError } from '../errors.js';

/**
 * A content-type parser that hands the route the raw bytes of an upload (a scan, a workbook), whatever its declared
 * type — the service checks the type against the file's first bytes — up to `maxBytes`: refused from its
 * Content-Length when it says it is larger, else while reading, with `tooLarge` saying what to do instead.
 */
export function rawBodyParser(maxBytes: number, tooLarge: string): FastifyContentTypeParser {
  const refusal = () => new AppError('payload_too_large', tooLarge);
  return (req, payload, done) => {
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) return done(refusal(), undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      done(refusal(), undefined);
    };
    const onEnd = () => done(null, Buffer.concat(chunks));
    payload.on('data', onData);
    payload.once('end', onEnd);
    payload.once('error', (e) => done(e, undefined));
  };
}
