import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../lib/logger.ts';
import { CountergateError, isCountergateError } from '../../lib/errors.ts';

export interface ErrorBody {
  code: string;
  message: string;
  userMessage: string;
}

/**
 * Maps anything thrown by a route to `{ code, message, userMessage }` with the right status:
 * CountergateErrors keep theirs, fastify's own 4xx errors (validation, media type, body size)
 * become CG_HTTP_… codes, everything else is a logged 500 that leaks no detail.
 */
export function toHttpError(err: unknown): CountergateError {
  if (isCountergateError(err)) return err;
  const fe = err as Partial<FastifyError>;
  if (fe.validation) {
    return new CountergateError('CG_HTTP_BAD_REQUEST', `invalid request: ${fe.message ?? 'validation failed'}`, {
      statusCode: 400,
      userMessage: '送出的資料不正確，請檢查後再試一次。',
    });
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 415) {
    return new CountergateError('CG_HTTP_UNSUPPORTED_MEDIA_TYPE', fe.message ?? 'unsupported media type', {
      statusCode: 415,
      userMessage: '送出的資料格式不正確。',
    });
  }
  if (status === 413) {
    return new CountergateError('CG_HTTP_TOO_LARGE', fe.message ?? 'request body too large', {
      statusCode: 413,
      userMessage: '送出的資料過大。',
    });
  }
  if (status >= 400 && status < 500) {
    return new CountergateError('CG_HTTP_BAD_REQUEST', fe.message ?? 'bad request', {
      statusCode: status,
      userMessage: '送出的資料不正確，請檢查後再試一次。',
    });
  }
  return new CountergateError('CG_INTERNAL', 'internal error', { statusCode: 500, cause: err });
}

export function errorHandler(logger: Logger) {
  return (err: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const mapped = toHttpError(err);
    if (mapped.statusCode >= 500) {
      logger.error({ err, url: request.url, method: request.method }, 'gateway http route failed');
    } else {
      logger.info({ code: mapped.code, url: request.url, method: request.method }, mapped.message);
    }
    void reply.code(mapped.statusCode).type('application/json; charset=utf-8').send(mapped.toJSON());
  };
}

export function notFoundError(method: string, url: string): CountergateError {
  return new CountergateError('CG_HTTP_NOT_FOUND', `no route ${method} ${url}`, {
    statusCode: 404,
    userMessage: '找不到這個頁面。',
  });
}
