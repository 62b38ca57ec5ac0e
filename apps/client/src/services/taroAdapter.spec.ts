import Taro from '@tarojs/taro';
import axios, { AxiosError } from 'axios';
import { ApiError, createApiClient } from '@hotline/api-client';
import { healthy, scriptTaroRequest } from '../../test/fakeTaroRequest';
import { axiosTransport, createHttp } from './http';
import { taroAdapter } from './taroAdapter';

const plain = () => axios.create({ baseURL: 'https://12345.example.cn/api', adapter: taroAdapter });

describe('the axios adapter over Taro.request', () => {
  it('should send method, full URL with query, headers and JSON body, and return status, data and headers', async () => {
    const sent = scriptTaroRequest({
      statusCode: 201,
      data: { id: 7 },
      header: { 'Content-Type': 'application/json', 'X-Request-Id': 'r1' },
    });
    const response = await plain().post(
      '/cases',
      { title: '路灯不亮' },
      { params: { draft: 1 }, headers: { Authorization: 'Bearer t' } },
    );

    expect(sent[0]).toMatchObject({ url: 'https://12345.example.cn/api/cases?draft=1', method: 'POST' });
    expect(sent[0]?.header).toMatchObject({ Authorization: 'Bearer t', 'Content-Type': 'application/json' });
    expect(JSON.parse(String(sent[0]?.data))).toEqual({ title: '路灯不亮' });
    expect(response.status).toBe(201);
    expect(response.data).toEqual({ id: 7 });
    expect(response.headers['x-request-id']).toBe('r1');
  });

  it('should reject a 4xx answer as an axios error carrying the response', async () => {
    scriptTaroRequest({ statusCode: 404, data: { code: 'NOT_FOUND' } });
    const error = await plain()
      .get('/cases/1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AxiosError);
    expect(error).toMatchObject({
      code: AxiosError.ERR_BAD_REQUEST,
      response: { status: 404, data: { code: 'NOT_FOUND' } },
    });
  });

  it('should reject a 5xx answer as a bad response', async () => {
    scriptTaroRequest({ statusCode: 502, data: 'Bad Gateway' });
    await expect(plain().get('/health')).rejects.toMatchObject({
      code: AxiosError.ERR_BAD_RESPONSE,
      response: { status: 502 },
    });
  });

  it('should turn a WeChat network failure into a network error without response', async () => {
    scriptTaroRequest({ errMsg: 'request:fail ' });
    const error = await plain()
      .get('/health')
      .catch((e: unknown) => e as AxiosError);
    expect(error).toMatchObject({ code: AxiosError.ERR_NETWORK, message: 'request:fail ' });
    expect((error as AxiosError).response).toBeUndefined();
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
    await expect(plain().post('/cases', {})).rejects.toMatchObject({ code: AxiosError.ERR_NETWORK });
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  it('should report a timeout as such', async () => {
    scriptTaroRequest({ errMsg: 'request:fail timeout' });
    await expect(plain().get('/health')).rejects.toMatchObject({ code: AxiosError.ETIMEDOUT });
  });
});

describe('the app HTTP stack with the API client', () => {
  const client = () => createApiClient(axiosTransport(createHttp('/api')), { retryDelayMs: () => 0 });

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
});
