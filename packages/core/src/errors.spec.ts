import { DomainError, defaultErrorMessage, errorCodes, errorHttpStatus, isDomainError, isErrorCode } from './errors';
import { errorMessagesZhCN } from './locales/zh-CN';

describe('DomainError', () => {
  it('carries its code, zh-CN default message, details and HTTP status', () => {
    const error = new DomainError('RETURN_WINDOW_PASSED', undefined, { signedAt: 'x' });
    expect(error.code).toBe('RETURN_WINDOW_PASSED');
    expect(error.message).toBe('签收已超过1个工作日，不能退单');
    expect(error.details).toEqual({ signedAt: 'x' });
    expect(error.httpStatus).toBe(422);
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
  });

  it('keeps a message given for the case at hand', () => {
    expect(new DomainError('UNIT_NOT_FOUND', '没有编码为 X 的单位').message).toBe('没有编码为 X 的单位');
  });

  it.each([
    ['CASE_NOT_FOUND', 404],
    ['TRANSITION_NOT_ALLOWED', 409],
    ['ROLE_NOT_ALLOWED', 403],
    ['VALIDATION_FAILED', 400],
    ['URGE_TOO_SOON', 429],
    ['CONFLICT', 409],
  ] as const)('maps %s to HTTP %i', (code, status) => {
    expect(errorHttpStatus[code]).toBe(status);
  });

  it('has a Chinese message and an HTTP status for every code', () => {
    for (const code of errorCodes) {
      expect(errorMessagesZhCN[code]).toMatch(/[\u4e00-\u9fff]/);
      expect(errorHttpStatus[code]).toBeGreaterThanOrEqual(400);
    }
  });

  it('recognises only known codes and falls back to the generic message', () => {
    expect(isErrorCode('ALREADY_RATED')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(defaultErrorMessage('SOMETHING_NEW')).toBe(errorMessagesZhCN.INTERNAL);
  });
});
