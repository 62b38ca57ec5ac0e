import { ApiError } from '@hotline/api-client';
import { errorMessage } from './errors';

const refusal = (code: string, details?: unknown) => new ApiError({ code, status: 400, message: 'x', details });

describe('refusals in words a resident understands', () => {
  it('should name each known refusal in Chinese', () => {
    expect(errorMessage(refusal('URGE_TOO_SOON'))).toBe('今天已经催办过了，请明天再试');
    expect(errorMessage(refusal('REOPEN_WINDOW_PASSED'))).toBe('办结已超过15天，不能申请重办');
  });

  it('should promise no double filing when no answer arrived', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toContain('不会重复提交');
    expect(errorMessage(new ApiError({ code: 'NETWORK_ERROR', status: 0, message: 'x' }))).toContain('不会重复提交');
  });

  it('should show the field message of a validation refusal, and the code of an unknown one', () => {
    expect(errorMessage(refusal('VALIDATION_FAILED', [{ field: 'description', message: '问题描述至少5个字' }]))).toBe(
      '问题描述至少5个字',
    );
    expect(errorMessage(refusal('SOMETHING_NEW'))).toBe('操作失败（SOMETHING_NEW），请稍后重试');
  });
});
