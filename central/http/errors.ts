import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isCountergateError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';

export interface ErrorBody {
  code: string;
  message: string;
  userMessage: string;
}

const GENERIC_ZH = '系統發生錯誤，請通知資訊室。';

/**
 * Every error leaves as `{ code, message, userMessage }` with its status. Validation errors
 * name the field; anything unexpected is a 500 that says nothing about internals (the log has
 * the details).
 */
export function errorBody(err: unknown, log: Logger): { status: number; body: ErrorBody } {
  if (isCountergateError(err)) {
    if (err.statusCode >= 500) log.error({ err }, err.message);
    return { status: err.statusCode, body: err.toJSON() };
  }
  const fe = err as Partial<FastifyError>;
  if (fe.validation && fe.validation.length > 0) {
    const first = fe.validation[0];
    const ctx = fe.validationContext ?? 'request';
    const path = first?.instancePath ? first.instancePath : '';
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const extra = (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
    const field = `${ctx}${path}${missing ? `/${missing}` : ''}${extra ? `/${extra}` : ''}`;
    return {
      status: 400,
      body: {
        code: 'CG_BAD_REQUEST',
        message: `${field}: ${first?.message ?? 'invalid'}`,
        userMessage: `輸入的資料不正確（${field}）。`,
      },
    };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    return {
      status,
      body: {
        code: status === 400 ? 'CG_BAD_REQUEST' : `CG_HTTP_${status}`,
        message: fe.message ?? 'bad request',
        userMessage: '請求無法處理，請重新整理頁面後再試。',
      },
    };
  }
  log.error({ err }, 'unexpected error');
  return { status: 500, body: { code: 'CG_INTERNAL', message: 'internal error', userMessage: GENERIC_ZH } };
}

export function errorHandler(log: Logger) {
  return (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = errorBody(err, log.child({ reqId: request.id, url: request.url }));
    return reply.status(status).type('application/json; charset=utf-8').send(body);
  };
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({
    code: 'CG_NOT_FOUND',
    message: `${request.method} ${request.url.split('?')[0]} does not exist`,
    userMessage: '找不到此頁面或資料。',
  } satisfies ErrorBody);
}
