// The app's one HTTP stack: axios over Taro.request, pointed at this platform's API.
import axios, { type AxiosInstance } from 'axios';
import type { Transport } from '@hotline/api-client';
import { apiBaseUrl } from '@/platform';
import { taroAdapter } from './taroAdapter';

export function createHttp(baseURL: string = apiBaseUrl): AxiosInstance {
  return axios.create({
    baseURL,
    adapter: taroAdapter,
    timeout: 15_000,
    // The API client reads every status itself and maps error bodies.
    validateStatus: () => true,
  });
}

export function axiosTransport(instance: AxiosInstance): Transport {
  return {
    async request(config) {
      const response = await instance.request({
        method: config.method,
        url: config.url,
        data: config.data,
        params: config.params,
        headers: config.headers,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers ?? {})) {
        if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
      }
      return { status: response.status, data: response.data, headers };
    },
  };
}

export const http = createHttp();
