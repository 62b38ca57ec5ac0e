import Taro from '@tarojs/taro';
import { ApiError, createApiClient, NETWORK_ERROR } from '@hotline/api-client';
import { healthy, scriptTaroRequest } from '../../test/fakeTaroRequest';
import { NetworkError, taroTransport } from './http';

const transport = () => taroTransport('https://12345.example.cn/api');

describe('the HTTP transport over Taro.request', () => {
  it('should send method, full URL with query, headers and JSON body, and return status, data and headers', async () => {
    const sent = scriptTaroRequest({
      statusCode: 201,
      data: { id: 7 },
      header: { 'Content-Type': 'application/json', 'X-Request-Id': 'r1' },
    });
    const response = await transport().request({
      method: 'POST',
      url: '/cases',
      data: { title: '路灯不亮' },
      params: { draft: 1, skipped: undefined, q: '路灯 不亮' },
      headers: { Authorization: 'Bearer t' },
    });

    expect(sent[0]).toMatchObject({
      url: 'https://12345.example.cn/api/cases?draft=1&q=%E8%B7%AF%E7%81%AF%20%E4%B8%8D%E4%BA%AE',
      method: 'POST',
    });
    expect(sent[0]?.header).toMatchObject({ Authorization: 'Bearer t', 'Content-Type': 'application/json' });
    expect(JSON.parse(String(sent[0]?.data))).toEqual({ title: '路灯不亮' });
    expect(response).toEqual({
      status: 201,
      data: { id: 7 },
      headers: { 'content-type': 'application/json', 'x-request-id': 'r1' },
    });
  });

  it('should resolve 4xx and 5xx answers with their status and body', async () => {
    scriptTaroRequest({ statusCode: 404, data: { code: 'NOT_FOUND' } }, { statusCode: 502, data: 'Bad Gateway' });
    await expect(transport().request({ method: 'GET', url: '/cases/1' })).resolves.toMatchObject({
      status: 404,
      data: { code: 'NOT_FOUND' },
    });
    await expect(transport().request({ method: 'GET', url: '/health' })).resolves.toMatchObject({
      status: 502,
      data: 'Bad Gateway',
    });
  });

  it('should send a GET without a body or a content type', async () => {
    const sent = scriptTaroRequest({ statusCode: 200, data: healthy });
    await transport().request({ method: 'GET', url: '/health' });
    expect(sent[0]?.data).toBeUndefined();
    expect(Object.keys(sent[0]?.header ?? {}).map((h) => h.toLowerCase())).not.toContain('content-type');
  });

  it('should turn a WeChat network failure into a network error without response', async () => {
    scriptTaroRequest({ errMsg: 'request:fail ' });
    const error = await transport()
      .request({ method: 'GET', url: '/health' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK', message: 'request:fail ' });
    expect((error as { response?: unknown }).response).toBeUndefined();
  });

  it('should report a timeout as such', async () => {
    scriptTaroRequest({ errMsg: 'request:fail timeout' });
    await expect(transport().request({ method: 'GET', url: '/health' })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('should leave no unhandled rejection when Taro.request also rejects its promise, as it does on H5', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    (Taro.request as unknown as jest.Mock).mockImplementation((options: Taro.request.Option) => {
      const failure = { errMsg: 'request:fail Failed to fetch' };
      setTimeout(() => options.fail?.(failure as never), 0);
      return Object.assign(Promise.reject(new Error(failure.errMsg)), { abort: jest.fn() });
    });
    await expect(transport().request({ method: 'POST', url: '/cases', data: {} })).rejects.toMatchObject({
      code: 'NETWORK',
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});

describe('the app HTTP stack with the API client', () => {
  const client = () => createApiClient(taroTransport('/api'), { retryDelayMs: () => 0 });

  it('should read the health report', async () => {
    const sent = scriptTaroRequest({ statusCode: 200, data: healthy });
    await expect(client().health()).resolves.toEqual(healthy);
    expect(sent[0]).toMatchObject({ url: '/api/health', method: 'GET' });
  });

  it('should map an error body to ApiError with the request id', async () => {
    scriptTaroRequest({ statusCode: 503, data: { code: 'SYSTEM.DB_DOWN', message: 'down', requestId: 'req-42' } });
    const error = await client()
      .health()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'SYSTEM.DB_DOWN', status: 503, requestId: 'req-42' });
  });

  it('should retry a GET after a network failure', async () => {
    const sent = scriptTaroRequest({ errMsg: 'request:fail ' }, { statusCode: 200, data: healthy });
    await expect(client().health()).resolves.toEqual(healthy);
    expect(sent).toHaveLength(2);
  });

  it('should answer NETWORK_ERROR when a filing gets no answer, without sending it twice', async () => {
    const sent = scriptTaroRequest({ errMsg: 'request:fail ' });
    const error = await client()
      .fileCase(
        {
          demandType: 'help',
          categoryCode: '010101',
          description: '路灯不亮已经一周',
          mediaIds: [],
          answers: {},
          anonymous: false,
          publishConsent: false,
          privacyConsentVersion: '2026-01',
        },
        'key-1',
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: NETWORK_ERROR });
    expect(sent).toHaveLength(1);
  });
});
