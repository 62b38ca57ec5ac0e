// The app's one HTTP stack: every request goes through Taro.request (weapp and H5 alike), pointed
// at this platform's API. It is the API client's transport: it resolves with every response,
// whatever its status, and rejects only when none arrived (network down, timeout, abort).
import Taro from '@tarojs/taro';
import type { Transport, TransportRequest, TransportResponse } from '@hotline/api-client';
import { apiBaseUrl } from '@/platform';

const TIMEOUT_MS = 15_000;

type TaroMethod = NonNullable<Taro.request.Option['method']>;

/** No response arrived; `code` says why, for logs and retries. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: 'NETWORK' | 'TIMEOUT' | 'ABORTED',
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

function urlOf(baseURL: string, { url, params }: TransportRequest): string {
  const query = Object.entries(params ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join('&');
  const full = /^https?:\/\//.test(url) ? url : `${baseURL}${url}`;
  return query ? `${full}${full.includes('?') ? '&' : '?'}${query}` : full;
}

function lowerCaseKeys(header: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(header ?? {})) {
    if (value !== undefined && value !== null) result[name.toLowerCase()] = String(value);
  }
  return result;
}

export function taroTransport(baseURL: string = apiBaseUrl, timeoutMs = TIMEOUT_MS): Transport {
  return {
    request<T>(config: TransportRequest): Promise<TransportResponse<T>> {
      return new Promise((resolve, reject) => {
        const header: Record<string, string> = { accept: 'application/json, text/plain, */*', ...config.headers };
        let data: string | undefined;
        if (config.data !== undefined) {
          data = typeof config.data === 'string' ? config.data : JSON.stringify(config.data);
          if (!Object.keys(header).some((name) => name.toLowerCase() === 'content-type'))
            header['Content-Type'] = 'application/json';
        }
        let settled = false;
        const task = Taro.request({
          url: urlOf(baseURL, config),
          method: config.method as TaroMethod,
          data,
          header,
          timeout: timeoutMs,
          dataType: 'json',
          success(res) {
            settled = true;
            resolve({ status: res.statusCode, data: res.data as T, headers: lowerCaseKeys(res.header) });
          },
          fail(err: { errMsg?: string }) {
            if (settled) return;
            settled = true;
            const message = err?.errMsg ?? 'request:fail';
            const code = /timeout/i.test(message) ? 'TIMEOUT' : /abort/i.test(message) ? 'ABORTED' : 'NETWORK';
            reject(new NetworkError(message, code));
          },
        });
        // On H5 Taro.request also answers with a promise that rejects on failure; `fail` has handled it.
        (task as unknown as Promise<unknown> | undefined)?.catch?.(() => undefined);
      });
    },
  };
}

export const http = taroTransport();
