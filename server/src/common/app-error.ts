// Errors the HTTP layer raises itself (bad JSON, unknown route, validation). Domain errors come
// from @hotline/core; both carry a stable code that clients and tests match on.
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export const validationFailed = (where: 'body' | 'query' | 'params' | 'headers', problems: FieldProblem[]) =>
  new AppError('VALIDATION_FAILED', 400, `请求参数有误（${where}）`, problems);
