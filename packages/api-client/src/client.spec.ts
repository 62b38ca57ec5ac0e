import { createApiClient } from './client';
import { ApiError } from './errors';
import { fakeTransport, ok } from './testing/fake-transport';

const healthy = {
  status: 'ok',
  database: 'sqlite',
  version: '0.1.0',
  demo: true,
  time: '2026-11-28T12:00:00.000Z',
};

const noDelay = { retryDelayMs: () => 0 };

describe('createApiClient().health()', () => {
  it('should return the health report the server sent', async () => {
    const { transport, calls } = fakeTransport(ok(healthy));
    await expect(createApiClient(transport).health()).resolves.toEqual(healthy);
    expect(calls[0]).toMatchObject({ method: 'GET', url: '/health' });
  });

  it('should send the bearer token from the token getter', async () => {
    const { transport, calls } = fakeTransport(ok(healthy), ok(healthy));
    let token: string | null = 'abc';
    const client = createApiClient(transport, { getToken: async () => token });
    await client.health();
    token = null;
    await client.health();
    expect(calls[0]?.headers?.Authorization).toBe('Bearer abc');
    expect(calls[1]?.headers).not.toHaveProperty('Authorization');
  });

  it('should map the error body to an ApiError with code, status and request id', async () => {
    const body = { code: 'SYSTEM.UNAVAILABLE', message: '数据库不可用', requestId: 'req-1' };
    const { transport } = fakeTransport(ok(body, 503));
    const error = await createApiClient(transport)
      .health()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'SYSTEM.UNAVAILABLE',
      status: 503,
      requestId: 'req-1',
      message: '数据库不可用',
    });
  });

  it('should accept a transport that rejects with the response attached, like axios does', async () => {
    const rejected = Object.assign(new Error('Request failed with status code 404'), {
      response: ok({ code: 'NOT_FOUND', message: 'missing', requestId: 'req-2' }, 404),
    });
    const { transport } = fakeTransport(rejected);
    await expect(createApiClient(transport).health()).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('should report a non-JSON error page as an unexpected response', async () => {
    const { transport } = fakeTransport({
      status: 502,
      data: '<html>Bad Gateway</html>',
      headers: { 'x-request-id': 'gw-9' },
    });
    await expect(createApiClient(transport).health()).rejects.toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      status: 502,
      requestId: 'gw-9',
    });
  });

  it('should reject a successful response that does not match the schema', async () => {
    const { transport } = fakeTransport(ok({ status: 'ok', database: 'mysql' }));
    await expect(createApiClient(transport).health()).rejects.toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
  });

  it('should retry a GET when the network fails, then succeed', async () => {
    const { transport, calls } = fakeTransport(new Error('timeout'), new Error('reset'), ok(healthy));
    await expect(createApiClient(transport, noDelay).health()).resolves.toEqual(healthy);
    expect(calls).toHaveLength(3);
  });

  it('should give up after the configured retries with a network error', async () => {
    const { transport, calls } = fakeTransport(new Error('offline'), new Error('offline'));
    const error = await createApiClient(transport, { ...noDelay, retries: 1 })
      .health()
      .catch((e: unknown) => e);
    expect(calls).toHaveLength(2);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0, isNetworkError: true });
  });

  it('should not retry when the server answered with an error', async () => {
    const { transport, calls } = fakeTransport(ok({ code: 'X', message: 'x', requestId: 'r' }, 500));
    await expect(createApiClient(transport, noDelay).health()).rejects.toBeInstanceOf(ApiError);
    expect(calls).toHaveLength(1);
  });
});
