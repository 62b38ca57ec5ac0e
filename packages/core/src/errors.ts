// Domain errors with stable codes: the server maps a code to its HTTP status,
// the client maps it to a message; both match on codes, never on text.
import { errorMessagesZhCN } from './locales/zh-CN';

export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CASE_NOT_FOUND: 'CASE_NOT_FOUND',
  UNIT_NOT_FOUND: 'UNIT_NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TRANSITION_NOT_ALLOWED: 'TRANSITION_NOT_ALLOWED',
  ROLE_NOT_ALLOWED: 'ROLE_NOT_ALLOWED',
  DISPATCH_PUSH_DOWN_FORBIDDEN: 'DISPATCH_PUSH_DOWN_FORBIDDEN',
  FORWARD_NOT_ALLOWED: 'FORWARD_NOT_ALLOWED',
  RETURN_WINDOW_PASSED: 'RETURN_WINDOW_PASSED',
  EXTENSION_PENDING: 'EXTENSION_PENDING',
  EXTENSION_LIMIT_REACHED: 'EXTENSION_LIMIT_REACHED',
  NO_PENDING_EXTENSION: 'NO_PENDING_EXTENSION',
  REOPEN_WINDOW_PASSED: 'REOPEN_WINDOW_PASSED',
  REOPEN_PENDING: 'REOPEN_PENDING',
  NO_PENDING_REOPEN: 'NO_PENDING_REOPEN',
  ALREADY_RATED: 'ALREADY_RATED',
  ALREADY_SUPERVISED: 'ALREADY_SUPERVISED',
  URGE_TOO_SOON: 'URGE_TOO_SOON',
  URGE_NOT_DUE: 'URGE_NOT_DUE',
  MERGE_INTO_SELF: 'MERGE_INTO_SELF',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorCodes = Object.values(ErrorCode) as ErrorCode[];

export const errorHttpStatus: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  UNIT_NOT_FOUND: 404,
  CONFLICT: 409,
  TRANSITION_NOT_ALLOWED: 409,
  ROLE_NOT_ALLOWED: 403,
  DISPATCH_PUSH_DOWN_FORBIDDEN: 422,
  FORWARD_NOT_ALLOWED: 422,
  RETURN_WINDOW_PASSED: 422,
  EXTENSION_PENDING: 409,
  EXTENSION_LIMIT_REACHED: 422,
  NO_PENDING_EXTENSION: 409,
  REOPEN_WINDOW_PASSED: 422,
  REOPEN_PENDING: 409,
  NO_PENDING_REOPEN: 409,
  ALREADY_RATED: 409,
  ALREADY_SUPERVISED: 409,
  URGE_TOO_SOON: 429,
  URGE_NOT_DUE: 422,
  MERGE_INTO_SELF: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorHttpStatus, value);
}

/** The zh-CN text for a code; unknown codes (e.g. from a newer server) get the generic one. */
export function defaultErrorMessage(code: string): string {
  return isErrorCode(code) ? errorMessagesZhCN[code] : errorMessagesZhCN.INTERNAL;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? defaultErrorMessage(code));
    this.name = 'DomainError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }

  get httpStatus(): number {
    return errorHttpStatus[this.code];
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
