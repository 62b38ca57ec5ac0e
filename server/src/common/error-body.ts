// Maps every kind of error the server can meet to a status and the public error body.
import { HttpException } from '@nestjs/common';
import { AppError } from './app-error';
import { statusForDomainCode } from './domain-status';

export interface ErrorBody {
  code: string;
  message: string;
  requestId: string;
  details?: unknown;
}

const statusCodes: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', '请求格式有误'],
  401: ['UNAUTHENTICATED', '请先登录'],
  403: ['FORBIDDEN', '没有权限'],
  404: ['NOT_FOUND', '请求的资源不存在'],
  405: ['METHOD_NOT_ALLOWED', '不支持的请求方法'],
  406: ['NOT_ACCEPTABLE', '不支持的响应格式'],
  409: ['CONFLICT', '请求冲突，请刷新后重试'],
  413: ['PAYLOAD_TOO_LARGE', '上传内容过大'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型'],
  422: ['UNPROCESSABLE', '请求无法处理'],
  429: ['RATE_LIMITED', '操作过于频繁，请稍后再试'],
};

interface CodedError {
  code: string;
  message: string;
  details?: unknown;
  httpStatus?: number;
}

function isCoded(e: unknown): e is CodedError {
  return typeof e === 'object' && e !== null && typeof (e as CodedError).code === 'string' && e instanceof Error;
}

/** Fastify's own errors (bad JSON, wrong content type, body too large) carry statusCode and FST_ codes. */
function fastifyError(e: unknown): { status: number; code: string; message: string } | null {
  if (typeof e !== 'object' || e === null) return null;
  const { statusCode, code } = e as { statusCode?: number; code?: string };
  if (typeof statusCode !== 'number' || typeof code !== 'string' || !code.startsWith('FST_')) return null;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' };
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code.startsWith('FST_ERR_CTP'))
    return { status: 400, code: 'MALFORMED_BODY', message: '请求体不是有效的 JSON' };
  const known = statusCodes[statusCode];
  return statusCode < 500 && known ? { status: statusCode, code: known[0], message: known[1] } : null;
}

export function toErrorBody(exception: unknown, requestId: string): { status: number; body: ErrorBody } {
  if (exception instanceof AppError) {
    return { status: exception.status, body: { code: exception.code, message: exception.message, requestId, details: exception.details } };
  }
  const fst = fastifyError(exception);
  if (fst) return { status: fst.status, body: { code: fst.code, message: fst.message, requestId } };
  // JSON.parse failures surface as SyntaxError with statusCode 400 under Fastify.
  if (exception instanceof SyntaxError && (exception as { statusCode?: number }).statusCode === 400) {
    return { status: 400, body: { code: 'MALFORMED_BODY', message: '请求体不是有效的 JSON', requestId } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const [code, message] = statusCodes[status] ?? (status >= 500 ? ['INTERNAL', '服务器内部错误'] : ['BAD_REQUEST', '请求有误']);
    if (status === 404) return { status, body: { code: 'ROUTE_NOT_FOUND', message: '接口不存在', requestId } };
    return { status, body: { code, message, requestId } };
  }
  if (isCoded(exception)) {
    const status = exception.httpStatus ?? statusForDomainCode(exception.code);
    if (status) {
      return { status, body: { code: exception.code, message: exception.message, requestId, details: exception.details } };
    }
  }
  return { status: 500, body: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', requestId } };
}
