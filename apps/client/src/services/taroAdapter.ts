// axios 1.x ships no adapter for the mini-program runtime; this one sends every
// request through Taro.request, which works on weapp and H5 alike.
import Taro from '@tarojs/taro';
import axios, { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse } from 'axios';

type TaroMethod = NonNullable<Taro.request.Option['method']>;

function lowerCaseKeys(header: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(header ?? {})) {
    if (value !== undefined && value !== null) result[name.toLowerCase()] = String(value);
  }
  return result;
}

export const taroAdapter: AxiosAdapter = (config) =>
  new Promise((resolve, reject) => {
    const headers = AxiosHeaders.from(config.headers).toJSON(true) as Record<string, string>;
    let settled = false;

    const task = Taro.request({
      url: axios.getUri(config),
      method: (config.method ?? 'get').toUpperCase() as TaroMethod,
      data: config.data as Taro.request.Option['data'],
      header: headers,
      timeout: config.timeout || undefined,
      dataType: 'json',
      success(res) {
        settled = true;
        const response: AxiosResponse = {
          data: res.data,
          status: res.statusCode,
          statusText: '',
          headers: AxiosHeaders.from(lowerCaseKeys(res.header)),
          config,
          request: task,
        };
        const valid = config.validateStatus ? config.validateStatus(res.statusCode) : true;
        if (valid) {
          resolve(response);
          return;
        }
        const code = res.statusCode >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST;
        reject(new AxiosError(`Request failed with status code ${res.statusCode}`, code, config, task, response));
      },
      fail(err: { errMsg?: string }) {
        if (settled) return;
        settled = true;
        const message = err?.errMsg ?? 'request:fail';
        const code = /timeout/i.test(message)
          ? AxiosError.ETIMEDOUT
          : /abort/i.test(message)
            ? AxiosError.ERR_CANCELED
            : AxiosError.ERR_NETWORK;
        reject(new AxiosError(message, code, config, task));
      },
    });

    // On H5 Taro.request also answers with a promise that rejects on failure; `fail` has handled it.
    (task as unknown as Promise<unknown> | undefined)?.catch?.(() => undefined);
    config.signal?.addEventListener?.('abort', () => task?.abort?.());
  });
