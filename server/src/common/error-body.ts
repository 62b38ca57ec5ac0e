// Maps every kind of error the server can meet to the public error body. Every answer carries a
// catalogue code, and its HTTP status is the catalogue's (`errorHttpStatus` in core): this file
// only picks the code for errors the framework raises on its own.
import { type ArgumentsHost, HttpException, type Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, defaultErrorMessage, errorHttpStatus, isErrorCode } from '@hotline/core';

export interface ErrorBody {
  code: string;
  message: string;
  requestId: string;
  details?: unknown;
}

/** The catalogue code for a status Fastify or Nest answers with by itself (a 5xx is INTERNAL). */
const frameworkCodes: Readonly<Partial<Record<number, ErrorCode>>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
};

interface CodedError {
  code: string;
  message: string;
  details?: unknown;
}

function isCoded(e: unknown): e is CodedError {
  return typeof e === 'object' && e !== null && typeof (e as CodedError).code === 'string' && e instanceof Error;
}

/** Fastify's own errors (bad JSON, wrong content type, body too large) carry statusCode and FST_ codes. */
function fastifyCode(e: unknown): ErrorCode | null {
  if (typeof e !== 'object' || e === null) return null;
  const { statusCode, code } = e as { statusCode?: number; code?: string };
  if (typeof statusCode !== 'number' || typeof code !== 'string' || !code.startsWith('FST_')) return null;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'UNSUPPORTED_MEDIA_TYPE';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'PAYLOAD_TOO_LARGE';
  if (code.startsWith('FST_ERR_CTP')) return 'MALFORMED_BODY';
  return statusCode < 500 ? (frameworkCodes[statusCode] ?? null) : null;
}

/** Nest's own exceptions: an unknown route, or a status it raised (a 5xx is INTERNAL). */
function nestCode(e: HttpException): ErrorCode {
  const status = e.getStatus();
  if (status === 404) return 'ROUTE_NOT_FOUND';
  return status >= 500 ? 'INTERNAL' : (frameworkCodes[status] ?? 'BAD_REQUEST');
}

const answer = (code: ErrorCode, message: string, requestId: string, details?: unknown) => ({
  status: errorHttpStatus[code],
  body: { code, message, requestId, ...(details !== undefined ? { details } : {}) } as ErrorBody,
});

export function toErrorBody(exception: unknown, requestId: string): { status: number; body: ErrorBody } {
  const fst = fastifyCode(exception);
  if (fst) return answer(fst, defaultErrorMessage(fst), requestId);
  // JSON.parse failures surface as SyntaxError with statusCode 400 under Fastify.
  if (exception instanceof SyntaxError && (exception as { statusCode?: number }).statusCode === 400) {
    return answer('MALFORMED_BODY', defaultErrorMessage('MALFORMED_BODY'), requestId);
  }
  if (exception instanceof HttpException) {
    const code = nestCode(exception);
    return answer(code, defaultErrorMessage(code), requestId);
  }
  if (isCoded(exception) && isErrorCode(exception.code)) {
    return answer(exception.code, exception.message, requestId, exception.details);
  }
  return answer('INTERNAL', '服务器内部错误，请稍后重试', requestId);
}

/**
 * What an exception filter starts from: the request, its reply and the error answer. A 5xx goes
 * to the log with the request id; an error that knows when to come back (a 429) says so in
 * Retry-After (RFC 9110).
 */
export function failureOf(exception: unknown, host: ArgumentsHost, logger: Logger, logMessage: string) {
  const ctx = host.switchToHttp();
  const req = ctx.getRequest<FastifyRequest>();
  const reply = ctx.getResponse<FastifyReply>();
  const { status, body } = toErrorBody(exception, String(req.id));
  if (status >= 500) logger.error({ err: exception, requestId: req.id }, logMessage);
  const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
  return { req, reply, status, body };
}
