import { NotFoundException, MethodNotAllowedException, ServiceUnavailableException } from '@nestjs/common';
import { DomainError, errorHttpStatus, isErrorCode } from '@hotline/core';
import { toErrorBody } from './error-body';

const fastifyError = (code: string, statusCode: number) => Object.assign(new Error(code), { code, statusCode });

describe('toErrorBody', () => {
  it.each([
    ['a body that is not JSON', fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400), 'MALFORMED_BODY', 400],
    ['a body of the wrong type', fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415), 'UNSUPPORTED_MEDIA_TYPE', 415],
    ['a body too large', fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413), 'PAYLOAD_TOO_LARGE', 413],
    ['a bad URL', fastifyError('FST_ERR_BAD_URL', 400), 'BAD_REQUEST', 400],
    ['an unknown route', new NotFoundException(), 'ROUTE_NOT_FOUND', 404],
    ['a method the route lacks', new MethodNotAllowedException(), 'METHOD_NOT_ALLOWED', 405],
    ['a framework 5xx', new ServiceUnavailableException(), 'INTERNAL', 500],
    ['a domain error', new DomainError('URGE_TOO_SOON'), 'URGE_TOO_SOON', 429],
    ['an unexpected error', new Error('boom'), 'INTERNAL', 500],
  ])('should answer %s with a catalogue code at the catalogue status', (_what, error, code, status) => {
    const answer = toErrorBody(error, 'req-1');
    expect(answer.body).toMatchObject({ code, requestId: 'req-1' });
    expect(isErrorCode(answer.body.code)).toBe(true);
    expect(answer.status).toBe(status);
    expect(answer.status).toBe(errorHttpStatus[code as keyof typeof errorHttpStatus]);
  });

  it('should not leak the text of an unexpected error', () => {
    expect(toErrorBody(new Error('secret table name'), 'r').body.message).not.toContain('secret');
  });
});
