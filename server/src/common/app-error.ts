// Errors the HTTP layer raises itself (bad JSON, unknown route, no permission, invalid input):
// coded from the same catalogue as the domain's errors, so the catalogue decides their status too.
import { DomainError, type ErrorCode } from '@hotline/core';

export class AppError extends DomainError {
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.name = 'AppError';
  }

  get status(): number {
    return this.httpStatus;
  }
}

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export const validationFailed = (where: 'body' | 'query' | 'params' | 'headers', problems: FieldProblem[]) =>
  new AppError('VALIDATION_FAILED', `请求参数有误（${where}）`, problems);
